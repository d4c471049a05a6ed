// Checks of deploy/Dockerfile, .dockerignore and deploy/docker-compose.yml without a Docker engine.
// hadolint (a Haskell binary) is not packaged by Debian and cannot be downloaded on the build
// machines, so the Dockerfile check is ours: the hadolint rules that apply to this file (named by
// their DL numbers), plus what this image must do.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { IMAGE_UID } from './kubernetes.js';
import { REPO_ROOT } from './monitoring-config.js';
import { repositoryFiles } from './repository.js';

export const DOCKERFILE = join(REPO_ROOT, 'deploy/Dockerfile');
export const COMPOSE_FILE = join(REPO_ROOT, 'deploy/docker-compose.yml');
export const DOCKERIGNORE = join(REPO_ROOT, '.dockerignore');

/** The npm workspaces of the root package.json. */
export const workspaces = () =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces?: string[] }).workspaces ?? [];

/** What `docker build` needs from the context: the workspaces' files (tests aside), the bundle and prune scripts. */
export const buildInputs = () =>
  repositoryFiles().filter(
    (file) =>
      ['package.json', 'package-lock.json', 'deploy/bundle.mjs', 'deploy/prune-node-modules.sh'].includes(file) ||
      workspaces().some((workspace) => file.startsWith(`${workspace}/`) && !file.startsWith(`${workspace}/test/`)),
  );

export interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

