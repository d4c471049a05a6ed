// `xionimus review [paths...]`: the review engine from the command line. Works offline with no
// AI key; prints Markdown, JSON or SARIF; exits 1 when a finding reaches --fail-on.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CommanderError, InvalidArgumentError, Option, type Command } from 'commander';
import { parseConfig } from '../config.js';
import { createMetrics } from '../platform/monitoring/metrics.js';
import { createAiReviewerFactory } from '../modules/review/ai/reviewer.js';
import { createProvidersService } from '../modules/providers/service.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../modules/review/report/index.js';
import { runReview, type AiReviewer, type ReviewProgress } from '../modules/review/engine.js';
import { collectLocalFiles, diffFiles, readLocalFile, snippetFile } from '../modules/review/input.js';
import {
  CATEGORIES,
  SEVERITIES,
  severityRank,
  type Category,
  type Finding,
  type ReviewFile,
  type Severity,
} from '../modules/review/model.js';
import { createStaticAnalyzer, defaultThreads } from '../modules/review/static/pool.js';
import { unifiedDiff } from '../modules/review/diff.js';
import { combineFixes, createKeyedLock } from '../modules/review/fixes.js';
import { sha256 } from '../modules/review/text.js';
import { toolAvailability } from '../modules/review/static/tools.js';

export interface ReviewCliIo {
  out: (line: string) => void;
  stdin: Readable;
  /** Progress and notes (standard error); the report goes to `out` or --output. */
  err?: (text: string) => void;
  isTTY?: boolean;
  cwd?: string;
}

interface ReviewOptions {
  format: ReportFormat;
  output?: string;
  only?: Category[];
  diff?: string;
  diffContext?: number;
  failOn: Severity | 'none';
  doctor?: boolean;
  ai?: boolean;
  fix?: boolean;
  dryRun?: boolean;
  tools: boolean;
  typecheck: boolean;
  jobs?: number;
  stdinFilename?: string;
}

const parseCategories = (value: string): Category[] => {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !(CATEGORIES as readonly string[]).includes(item));
  if (unknown.length)
    throw new InvalidArgumentError(`unknown categories ${unknown.join(', ')} (${CATEGORIES.join(', ')})`);
  return items as Category[];
};

const parseLines = (value: string) => {
  const lines = Number(value);
  if (!Number.isInteger(lines) || lines < 0 || lines > 1000)
    throw new InvalidArgumentError('expected a whole number from 0 to 1000');
  return lines;
};

const parseJobs = (value: string) => {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 0 || jobs > 256)
    throw new InvalidArgumentError('expected a whole number from 0 to 256');
  return jobs;
};

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** A progress bar on a terminal; a line now and then otherwise. */
function progressPrinter(err: (text: string) => void, isTTY: boolean) {
  const started = Date.now();
  let lastDraw = 0;
  let lastLinePercent = -1;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  return {
    update(progress: ReviewProgress) {
      const { filesDone, filesTotal, findings, stage } = progress;
      if (isTTY) {
        const now = Date.now();
        if (now - lastDraw < 80 && filesDone < filesTotal && stage === 'static') return;
        lastDraw = now;
        const width = 24;
        const filled = filesTotal ? Math.round((filesDone / filesTotal) * width) : width;
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const what = stage === 'ai' ? ' · AI agents reviewing…' : '';
        err(`\r\x1b[2K[${bar}] ${filesDone}/${filesTotal} files · ${elapsed()} · ${findings} findings${what}`);
        if (stage === 'done') err('\n');
        return;
      }
      const percent = filesTotal ? Math.floor((filesDone / filesTotal) * 10) * 10 : 100;
      if (stage === 'static' && percent === lastLinePercent) return;
      lastLinePercent = percent;
      if (stage === 'ai') err(`review: static analysis done (${findings} findings); AI agents reviewing…\n`);
      else if (stage === 'done')
        err(`review: done, ${filesDone}/${filesTotal} files, ${findings} findings, ${elapsed()}\n`);
      else if (filesDone > 0) err(`review: ${filesDone}/${filesTotal} files, ${findings} findings, ${elapsed()}\n`);
    },
  };
}

/**
 * The AI layer with the server-wide keys of the environment (OPENAI_API_KEY, …): the CLI has no
 * user and no database, so no stored keys, settings or usage records.
 */
async function cliAiReviewer(env: Record<string, string | undefined>): Promise<AiReviewer | { unavailable: string }> {
  const config = parseConfig(env);
  const providers = createProvidersService({
    config,
    apiKeys: { reveal: async () => undefined, configuredProviders: async () => [] },
    serverKeys: { resolve: async (provider) => config.providers[provider] },
    settings: { readJson: async () => undefined, writeJson: async () => undefined },
    outbound: { fetch: globalThis.fetch },
    metrics: createMetrics({ version: config.appVersion }),
  });
  return createAiReviewerFactory({ providers })('cli');
}

