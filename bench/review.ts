// `npm run bench:review` — how fast the offline review engine gets through a real codebase.
//
// Reviews a large body of real code available offline (default: ESLint's own lib/ folder in
// node_modules; any folder with --path) in two fresh child processes, so that peak RSS is
// measured per mode: single-threaded (everything on the main thread: the baseline), then on the
// worker pool. Each child reviews the code twice: cold (a new process, workers starting: what the
// CLI sees) and warm (what the server sees with its long-lived pool). Prints files/s, lines/s,
// CPU time, findings and peak RSS (which includes the worker threads: same process). External
// tools are off, so only our code is timed. Wall-clock speed-up needs idle CPUs: the load
// average is printed with the figures.
//
// Options (after `npm run bench:review --`):
//   --path=<folder>      what to review (default node_modules/eslint/lib)
//   --threads=<n>        worker threads for the pooled run (default: CPUs)
//   --json=<file>        also write the figures as JSON
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runReview } from '../server/src/modules/review/engine.js';
import { collectLocalFiles, readLocalFile } from '../server/src/modules/review/input.js';
import type { ReviewFile } from '../server/src/modules/review/model.js';
import { createStaticAnalyzer } from '../server/src/modules/review/static/pool.js';

interface RunResult {
  mode: string;
  threads: number;
  files: number;
  lines: number;
  bytes: number;
  findings: number;
  skipped: number;
  coldMs: number;
  warmMs: number;
  /** CPU time of the warm run, all threads. */
  cpuMs: number;
  peakRssMb: number;
}

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
) as Record<string, string>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const target = args.path ?? 'node_modules/eslint/lib';

async function child(threads: number): Promise<RunResult> {
  const { files: local } = await collectLocalFiles([target], ROOT);
  const files: ReviewFile[] = [];
  for (const file of local) files.push(await readLocalFile(file));
  const analyzer = createStaticAnalyzer({ threads });
  const timed = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await runReview(files, { tools: false }, { analyzer, version: 'bench' });
    const used = process.cpuUsage(cpu);
    return { report, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };
  const cold = await timed();
  const warm = await timed();
  const report = warm.report;
  await analyzer.close();
  return {
    mode: threads === 0 ? 'single thread (baseline)' : `worker pool`,
    threads: threads === 0 ? 1 : threads,
    files: files.length,
    lines: report.metrics.lines,
    bytes: files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0),
    findings: report.findings.length,
    skipped: report.files.filter((file) => file.skipped).length,
    coldMs: cold.ms,
    warmMs: warm.ms,
    cpuMs: warm.cpuMs,
    // maxRSS is in kilobytes on Linux and macOS.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function runChild(threads: number): RunResult {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', `--threads=${threads}`, `--path=${target}`],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`bench child failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as RunResult;
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

if (args.child) {
  const result = await child(Number(args.threads ?? 0));
  console.log(JSON.stringify(result));
} else {
  const threads = Number(args.threads ?? availableParallelism());
  console.log(`Reviewing ${target} (static layer, external tools off) on ${availableParallelism()} CPUs…`);
  const results = [runChild(0), runChild(threads)];
  const [baseline] = results as [RunResult, RunResult];
  const columns = [
    'mode',
    'threads',
    'files',
    'lines',
    'findings',
    'run',
    'seconds',
    'files/s',
    'lines/s',
    'CPU s',
    'peak RSS MB',
    'speed-up',
  ];
  console.log('');
  console.log(columns.map((header, index) => (index === 0 ? header.padEnd(26) : header.padStart(12))).join(''));
  for (const result of results)
    for (const run of ['cold', 'warm'] as const) {
      const ms = run === 'cold' ? result.coldMs : result.warmMs;
      const base = run === 'cold' ? baseline.coldMs : baseline.warmMs;
      console.log(
        [
          result.mode.padEnd(26),
          fmt(result.threads).padStart(12),
          fmt(result.files).padStart(12),
          fmt(result.lines).padStart(12),
          fmt(result.findings).padStart(12),
          run.padStart(12),
          fmt(ms / 1000, 2).padStart(12),
          fmt(result.files / (ms / 1000), 1).padStart(12),
          fmt(result.lines / (ms / 1000)).padStart(12),
          (run === 'warm' ? fmt(result.cpuMs / 1000, 2) : '').padStart(12),
          fmt(result.peakRssMb).padStart(12),
          `${fmt(base / ms, 2)}x`.padStart(12),
        ].join(''),
      );
    }
  console.log(
    `\nLoad average (1, 5, 15 min): ${loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}`,
  );
  if (results.some((result) => result.findings !== baseline.findings))
    console.log('\nWARNING: the runs disagree on the number of findings');
  if (baseline.skipped > 0) console.log(`\n${baseline.skipped} files were skipped (minified or larger than 2 MB).`);
  if (args.json) {
    const summary = `${JSON.stringify({ target, cpus: availableParallelism(), results }, null, 2)}\n`;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's --json
    writeFileSync(args.json, summary);
  }
}