/** Instructions with their continuation lines joined; comments and parser directives dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (pending && line.trimStart().startsWith('#')) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1) : line;
    if (pending) pending.args += ` ${body.trim()}`;
    else {
      const match = /^\s*(\w+)\s*(.*)$/.exec(body);
      pending = { line: index + 1, keyword: match![1]!.toUpperCase(), args: match![2]!.trim() };
    }
    if (!continued) {
      instructions.push(pending);
      pending = undefined;
    }
  });
  return instructions;
}

const isExecForm = (args: string) => {
  try {
    return Array.isArray(JSON.parse(args));
  } catch {
    return false;
  }
};

export function dockerfileProblems(text: string, workspaces: string[]): string[] {
  const problems: string[] = [];
  const instructions = parseDockerfile(text);
  const at = (instruction: Instruction, rule: string, message: string) =>
    problems.push(`deploy/Dockerfile:${instruction.line} ${rule} ${message}`);

  const args = new Map<string, string>();
  const stages: Array<{ name?: string; image: string; instructions: Instruction[] }> = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = instruction.args.split('=');
      if (value !== undefined) args.set(name!, value);
    }
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => args.get(arg) ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, image: resolved, instructions: [] });
      const stageNames = stages.map((stage) => stage.name);
      if (!stageNames.slice(0, -1).includes(resolved)) {
        if (!/:[\w.-]+$/.test(resolved)) at(instruction, 'DL3006', `always tag the image (${resolved})`);
        if (/:latest$/.test(resolved)) at(instruction, 'DL3007', `do not use the latest tag (${resolved})`);
      }
    }
    stages.at(-1)?.instructions.push(instruction);

    if (instruction.keyword === 'MAINTAINER') at(instruction, 'DL4000', 'MAINTAINER is deprecated');
    if (instruction.keyword === 'ADD' && !/^https?:|\.tar/.test(instruction.args))
      at(instruction, 'DL3020', 'use COPY instead of ADD for files and folders');
    if (['CMD', 'ENTRYPOINT'].includes(instruction.keyword) && !isExecForm(instruction.args))
      at(instruction, 'DL3025', `${instruction.keyword} must use the JSON (exec) form`);
    if (instruction.keyword === 'RUN') {
      const run = instruction.args;
      if (/(^|&&|;)\s*cd\s/.test(run)) at(instruction, 'DL3003', 'use WORKDIR to switch to a directory');
      if (/\bsudo\b/.test(run)) at(instruction, 'DL3004', 'do not use sudo');
      if (/apt-get install/.test(run)) {
        if (!/--no-install-recommends/.test(run))
          at(instruction, 'DL3015', 'apt-get install needs --no-install-recommends');
        if (!/\s-y\b|--yes|--assume-yes/.test(run)) at(instruction, 'DL3014', 'apt-get install needs -y');
        if (!/rm -rf \/var\/lib\/apt\/lists/.test(run))
          at(instruction, 'DL3009', 'delete the apt lists in the same RUN');
      }
      if (/apt-get upgrade|dist-upgrade/.test(run)) at(instruction, 'DL3005', 'do not upgrade the base image in a RUN');
      if (
        /\|/.test(run.replace(/\|\|/g, '')) &&
        !instructions.some((other) => other.keyword === 'SHELL' && /pipefail/.test(other.args))
      )
        at(instruction, 'DL4006', 'set SHELL with -o pipefail before a RUN with a pipe');
    }
  }

  const runtime = stages.at(-1);
  if (stages.length < 3 || !runtime)
    return [...problems, 'deploy/Dockerfile needs build, prod-deps and runtime stages'];
  const named = (name: string) => stages.find((stage) => stage.name === name);
  const find = (stage: typeof runtime, keyword: string) =>
    stage.instructions.filter((entry) => entry.keyword === keyword);
  const need = (ok: unknown, message: string) => {
    if (!ok) problems.push(`deploy/Dockerfile: ${message}`);
  };

  // The image's size budget (docs/operations.md): Debian slim, not node:*-slim, whose npm,
  // corepack, yarn and unstripped binary weigh about 60 MB more.
  need(
    /^debian:[\w.-]+-slim$/.test(runtime.image),
    `the runtime stage must be a Debian slim image, not ${runtime.image}`,
  );
  const build = stages[0]!;
  need(/^node:24\b/.test(build.image), 'the build stage must use Node 24');
  const buildRuns = find(build, 'RUN')
    .map((run) => run.args)
    .join(' && ');
  const bundleOutput = /node deploy\/bundle\.mjs code (\S+)/.exec(buildRuns)?.[1];
  need(bundleOutput, 'the build stage must bundle the server with node deploy/bundle.mjs code');
  const strippedNode = /strip\b[^&]*-o (\S+) \/usr\/local\/bin\/node\b/.exec(buildRuns)?.[1];
  need(strippedNode, 'the build stage must strip the Node binary (strip … -o <file> /usr/local/bin/node)');
  const prodDeps = named('prod-deps');
  const prodRuns = prodDeps ? find(prodDeps, 'RUN').map((run) => run.args) : [];
  const prodInstall = prodRuns.find((run) => /npm ci/.test(run));
  need(
    prodInstall && /--omit=dev/.test(prodInstall) && /--workspace server/.test(prodInstall),
    'the prod-deps stage must install with npm ci --omit=dev --workspace server',
  );
  const externals = /node deploy\/bundle\.mjs modules (\S+) (\S+)/.exec(prodRuns.join(' && '));
  need(
    externals && externals[1] === 'node_modules',
    'the prod-deps stage must keep the external packages with node deploy/bundle.mjs modules node_modules <folder>',
  );
  need(
    externals && prodRuns.some((run) => run.includes(`prune-node-modules.sh ${externals[2]}`)),
    'the prod-deps stage must prune the folder bundle.mjs modules fills',
  );
  // npm ci needs the manifest of every workspace the lockfile names.
  for (const workspace of workspaces) {
    need(
      prodDeps && find(prodDeps, 'COPY').some((copy) => copy.args.includes(`/app/${workspace}/package.json`)),
      `the prod-deps stage must copy ${workspace}/package.json (a workspace in package.json)`,
    );
  }
  const runtimeCopies = find(runtime, 'COPY').map((copy) => copy.args);
  need(
    externals && runtimeCopies.some((copy) => copy.startsWith(`--from=prod-deps ${externals[2]} `)),
    'the runtime stage must take node_modules from what prod-deps kept',
  );
  need(
    !runtimeCopies.some((copy) => /--from=(build|prod-deps)\s+\/app\/\S*node_modules/.test(copy)),
    'the runtime stage copies a full node_modules (dev or every production dependency)',
  );
  need(
    strippedNode && runtimeCopies.includes(`--from=build ${strippedNode} /usr/local/bin/node`),
    'the runtime stage must run the stripped Node binary from the build stage',
  );
  need(
    bundleOutput && runtimeCopies.includes(`--from=build ${bundleOutput}/server/dist ./server/dist`),
    'the runtime stage must copy the bundle (server/dist)',
  );
  need(
    runtimeCopies.includes('--from=build /app/web/dist ./web/dist'),
    'the runtime stage must copy the web app (web/dist)',
  );
  const cmd = find(runtime, 'CMD')[0]?.args ?? '';
  need(
    isExecForm(cmd) && (JSON.parse(cmd) as string[]).join(' ') === 'node server/dist/src/cli/index.js start',
    'CMD must start the bundle: node server/dist/src/cli/index.js start',
  );
  for (const copy of stages.flatMap((stage) => find(stage, 'COPY'))) {
    const from = /--from=(\S+)/.exec(copy.args)?.[1];
    if (from) need(named(from), `COPY --from=${from} names no stage`);
    else {
      const sources = copy.args
        .split(/\s+/)
        .filter((part) => !part.startsWith('--'))
        .slice(0, -1);
      for (const source of sources)
        need(source === '.' || existsSync(join(REPO_ROOT, source)), `COPY source ${source} does not exist`);
    }
  }
  const users = find(runtime, 'USER');
  need(users.length > 0 && !/^(root|0)(:|$)/.test(users.at(-1)!.args), 'DL3002 the last USER must not be root');
  need(users.at(-1)?.args.split(':')[0] === 'xionimus', 'the runtime user must be xionimus');
  const runtimeRuns = find(runtime, 'RUN')
    .map((run) => run.args)
    .join(' && ');
  const groupId = /groupadd --gid (\d+) xionimus(?: &&|$)/.exec(runtimeRuns)?.[1];
  const userId = /useradd --uid (\d+) --gid xionimus [^&]*xionimus(?: &&|$)/.exec(runtimeRuns)?.[1];
  need(
    Number(groupId) === IMAGE_UID && Number(userId) === IMAGE_UID,
    `the xionimus user and group must have uid and gid ${IMAGE_UID}`,
  );
  need(/apt-get install [^&]*\btini\b/.test(runtimeRuns), 'the runtime stage must install tini');
  const healthcheck = find(runtime, 'HEALTHCHECK')[0];
  need(healthcheck && /\/api\/health\b/.test(healthcheck.args), 'HEALTHCHECK must probe /api/health');
  need(
    /tini/.test(find(runtime, 'ENTRYPOINT')[0]?.args ?? ''),
    'ENTRYPOINT must run tini (signal forwarding, reaping)',
  );
  need(
    /\bHOST=0\.0\.0\.0\b/.test(
      find(runtime, 'ENV')
        .map((env) => env.args)
        .join(' '),
    ),
    'the image must set HOST=0.0.0.0',
  );
  need(
    /\bNODE_ENV=production\b/.test(
      find(runtime, 'ENV')
        .map((env) => env.args)
        .join(' '),
    ),
    'the image must set NODE_ENV=production',
  );
  const port = /\bPORT=(\d+)/.exec(
    find(runtime, 'ENV')
      .map((env) => env.args)
      .join(' '),
  )?.[1];
  need(port && find(runtime, 'EXPOSE')[0]?.args === port, 'EXPOSE must be the PORT the image sets');
  return problems;
}

/** Docker's .dockerignore matching: globs on slash paths, `!` re-includes, the last match wins. */
export function dockerignoreMatcher(text: string) {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      // eslint-disable-next-line security/detect-non-literal-regexp -- built from the repository's own .dockerignore
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  return (path: string) => {
    const parts = path.split('/');
    // A path is excluded when it or one of its folders matches.
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((prefix) => rule.regex.test(prefix))) excluded = !rule.negated;
    return excluded;
  };
}

