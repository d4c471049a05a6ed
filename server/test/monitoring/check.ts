// CI entry for the operations checks (the Vitest files beside this one run the same checks):
//   npx tsx server/test/monitoring/check.ts monitoring|deploy|secrets|licenses
// Prints what it checked and every problem; exits 1 when there is one.
import { readFileSync } from 'node:fs';
import { createMetrics } from '../../src/platform/monitoring/metrics.js';
import {
  COMPOSE_FILE,
  DOCKERFILE,
  DOCKERIGNORE,
  buildInputs,
  composeProblems,
  dockerfileProblems,
  dockerignoreProblems,
  workspaces,
} from './containers.js';
import { deploymentProblems, loadManifests, schemaProblems } from './kubernetes.js';
import { RULES_FILE, hasPromtool, ruleProblems, runPromtool, unknownMetrics } from './monitoring-config.js';
import { SECRET_SCAN_ALLOWLIST, licenseProblems, scanRepository } from './repository.js';

async function monitoring(): Promise<string[]> {
  const { problems, rules } = ruleProblems(readFileSync(RULES_FILE, 'utf8'));
  console.log(`alerts.yml: ${rules.length} rules, structure ${problems.length ? 'INVALID' : 'ok'}`);
  if (hasPromtool()) {
    const result = runPromtool();
    console.log(result.output.trim());
    if (!result.ok) problems.push('promtool reported problems (above)');
  } else {
    console.log('promtool is not installed (apt-get install prometheus): only the structural check ran');
  }
  // The registry the server serves at /metrics (the Vitest test scrapes the running server).
  const metricsText = await createMetrics().registry.metrics();
  const unknown = unknownMetrics(metricsText);
  console.log(`metric names used by alerts.yml and grafana-dashboard.json: ${unknown.length} unknown`);
  return [...problems, ...unknown.map(({ name, usedIn }) => `${usedIn} uses ${name}, which /metrics does not serve`)];
}

function deploy(): string[] {
  const manifests = loadManifests();
  const dockerfile = readFileSync(DOCKERFILE, 'utf8');
  console.log(
    `deploy/kubernetes: ${manifests.length} documents (${manifests.map((manifest) => manifest.kind).join(', ')})`,
  );
  const inputs = buildInputs();
  console.log(`docker build context: ${inputs.length} build inputs checked against .dockerignore`);
  return [
    ...schemaProblems(manifests),
    ...deploymentProblems(manifests, dockerfile),
    ...dockerfileProblems(dockerfile, workspaces()),
    ...dockerignoreProblems(readFileSync(DOCKERIGNORE, 'utf8'), inputs),
    ...composeProblems(readFileSync(COMPOSE_FILE, 'utf8'), dockerfile),
  ];
}

function secrets(): string[] {
  const { scanned, findings } = scanRepository();
  console.log(`scanned ${scanned} text files; allow-listed (fake keys only, real-length keys still reported):`);
  for (const entry of SECRET_SCAN_ALLOWLIST) console.log(`  ${entry.pattern.source}  (${entry.reason})`);
  return findings.map((finding) => `${finding.file}:${finding.line} looks like a secret: ${finding.match}`);
}

function licenses(): string[] {
  const { all, refused } = licenseProblems();
  const counts = new Map<string, number>();
  for (const entry of all) counts.set(entry.license, (counts.get(entry.license) ?? 0) + 1);
  console.log(
    `${all.length} packages in the production tree of the server workspace (optional platform builds included):`,
  );
  for (const [license, count] of [...counts].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(count).padStart(4)}  ${license}`);
  return refused.map(
    (entry) => `${entry.name}@${entry.version} has license "${entry.license || 'none'}", which is not allowed`,
  );
}

const checks: Record<string, () => string[] | Promise<string[]>> = { monitoring, deploy, secrets, licenses };

const name = process.argv[2] ?? '';
const check = checks[name];
if (!check) {
  console.error(`usage: check.ts ${Object.keys(checks).join('|')}`);
  process.exit(2);
}
const problems = await check();
for (const problem of problems) console.log(`PROBLEM: ${problem}`);
console.log(problems.length ? `${name}: ${problems.length} problem(s)` : `${name}: ok`);
process.exitCode = problems.length ? 1 : 0;
