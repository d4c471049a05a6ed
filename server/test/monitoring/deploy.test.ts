// deploy/: the Kubernetes manifests against the vendored API schemas and the rules a schema
// cannot express, the Dockerfile, .dockerignore and the Compose file. Each check is also shown
// to catch a broken input, so a green run means something.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COMPOSE_FILE,
  DOCKERFILE,
  DOCKERIGNORE,
  buildInputs,
  composeProblems,
  dockerfileProblems,
  dockerignoreMatcher,
  dockerignoreProblems,
  workspaces,
} from './containers.js';
import { deploymentProblems, loadManifests, schemaProblems, type Manifest } from './kubernetes.js';

const dockerfile = readFileSync(DOCKERFILE, 'utf8');
const copy = <T>(value: T): T => structuredClone(value);
const find = (manifests: Manifest[], kind: string) => manifests.find((manifest) => manifest.kind === kind)!;

describe('Kubernetes manifests', () => {
  const manifests = loadManifests();

  it('has every kind a deployment needs', () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'Kustomization',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
  });

  it('validates against the Kubernetes API schemas', () => {
    expect(schemaProblems(manifests)).toEqual([]);
  });

  it('reports a misspelt field, a wrong type and a missing required field', () => {
    const broken = copy(manifests);
    const container = find(broken, 'Deployment').spec.template.spec.containers[0];
    container.securityContext.readOnlyRootFileSystem = true;
    container.ports[0].containerPort = '8001';
    delete find(broken, 'Service').spec.ports[0].port;
    const problems = schemaProblems(broken).join('\n');
    expect(problems).toContain('must NOT have additional properties (readOnlyRootFileSystem)');
    expect(problems).toContain('/spec/template/spec/containers/0/ports/0/containerPort must be integer');
    expect(problems).toContain("/spec/ports/0 must have required property 'port'");
  });

  it('wires every config variable, probes, security context, resources, selectors and SSE settings', () => {
    expect(deploymentProblems(manifests, dockerfile)).toEqual([]);
  });

  it('reports a variable the server reads that no manifest sets, and other mismatches', () => {
    const broken = copy(manifests);
    delete find(broken, 'ConfigMap').data!.LOG_LEVEL;
    find(broken, 'ConfigMap').data!.LOG_LEVL = 'info';
    const pod = find(broken, 'Deployment').spec.template.spec;
    pod.containers[0].readinessProbe.httpGet.path = '/api/health';
    pod.containers[0].securityContext.allowPrivilegeEscalation = true;
    find(broken, 'Service').spec.selector = { app: 'other' };
    find(broken, 'Ingress').metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout'] = '60';
    find(broken, 'Job').spec.template.spec.containers[0].image = 'xionimus:0.0.9';
    expect(deploymentProblems(broken, dockerfile)).toEqual(
      expect.arrayContaining([
        'LOG_LEVEL (read by config.ts) is in neither the ConfigMap nor the Secret',
        'LOG_LEVL is set but config.ts does not read it',
        'the readiness probe must GET /api/health/ready',
        'Deployment xionimus: privilege escalation must be off',
        'the Service selector does not match the Deployment pods',
        'the Ingress proxy-read-timeout (60s) is shorter than CHAT_MAX_DURATION_SECONDS',
        'the migration Job runs another image than the Deployment',
      ]),
    );
  });
});