export function dockerignoreProblems(text: string, buildInputs: string[]): string[] {
  const excluded = dockerignoreMatcher(text);
  const problems: string[] = [];
  for (const path of [
    'node_modules',
    'server/node_modules',
    '.git',
    'server/dist',
    'web/dist',
    '.env',
    'deploy/.env',
    'data',
  ])
    if (!excluded(path)) problems.push(`.dockerignore must exclude ${path}`);
  for (const path of buildInputs)
    if (excluded(path)) problems.push(`.dockerignore excludes ${path}, which the build needs`);
  return problems;
}

export function composeProblems(text: string, dockerfile: string): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, message: string) => {
    if (!ok) problems.push(`deploy/docker-compose.yml: ${message}`);
  };
  const compose = parse(text) as { services?: Record<string, any>; volumes?: Record<string, unknown> };
  const services = compose.services ?? {};
  const app = services.app;
  need(app && services.postgres && services.redis, 'needs the services app, postgres and redis');
  if (!app) return problems;
  need(
    app.build?.dockerfile === 'deploy/Dockerfile' && app.build?.context === '..',
    'app must build deploy/Dockerfile from the repository root',
  );
  need(
    [app.env_file].flat().some((file: unknown) => file === '.env' || (file as { path?: string })?.path === '.env'),
    'app must read its secrets from an env file (deploy/.env)',
  );
  need(!('SECRET_KEY' in (app.environment ?? {})), 'SECRET_KEY must come from the env file, not the compose file');
  need(
    /^postgres:\/\/[^@]+@postgres:5432\//.test(app.environment?.DATABASE_URL ?? ''),
    'app must use the postgres service',
  );
  need(app.environment?.REDIS_URL === 'redis://redis:6379', 'app must use the redis service');
  need(app.environment?.HOST === '0.0.0.0', 'app must listen on 0.0.0.0 in its container');
  for (const dependency of ['postgres', 'redis']) {
    need(app.depends_on?.[dependency]?.condition === 'service_healthy', `app must wait until ${dependency} is healthy`);
    need(services[dependency]?.healthcheck?.test, `${dependency} needs a healthcheck`);
    need(
      /:[\w.-]+$/.test(services[dependency]?.image ?? '') && !/:latest$/.test(services[dependency].image),
      `${dependency} needs a pinned image tag`,
    );
  }
  const exposed = /^EXPOSE (\d+)/m.exec(dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')))?.[1];
  need(
    (app.ports ?? []).some((port: string) => String(port).endsWith(`:${exposed}`)),
    `app must publish the image's port ${exposed}`,
  );
  for (const [name, service] of Object.entries(services)) {
    for (const volume of (service as { volumes?: string[] }).volumes ?? []) {
      const source = String(volume).split(':')[0]!;
      if (!source.startsWith('.') && !source.startsWith('/'))
        need(compose.volumes && source in compose.volumes, `${name} uses the volume ${source}, which is not declared`);
    }
  }
  need(
    app.volumes?.some((volume: string) => volume.endsWith(':/data')),
    'app must keep /data on a volume',
  );
  return problems;
}
