// Repository checks run by CI: a secret scan of every file git knows (the logger's secret shapes,
// plus private keys), and the licenses of the production dependency tree that goes into the image.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_SHAPES } from '../../src/platform/logger.js';
import { REPO_ROOT } from './monitoring-config.js';

// --- Secret scan -------------------------------------------------------------------------------

// The logger's shapes of keys and tokens; its `Bearer <word>` shape also matches prose ("a Bearer
// access token"), so a bearer value counts here only when it is long and mixes letters and digits.
const SCAN_SHAPES: RegExp[] = [
  ...SECRET_SHAPES.filter((shape) => !shape.source.includes('Bearer')),
  /\bBearer\s+(?=[\w.~+/=-]*\d)(?=[\w.~+/=-]*[A-Za-z])[\w.~+/=-]{20,}/g,
  /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g,
];

/** The length of a real key's body: fakes in tests are shorter (`sk-test-0123456789`). */
const REAL_KEY =
  /\b(?:sk-ant-api\d\d-[\w-]{80,}|sk-proj-[\w-]{80,}|sk-[A-Za-z0-9]{40,}|gh[pousr]_[A-Za-z0-9]{36,}|AKIA[0-9A-Z]{16})\b/g;

/**
 * Files that must hold key-shaped strings, and why. Even there, a key of a real key's length is
 * reported (REAL_KEY); and a private key block is reported everywhere.
 */
export const SECRET_SCAN_ALLOWLIST: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /^server\/(test\/.*|src\/.*\.test)\.ts$/,
    reason: 'tests plant fake keys, tokens and JWTs to prove they are masked, refused or never forwarded',
  },
  {
    pattern: /^server\/test\/fixtures\//,
    reason: 'recorded provider responses, replayed by the fake provider servers',
  },
  { pattern: /^(e2e\/|web\/.*\.test\.tsx?$)/, reason: 'browser and web tests sign in with fake tokens' },
  { pattern: /^bench\//, reason: 'load tests run against fake providers with fake keys' },
  {
    pattern: /^(README\.md|docs\/.*\.md|\.env\.example|deploy\/env\.example)$/,
    reason: 'documentation shows the shape of keys and Authorization headers (placeholders, no real values)',
  },
];

export interface SecretFinding {
  file: string;
  line: number;
  match: string;
}

export function scanText(file: string, text: string): SecretFinding[] {
  const allowed = SECRET_SCAN_ALLOWLIST.some((entry) => entry.pattern.test(file));
  const shapes = allowed ? [REAL_KEY, SCAN_SHAPES.at(-1)!] : [...SCAN_SHAPES, REAL_KEY];
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const shape of shapes) {
      // matchAll works on a copy of the (global) pattern, so the shared patterns keep no state.
      for (const match of lineText.matchAll(shape)) {
        // Show where, never the secret itself.
        findings.push({ file, line: index + 1, match: `${match[0].slice(0, 6)}… (${match[0].length} characters)` });
      }
    }
  });
  return findings;
}

/** Files git tracks, plus new ones it does not ignore (work not committed yet). */
export function repositoryFiles(root = REPO_ROOT): string[] {
  const result = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return [...new Set(result.stdout.split('\0').filter(Boolean))].sort();
}

export function scanRepository(root = REPO_ROOT): { scanned: number; findings: SecretFinding[] } {
  let scanned = 0;
  const findings: SecretFinding[] = [];
  for (const file of repositoryFiles(root)) {
    const path = join(root, file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      continue; // deleted in the work tree
    }
    if (size > 5 * 1024 * 1024) continue;
    const content = readFileSync(path);
    if (content.includes(0)) continue; // binary
    scanned++;
    findings.push(...scanText(file, content.toString('utf8')));
  }
  return { scanned, findings };
}

// --- Licenses ----------------------------------------------------------------------------------

/**
 * Licenses allowed in the runtime image. Strong copyleft (GPL, AGPL, SSPL) and non-commercial or
 * source-available terms fail. LGPL is allowed: JavaScript packages are loaded unmodified and can
 * be replaced, which is what the LGPL asks of a combined work (none is in the tree today).
 * MPL-2.0 is file-level copyleft on the library's own files, which we ship unmodified.
 */
export const ALLOWED_LICENSES = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'CC-BY-4.0',
  'Unlicense',
  'Python-2.0',
  'MPL-2.0',
  'LGPL-2.1',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
]);

/** Whether an SPDX expression is acceptable: OR needs one allowed side, AND needs both. */
export function licenseAllowed(expression: string): boolean {
  const text = expression.trim().replace(/^\((.*)\)$/, '$1');
  const or = text.split(/\s+OR\s+/i);
  if (or.length > 1) return or.some(licenseAllowed);
  const and = text.split(/\s+AND\s+/i);
  if (and.length > 1) return and.every(licenseAllowed);
  return ALLOWED_LICENSES.has(text.replace(/\s+WITH\s+.*$/i, ''));
}

interface LockPackage {
  version?: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  resolved?: string;
}

/**
 * The packages `npm ci --omit=dev --workspace server` installs, found in package-lock.json with
 * Node's resolution (nested node_modules first, then each parent's), with their licenses.
 */
export function productionPackages(root = REPO_ROOT, workspace = 'server') {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const packages = lock.packages;
  const found = new Map<string, { name: string; version: string; license: string }>();
  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  const visit = (path: string) => {
    let entry = packages[path];
    if (entry?.link && entry.resolved) {
      path = entry.resolved;
      entry = packages[path];
    }
    if (!entry || found.has(path)) return;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length) || path;
    found.set(path, { name, version: entry.version ?? '?', license: entry.license ?? '' });
    const required = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(entry.peerDependencies ?? {}).filter(([peer]) => !entry!.peerDependenciesMeta?.[peer]?.optional),
      ),
    };
    for (const name of Object.keys(required)) {
      const target = resolve(path, name);
      if (target) visit(target);
      else if (!(name in (entry.optionalDependencies ?? {})))
        throw new Error(`${path} needs ${name}, which the lockfile lacks`);
    }
  };
  visit(workspace);
  found.delete(workspace);
  return [...found.values()];
}

export function licenseProblems(root = REPO_ROOT) {
  const all = productionPackages(root);
  const refused = all.filter((entry) => !entry.license || !licenseAllowed(entry.license));
  return { all, refused };
}
