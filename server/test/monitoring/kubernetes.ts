// Checks of deploy/kubernetes without a cluster: every manifest against the vendored Kubernetes
// API schemas (deploy/kubernetes/schemas, generated from Debian's python3-kubernetes models),
// then what a schema cannot say: probes, security context, resources, that every variable the
// server reads is wired from the ConfigMap or the Secret, and that names, images, ports, labels
// and selectors agree across the manifests and with the Dockerfile.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ENV_VARIABLES } from '../../src/config.js';
import { REPO_ROOT } from './monitoring-config.js';

export const KUBERNETES_DIR = join(REPO_ROOT, 'deploy/kubernetes');
const SCHEMA_FILE = join(KUBERNETES_DIR, 'schemas/kubernetes-api.schema.json');
const NOT_APPLIED = ['secret.example.yaml', 'migrate-job.yaml'];
/** The uid and gid of the image's user, xionimus (created with them in deploy/Dockerfile). */
export const IMAGE_UID = 1000;

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: any;
}

export function loadManifests(dir = KUBERNETES_DIR): Manifest[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
        return { ...(document.toJS() as Manifest), file };
      }),
    );
}

/** Schema errors of each manifest, as `file kind/name: path message`. */
export function schemaProblems(manifests: Manifest[]): string[] {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
    kinds: Record<string, string>;
    definitions: Record<string, unknown>;
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ $id: 'k8s', definitions: schema.definitions });
  const problems: string[] = [];
  for (const manifest of manifests) {
    if (manifest.kind === 'Kustomization') continue;
    const where = `${manifest.file} ${manifest.kind}/${manifest.metadata?.name}`;
    const ref = schema.kinds[`${manifest.apiVersion}/${manifest.kind}`];
    if (!ref) {
      problems.push(`${where}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      continue;
    }
    const validate = ajv.getSchema(`k8s${ref}`)!;
    const { file: _file, ...document } = manifest;
    if (!validate(document)) {
      for (const error of validate.errors ?? []) {
        const extra = (error.params as { additionalProperty?: string }).additionalProperty;
        problems.push(`${where}: ${error.instancePath || '/'} ${error.message}${extra ? ` (${extra})` : ''}`);
      }
    }
  }
  return problems;
}

const subset = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Boolean(selector) &&
  Object.keys(selector!).length > 0 &&
  Object.entries(selector!).every(([key, value]) => labels?.[key] === value);

function one(manifests: Manifest[], kind: string, file?: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && (!file || manifest.file === file));
  if (found.length !== 1) throw new Error(`expected one ${kind}${file ? ` in ${file}` : ''}, found ${found.length}`);
  return found[0]!;
}

/** What the Dockerfile says about the runtime image. */
export function dockerfileFacts(text: string) {
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  return {
    exposedPort: Number(/^EXPOSE (\d+)/m.exec(runtime)?.[1]),
    user: /^USER (\S+)/m.exec(runtime)?.[1],
    workdir: /^WORKDIR (\S+)/m.exec(runtime)?.[1],
  };
}

/** Everything a schema cannot check; problems as sentences. */
export function deploymentProblems(manifests: Manifest[], dockerfile: string): string[] {
  const problems: string[] = [];
  const expect = (ok: unknown, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const configMap = one(manifests, 'ConfigMap');
  const secret = one(manifests, 'Secret');
  const deployment = one(manifests, 'Deployment');
  const job = one(manifests, 'Job');
  const service = one(manifests, 'Service');
  const ingress = one(manifests, 'Ingress');
  const hpa = one(manifests, 'HorizontalPodAutoscaler');
  const pdb = one(manifests, 'PodDisruptionBudget');
  const config = configMap.data ?? {};
  const secretKeys = Object.keys(secret.stringData ?? secret.data ?? {});
  const docker = dockerfileFacts(dockerfile);

  // Every variable the server reads is set from the ConfigMap or the Secret, and nothing else is.
  for (const name of ENV_VARIABLES) {
    expect(
      name in config || secretKeys.includes(name),
      `${name} (read by config.ts) is in neither the ConfigMap nor the Secret`,
    );
    expect(!(name in config && secretKeys.includes(name)), `${name} is in both the ConfigMap and the Secret`);
  }
  for (const name of [...Object.keys(config), ...secretKeys]) {
    expect(ENV_VARIABLES.includes(name), `${name} is set but config.ts does not read it`);
  }
  for (const name of ['SECRET_KEY', 'DATABASE_URL', 'REDIS_URL', 'METRICS_TOKEN', 'SENTRY_DSN']) {
    expect(secretKeys.includes(name), `${name} belongs in the Secret`);
  }
  for (const name of ENV_VARIABLES.filter((variable) => variable.endsWith('_API_KEY'))) {
    expect(secretKeys.includes(name), `${name} belongs in the Secret`);
  }
  expect(config.HOST === '0.0.0.0', 'HOST must be 0.0.0.0 in a pod');
  expect(config.NODE_ENV === 'production', 'NODE_ENV must be production');

  const port = Number(config.PORT);
  expect(port === docker.exposedPort, `PORT ${config.PORT} differs from the Dockerfile's EXPOSE ${docker.exposedPort}`);

  for (const workload of [deployment, job]) {
    const pod = workload.spec.template.spec;
    const where = `${workload.kind} ${workload.metadata.name}`;
    const container = pod.containers[0];
    const envFrom = (container.envFrom ?? []) as Array<{
      configMapRef?: { name: string };
      secretRef?: { name: string };
    }>;
    expect(
      envFrom.some((source) => source.configMapRef?.name === configMap.metadata.name),
      `${where} does not load the ConfigMap ${configMap.metadata.name}`,
    );
    expect(
      envFrom.some((source) => source.secretRef?.name === secret.metadata.name),
      `${where} does not load the Secret ${secret.metadata.name}`,
    );
    expect(pod.automountServiceAccountToken === false, `${where} mounts a service account token it does not need`);
    expect(pod.securityContext?.runAsNonRoot === true, `${where}: the pod must run as non-root`);
    expect(pod.securityContext?.runAsUser === IMAGE_UID, `${where}: runAsUser must be the image's uid ${IMAGE_UID}`);
    const security = container.securityContext ?? {};
    expect(security.readOnlyRootFilesystem === true, `${where}: the root filesystem must be read-only`);
    expect(security.allowPrivilegeEscalation === false, `${where}: privilege escalation must be off`);
    expect(security.runAsNonRoot === true, `${where}: the container must run as non-root`);
    expect(security.capabilities?.drop?.includes('ALL'), `${where}: must drop ALL capabilities`);
    expect(
      container.resources?.requests?.cpu && container.resources?.requests?.memory,
      `${where}: needs CPU and memory requests`,
    );
    expect(container.resources?.limits?.memory, `${where}: needs a memory limit`);
    const mounts = new Map<string, string>(
      (container.volumeMounts ?? []).map((mount: { mountPath: string; name: string }) => [mount.mountPath, mount.name]),
    );
    const emptyDirs = new Set(
      (pod.volumes ?? [])
        .filter((volume: { emptyDir?: unknown }) => volume.emptyDir)
        .map((volume: { name: string }) => volume.name),
    );
    for (const path of ['/tmp', config.DATA_DIR ?? '']) {
      expect(emptyDirs.has(mounts.get(path)), `${where}: ${path} must be a writable emptyDir`);
    }
  }
  expect(
    job.spec.template.spec.containers[0].image === deployment.spec.template.spec.containers[0].image,
    'the migration Job runs another image than the Deployment',
  );
  expect(
    JSON.stringify(job.spec.template.spec.containers[0].command) ===
      JSON.stringify(['node', 'server/dist/src/cli/index.js', 'migrate', 'up']),
    'the migration Job must run `node server/dist/src/cli/index.js migrate up`',
  );
  expect(
    config.MIGRATE_ON_START === 'false',
    'with a migration Job, pods must not migrate at start (MIGRATE_ON_START=false)',
  );
  expect(
    ['Never', 'OnFailure'].includes(job.spec.template.spec.restartPolicy),
    'the Job needs restartPolicy Never or OnFailure',
  );

  // Probes: liveness on /api/health, readiness on /api/health/ready, on the container's port.
  const container = deployment.spec.template.spec.containers[0];
  const portNames = new Map<string, number>(
    (container.ports ?? []).map((entry: { name: string; containerPort: number }) => [entry.name, entry.containerPort]),
  );
  expect([...portNames.values()].includes(port), `the container does not declare port ${port}`);
  const probePort = (probe: { httpGet?: { port: string | number } } | undefined) => {
    const value = probe?.httpGet?.port;
    return typeof value === 'string' ? portNames.get(value) : value;
  };
  expect(container.livenessProbe?.httpGet?.path === '/api/health', 'the liveness probe must GET /api/health');
  expect(
    container.readinessProbe?.httpGet?.path === '/api/health/ready',
    'the readiness probe must GET /api/health/ready',
  );
  for (const [name, probe] of Object.entries({
    liveness: container.livenessProbe,
    readiness: container.readinessProbe,
    startup: container.startupProbe,
  })) {
    if (probe) expect(probePort(probe) === port, `the ${name} probe does not target port ${port}`);
  }

  // Labels and selectors.
  const podLabels = deployment.spec.template.metadata.labels;
  expect(subset(deployment.spec.selector.matchLabels, podLabels), 'the Deployment selector does not match its pods');
  expect(subset(service.spec.selector, podLabels), 'the Service selector does not match the Deployment pods');
  expect(subset(pdb.spec.selector.matchLabels, podLabels), 'the PodDisruptionBudget selector does not match the pods');
  expect(
    !subset(service.spec.selector, job.spec.template.metadata.labels),
    'the Service would send traffic to the migration Job',
  );
  expect(
    hpa.spec.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === deployment.metadata.name,
    'the HorizontalPodAutoscaler does not scale the Deployment',
  );
  expect(hpa.spec.minReplicas >= 2, 'keep at least 2 replicas so a disruption leaves one serving');
  const servicePort = service.spec.ports[0];
  expect(
    portNames.get(servicePort.targetPort) === port || servicePort.targetPort === port,
    'the Service does not target the container port',
  );

  // Ingress: the Service, and Server-Sent Events neither buffered nor cut.
  const backends = (ingress.spec.rules ?? []).flatMap((rule: any) =>
    (rule.http?.paths ?? []).map((path: any) => path.backend.service),
  );
  expect(backends.length > 0, 'the Ingress has no backend');
  for (const backend of backends) {
    expect(backend.name === service.metadata.name, `the Ingress routes to ${backend.name}, not the Service`);
    expect(
      backend.port.name === servicePort.name || backend.port.number === servicePort.port,
      'the Ingress port is not the Service port',
    );
  }
  const annotations = ingress.metadata.annotations ?? {};
  expect(
    annotations['nginx.ingress.kubernetes.io/proxy-buffering'] === 'off',
    'the Ingress must not buffer responses (SSE)',
  );
  const maxDuration = Number(config.CHAT_MAX_DURATION_SECONDS || 600);
  for (const name of ['proxy-read-timeout', 'proxy-send-timeout']) {
    const seconds = Number(annotations[`nginx.ingress.kubernetes.io/${name}`]);
    expect(seconds >= maxDuration, `the Ingress ${name} (${seconds}s) is shorter than CHAT_MAX_DURATION_SECONDS`);
  }

  // kustomization.yaml applies every manifest except the documented exceptions.
  const kustomization = one(manifests, 'Kustomization');
  const applied = new Set<string>(kustomization.resources ?? []);
  const files = new Set(
    manifests.filter((manifest) => manifest.kind !== 'Kustomization').map((manifest) => manifest.file),
  );
  for (const file of files) {
    expect(
      applied.has(file) !== NOT_APPLIED.includes(file),
      `kustomization.yaml ${applied.has(file) ? 'applies' : 'omits'} ${file}`,
    );
  }
  return problems;
}