describe('container image and Compose', () => {
  it('follows the Dockerfile lint rules and what the image must do', () => {
    expect(dockerfileProblems(dockerfile, workspaces())).toEqual([]);
  });

  it('reports lint violations and a root runtime user', () => {
    const bad = [
      'FROM node AS build',
      'RUN cd /app && apt-get update && apt-get install curl',
      'FROM node:latest AS prod-deps',
      'RUN npm ci',
      'FROM node:24-slim',
      'ADD server /app/server',
      'USER root',
      'CMD node server.js',
    ].join('\n');
    const problems = dockerfileProblems(bad, ['server']).join('\n');
    for (const rule of ['DL3006', 'DL3007', 'DL3003', 'DL3015', 'DL3014', 'DL3009', 'DL3020', 'DL3025', 'DL3002'])
      expect(problems).toContain(rule);
    expect(problems).toContain('HEALTHCHECK must probe /api/health');
    expect(problems).toContain('npm ci --omit=dev --workspace server');
  });

  it('reports an image that would not run the stripped bundle as uid 1000 on Debian slim', () => {
    const broken = dockerfile
      .replace('FROM debian:bookworm-slim AS runtime', 'FROM node:24-bookworm-slim AS runtime')
      .replace(/ \\\n\s+&& strip --strip-all -o \/bundle\/node \/usr\/local\/bin\/node/, '')
      .replace('node deploy/bundle.mjs modules node_modules /runtime/node_modules', 'true')
      .replace('--from=prod-deps /runtime/node_modules', '--from=prod-deps /app/node_modules')
      .replace('--from=build /bundle/server/dist', '--from=build /app/server/dist')
      .replace('useradd --uid 1000', 'useradd --uid 1001')
      .replace('install -y --no-install-recommends tini', 'install -y --no-install-recommends dumb-init')
      .replace('"server/dist/src/cli/index.js", "start"', '"server/dist/main.js", "start"');
    expect(broken).not.toBe(dockerfile);
    expect(
      dockerfileProblems(broken, workspaces()).map((problem) => problem.replace(/^deploy\/Dockerfile: /, '')),
    ).toEqual(
      expect.arrayContaining([
        'the runtime stage must be a Debian slim image, not node:24-bookworm-slim',
        'the build stage must strip the Node binary (strip … -o <file> /usr/local/bin/node)',
        'the prod-deps stage must keep the external packages with node deploy/bundle.mjs modules node_modules <folder>',
        'the runtime stage must take node_modules from what prod-deps kept',
        'the runtime stage copies a full node_modules (dev or every production dependency)',
        'the runtime stage must run the stripped Node binary from the build stage',
        'the runtime stage must copy the bundle (server/dist)',
        'CMD must start the bundle: node server/dist/src/cli/index.js start',
        'the xionimus user and group must have uid and gid 1000',
        'the runtime stage must install tini',
      ]),
    );
  });

  it('keeps installed and built output and secrets out of the build context, and every build input in', () => {
    const inputs = buildInputs();
    expect(inputs).toEqual(
      expect.arrayContaining(['package-lock.json', 'server/package.json', 'server/src/main.ts', 'deploy/bundle.mjs']),
    );
    expect(dockerignoreProblems(readFileSync(DOCKERIGNORE, 'utf8'), inputs)).toEqual([]);
    const matches = dockerignoreMatcher('**/dist\n*.log\ndocs\n!docs/keep.md');
    expect(['web/dist/index.html', 'server/dist', 'x.log', 'docs/a.md'].every(matches)).toBe(true);
    expect(['docs/keep.md', 'server/src/dist.ts', 'server/x.log'].some(matches)).toBe(false);
    expect(dockerignoreProblems('server\n', inputs)).toContain(
      '.dockerignore excludes server/src/main.ts, which the build needs',
    );
  });

  it('starts the app only after healthy PostgreSQL and Redis, with volumes and secrets from an env file', () => {
    const compose = readFileSync(COMPOSE_FILE, 'utf8');
    expect(composeProblems(compose, dockerfile)).toEqual([]);
    const broken = compose
      .replace('condition: service_healthy', 'condition: service_started')
      .replace('env_file: .env', '');
    expect(composeProblems(broken, dockerfile)).toEqual(
      expect.arrayContaining([
        'deploy/docker-compose.yml: app must wait until postgres is healthy',
        'deploy/docker-compose.yml: app must read its secrets from an env file (deploy/.env)',
      ]),
    );
  });
});
