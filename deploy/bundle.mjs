// Builds what the container image runs, in two steps (deploy/Dockerfile and .ci/check-runtime use both):
//
//   node deploy/bundle.mjs code <app folder>
//     The server bundled by esbuild into <app>/server/dist/src/cli: index.js (the CLI: `start`,
//     `migrate`, `review`, …, at the path it has in a checkout, which the Kubernetes Job and the docs
//     use), worker.js (the review pool's worker thread: pool.ts loads ./worker.js beside itself, so
//     every output file stays in this one folder) and the chunks they share. <app>/server/dist/
//     package.json marks them as ES modules and holds the version config.ts reports.
//
//   node deploy/bundle.mjs modules <node_modules of a production install> <target node_modules>
//     Copies only what the bundle leaves external, with everything those packages depend on, from
//     a `npm ci --omit=dev` tree, keeping each package at its place so Node resolves it the same way.
//
// The bundle replaces the production node_modules (264 MB installed, 136 MB pruned) with 9 MB of
// code; what cannot be bundled stays a package: see EXTERNAL.
/* global console, process */
/* eslint-disable security/detect-non-literal-fs-filename -- a build script: every path comes from its arguments */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages installed beside the bundle instead of inside it, and why. */
const EXTERNAL = {
  'better-sqlite3': 'a native addon, found by its package folder',
  '@node-rs/argon2': 'a native addon in a platform package chosen at run time',
  typescript: "the review's type check reads lib.*.d.ts next to typescript.js",
  piscina: 'starts its own worker.js by file, next to its code',
  '@fastify/swagger-ui': 'serves its static folder (the /docs page) from beside its code',
};

/** Dependencies that run only when a package is installed (its install script), never at run time. */
const INSTALL_TIME = new Set([
  // better-sqlite3's install script fetches or builds the addon; at run time it loads it with bindings.
  'better-sqlite3>prebuild-install',
]);

/** Imported only on paths the server never takes, and not installed: left unresolved. */
const NEVER_LOADED = [
  // ESLint loads TypeScript config files through jiti; the review passes its configuration inline.
  'jiti',
  'jiti/package.json',
];

// CommonJS code inside an ES module bundle still calls require() and reads __dirname.
const BANNER = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { dirname as __bundleDirname } from 'node:path';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  'const __dirname = __bundleDirname(__filename);',
].join('\n');

async function bundleCode(app) {
  const { build } = await import('esbuild');
  const dist = join(app, 'server', 'dist');
  const outdir = join(dist, 'src', 'cli');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      index: 'server/src/cli/index.ts',
      worker: 'server/src/modules/review/static/worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The oldest Node the server supports (package.json engines); the image runs Node 24.
    target: 'node20',
    minify: true,
    // Stack traces keep the functions' and classes' names (pino's `err.type`, Sentry's frames).
    keepNames: true,
    // Licences go to one file (THIRD-PARTY-NOTICES.txt) instead of comments spread over the chunks.
    legalComments: 'none',
    external: [...Object.keys(EXTERNAL), ...NEVER_LOADED],
    banner: { js: BANNER },
    logLevel: 'warning',
    metafile: true,
  });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'server/package.json'), 'utf8'));
  // config.ts reads the version from ../../package.json of the file it is bundled into.
  writeFileSync(
    join(dist, 'package.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.txt'), notices(Object.keys(result.metafile.inputs)));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(
    `bundled ${Object.keys(result.metafile.inputs).length} modules into ${outdir}: ${(bytes / 1e6).toFixed(1)} MB`,
  );
}

/** The licence texts of the bundled packages: their licences require the notice to travel with the code. */
function notices(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const [scope = '', name = ''] = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(resolve(ROOT, input.slice(0, at), 'node_modules', scope.startsWith('@') ? `${scope}/${name}` : scope));
  }
  return [...packages]
    .sort()
    .map((folder) => {
      const manifest = readManifest(folder);
      const files = readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isFile() && /^(licen[cs]e|copying|notice)/i.test(entry.name))
        .map((entry) => entry.name);
      const texts = files.map((name) => readFileSync(join(folder, name), 'utf8').trim());
      return [`${manifest.name}@${manifest.version} (${manifest.license ?? 'see below'})`, ...texts].join('\n\n');
    })
    .join(`\n\n${'-'.repeat(72)}\n\n`);
}

const readManifest = (folder) => JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));

/** Node's lookup: <from>/node_modules/<name>, then each parent's, up to the tree's own node_modules. */
function locate(name, from, modules) {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = folder === modules ? join(modules, name) : join(folder, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (folder === modules || relative(modules, folder).startsWith('..')) return undefined;
  }
}

function copyModules(source, target) {
  const modules = resolve(source);
  const found = new Map();
  const queue = Object.keys(EXTERNAL).map((name) => ({ name, from: modules, optional: false, by: 'the bundle' }));
  while (queue.length > 0) {
    const { name, from, optional, by } = queue.shift();
    const folder = locate(name, from, modules);
    if (!folder) {
      // npm leaves out optional dependencies for other platforms (argon2's musl or arm64 builds).
      if (optional) continue;
      throw new Error(`${name} (needed by ${by}) is not installed in ${modules}`);
    }
    if (found.has(folder)) continue;
    const manifest = readManifest(folder);
    found.set(folder, manifest);
    const optionalNames = new Set(Object.keys(manifest.optionalDependencies ?? {}));
    for (const dependency of new Set([...Object.keys(manifest.dependencies ?? {}), ...optionalNames]))
      if (!INSTALL_TIME.has(`${manifest.name}>${dependency}`))
        queue.push({ name: dependency, from: folder, optional: optionalNames.has(dependency), by: manifest.name });
  }
  for (const folder of found.keys()) {
    const destination = join(resolve(target), relative(modules, folder));
    mkdirSync(dirname(destination), { recursive: true });
    // A package's own node_modules holds other packages: those are copied only when needed.
    cpSync(folder, destination, {
      recursive: true,
      filter: (path) => relative(folder, path).split('/')[0] !== 'node_modules',
    });
  }
  const names = [...found.values()].map((manifest) => `${manifest.name}@${manifest.version}`).sort();
  console.log(`copied ${names.length} packages into ${target}: ${names.join(' ')}`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'code' && args.length === 1) await bundleCode(resolve(args[0]));
else if (command === 'modules' && args.length === 2) copyModules(args[0], args[1]);
else {
  console.error('usage: node deploy/bundle.mjs code <app folder> | modules <node_modules> <target node_modules>');
  process.exit(2);
}