function appVersion(env: Record<string, string | undefined>): string {
  try {
    return parseConfig(env).appVersion;
  } catch {
    return '0.0.0';
  }
}

/**
 * Below this size a CLI review stays on its own thread. Measured with `npm run bench:review` on 2
 * idle CPUs (398 files, 3 MB): cold workers cost ~1.3 s more than they save, warm ones save
 * ~0.9 ms per file, so two threads break even near 1,400 files; more threads save more per file.
 */
export function cliInlineThreshold(threads: number) {
  const files = Math.ceil(2400 / Math.max(1, threads));
  return { files, bytes: files * 8 * 1024 };
}

async function doctor(io: ReviewCliIo, threads: number) {
  const tools = await toolAvailability();
  const { default: ts } = await import('typescript');
  const { ESLint } = await import('eslint');
  io.out('Always on (offline):');
  io.out(
    `  eslint ${ESLint.version} with typescript-eslint, eslint-plugin-security and the xionimus rules (JavaScript, TypeScript)`,
  );
  io.out(`  typescript ${ts.version}: diagnostics for folders with a tsconfig.json`);
  io.out(
    '  secret detection (AWS, GitHub, OpenAI, Anthropic, Stripe, Slack, Google, private keys, hard-coded passwords)',
  );
  io.out('  pattern rules for Python, Go, Java, C/C++ and shell; complexity, long functions, duplicated blocks');
  io.out('External tools (used when installed):');
  for (const tool of tools) {
    const state = tool.path ? `available  ${tool.version ?? ''}`.trimEnd() : 'missing    (its checks are skipped)';
    io.out(`  ${tool.name.padEnd(11)} ${state}  [${tool.languages.join(', ')}]`);
  }
  io.out(`Worker threads: ${threads}`);
}

/** `--doctor`'s AI line: which providers the environment configures. */
function aiProviders(env: Record<string, string | undefined>): string {
  try {
    const { providers } = parseConfig(env);
    const configured = Object.entries(providers)
      .filter(([name, provider]) => (name === 'openai-compatible' ? provider.baseUrl : provider.apiKey))
      .map(([name]) => name);
    return configured.length
      ? `${configured.join(', ')} (use --ai)`
      : 'no provider key in the environment (static review only)';
  } catch (error) {
    return `configuration problem: ${(error as Error).message.split('\n')[0]}`;
  }
}

export function registerReviewCommand(program: Command, env: Record<string, string | undefined>, io: ReviewCliIo) {
  const err = io.err ?? ((text: string) => void process.stderr.write(text));
  const isTTY = io.isTTY ?? Boolean(process.stderr.isTTY);
  const cwd = io.cwd ?? process.cwd();

  program
    .command('review')
    .description('Review code offline (static analysis); prints Markdown, JSON or SARIF')
    .argument('[paths...]', 'files or folders to review ("-" reads a snippet from standard input)')
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('markdown'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--only <categories>', `only these categories (${CATEGORIES.join(',')})`, parseCategories)
    .option('--diff <file|->', 'review only the lines a unified diff changes (a file, or - for standard input)')
    .option(
      '--diff-context <lines>',
      'with --diff: also report findings this many lines around a change (default 3)',
      parseLines,
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit with 1 when a finding is this severe or worse')
        .choices([...SEVERITIES, 'none'])
        .default('none'),
    )
    .option('--doctor', 'list the analysers and whether they are available, then exit')
    .option('--ai', 'add the AI agents, with the provider keys of the environment (OPENAI_API_KEY, …)')
    .option('--fix', 'apply the fixes of the findings to the files (each shown as a diff first)')
    .option('--dry-run', 'with --fix: show the diffs, change nothing')
    .option('--no-tools', 'do not run installed external tools (shellcheck, cppcheck, pyflakes, …)')
    .option('--no-typecheck', 'skip TypeScript diagnostics for folders with a tsconfig.json')
    .option('--jobs <n>', `worker threads (0: none, all in this thread; default ${defaultThreads(8)})`, parseJobs)
    .option('--stdin-filename <name>', 'file name (and so language) for a snippet read from standard input')
    .action(async (paths: string[], options: ReviewOptions) => {
      const threads = options.jobs ?? defaultThreads(8);
      if (options.doctor) {
        await doctor(io, threads);
        io.out(`AI review: ${aiProviders(env)}`);
        return;
      }
      const files: ReviewFile[] = [];
      /** Files read from disk, by report path: where --fix writes. */
      const onDisk = new Map<string, string>();
      let typecheck: { root: string; files: Record<string, string> } | undefined;
      if (options.diff) {
        const diff = options.diff === '-' ? await readAll(io.stdin) : await readLocalText(resolve(cwd, options.diff));
        files.push(
          ...(await diffFiles(diff, async (path) => readLocalText(resolve(cwd, path)).catch(() => undefined))),
        );
        for (const file of files) if (!file.reconstructed) onDisk.set(file.path, resolve(cwd, file.path));
      } else if (paths.length === 1 && paths[0] === '-') {
        files.push(snippetFile({ content: await readAll(io.stdin), filename: options.stdinFilename }));
      } else {
        const { files: local, skipped } = await collectLocalFiles(paths.length ? paths : ['.'], cwd);
        for (const note of skipped) err(`skipped ${note}\n`);
        for (const file of local) {
          files.push(await readLocalFile(file));
          onDisk.set(file.path, file.absolute);
        }
        if (options.typecheck && local.some((file) => /\.[cm]?tsx?$/.test(file.absolute)))
          typecheck = {
            root: resolve(cwd, paths[0] ?? '.'),
            files: Object.fromEntries(local.map((file) => [file.absolute, file.path])),
          };
      }
      if (files.length === 0) {
        err('nothing to review: no source files found\n');
        throw new CommanderError(2, 'review.nothing', 'nothing to review');
      }

      const analyzer = createStaticAnalyzer({ threads, inlineBelow: cliInlineThreshold(threads) });
      const printer = progressPrinter(err, isTTY);
      try {
        const report = await runReview(
          files,
          {
            only: options.only,
            tools: options.tools,
            ...(options.diffContext !== undefined ? { diffContext: options.diffContext } : {}),
            ...(typecheck ? { typecheck } : {}),
            ...(options.ai ? { ai: await cliAiReviewer(env) } : {}),
          },
          { analyzer, version: appVersion(env), onProgress: (progress) => printer.update(progress) },
        );
        const contents = new Map(files.map((file) => [file.path, file.content]));
        if (options.fix) await applyFixes(report.findings, contents, onDisk, { err, dryRun: Boolean(options.dryRun) });
        const text = formatReport(report, options.format, (path) => contents.get(path));
        if (options.output) {
          // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's --output
          await writeFile(resolve(cwd, options.output), text);
          err(`report written to ${options.output}\n`);
        } else io.out(text.replace(/\n$/, ''));
        const threshold = options.failOn;
        if (threshold !== 'none') {
          const failing = report.findings.filter(
            (finding) => severityRank(finding.severity) <= severityRank(threshold),
          );
          if (failing.length > 0) {
            err(`${failing.length} finding${failing.length === 1 ? '' : 's'} at ${threshold} or worse\n`);
            throw new CommanderError(1, 'review.failOn', `${failing.length} findings at ${threshold} or worse`);
          }
        }
      } finally {
        await analyzer.close();
      }
    });
}

/**
 * `--fix`: per file (under a lock, so fixes to one file never interleave), the fixes that fit
 * together, shown as a diff and written only if the file still has the content that was reviewed.
 */
async function applyFixes(
  findings: readonly Finding[],
  reviewed: ReadonlyMap<string, string>,
  onDisk: ReadonlyMap<string, string>,
  { err, dryRun }: { err: (text: string) => void; dryRun: boolean },
) {
  const withLock = createKeyedLock();
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings)
    if (finding.fix) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  if (byFile.size === 0) {
    err('no finding has a mechanical fix\n');
    return;
  }
  await Promise.all(
    [...byFile].map(([path, fixable]) =>
      withLock(path, async () => {
        const before = reviewed.get(path)!;
        const absolute = onDisk.get(path);
        const planned = combineFixes(
          before,
          fixable.sort((a, b) => a.fix!.edits[0]!.start - b.fix!.edits[0]!.start),
        );
        err(unifiedDiff(path, before, planned.content));
        const what = `${planned.applied.length} fix${planned.applied.length === 1 ? '' : 'es'}`;
        const later = planned.skipped.length ? ` (${planned.skipped.length} overlapping: review again for those)` : '';
        if (dryRun || !absolute) {
          err(`${path}: ${what} not applied (${dryRun ? '--dry-run' : 'not a file on disk'})${later}\n`);
          return;
        }
        const current = await readLocalText(absolute);
        if (sha256(current) !== sha256(before)) {
          err(`${path}: changed since the review; fixes not applied\n`);
          return;
        }
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file the operator asked to review
        await writeFile(absolute, planned.content);
        err(`${path}: applied ${what}${later}\n`);
      }),
    ),
  );
}

async function readLocalText(absolute: string): Promise<string> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path the CLI operator chose
  return readFile(absolute, 'utf8');
}
