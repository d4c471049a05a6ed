// Analysers installed on the machine, used when present: shellcheck, cppcheck, pyflakes,
// pylint and pyright. Each runs on a temporary copy of the file with a timeout, its output is
// parsed into findings, and a missing tool is reported as skipped, never as an error.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Language, RawFinding, Severity, ToolStatus } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';

export const TOOL_TIMEOUT_MS = 15_000;

interface ToolOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

interface Tool {
  name: string;
  /** The executable looked up on PATH. */
  command: string;
  languages: readonly Language[];
  /** Only one tool of a group runs per file (pyflakes, else pylint). */
  group?: string;
  args: (file: string, language: Language) => string[];
  parse: (output: ToolOutput, file: string) => RawFinding[];
  versionArgs: string[];
}

const finding = (ruleId: string, line: number, column: number, message: string, severity?: Severity): RawFinding => {
  const known = ruleInfo(ruleId);
  return {
    file: '',
    line: Math.max(1, line),
    column: Math.max(1, column),
    ruleId,
    severity: severity ?? known.severity,
    category: known.category,
    message,
  };
};

const SHELLCHECK_LEVELS: Record<string, Severity> = { error: 'high', warning: 'medium', info: 'low', style: 'info' };
const CPPCHECK_LEVELS: Record<string, Severity> = {
  error: 'high',
  warning: 'medium',
  performance: 'low',
  portability: 'low',
  style: 'info',
  information: 'info',
};

export const TOOLS: Tool[] = [
  {
    name: 'shellcheck',
    command: 'shellcheck',
    languages: ['shell'],
    versionArgs: ['--version'],
    args: (file) => ['--format=json1', '--shell=bash', '--external-sources', file],
    parse: ({ stdout }) => {
      const report = JSON.parse(stdout || '{"comments":[]}') as {
        comments: Array<{
          line: number;
          column: number;
          endLine: number;
          level: string;
          code: number;
          message: string;
        }>;
      };
      return report.comments.map((comment) => ({
        ...finding(
          `shellcheck/SC${comment.code}`,
          comment.line,
          comment.column,
          comment.message,
          SHELLCHECK_LEVELS[comment.level],
        ),
        ...(comment.level === 'style' ? { category: 'style' as const } : {}),
        endLine: comment.endLine,
      }));
    },
  },
  {
    name: 'cppcheck',
    command: 'cppcheck',
    languages: ['c', 'cpp'],
    versionArgs: ['--version'],
    args: (file, language) => [
      '--enable=warning,style,performance,portability',
      '--inline-suppr',
      '--quiet',
      `--language=${language === 'cpp' ? 'c++' : 'c'}`,
      '--template={line}\t{column}\t{severity}\t{id}\t{message}',
      file,
    ],
    parse: ({ stderr }) =>
      stderr
        .split('\n')
        .map((line) => line.split('\t'))
        .filter((parts) => parts.length >= 5 && /^\d+$/.test(parts[0]!))
        .map(([line, column, severity, id, ...message]) => ({
          ...finding(`cppcheck/${id}`, Number(line), Number(column), message.join('\t'), CPPCHECK_LEVELS[severity!]),
          ...(severity === 'performance' ? { category: 'performance' as const } : {}),
          ...(severity === 'style' ? { category: 'style' as const } : {}),
        })),
  },
  {
    name: 'pyflakes',
    command: 'pyflakes',
    group: 'python-lint',
    languages: ['python'],
    versionArgs: ['--version'],
    args: (file) => [file],
    parse: ({ stdout }, file) =>
      stdout
        .split('\n')
        // eslint-disable-next-line security/detect-unsafe-regex -- one line of a tool's output; optional groups only
        .map((line) => /^(.*?):(\d+):(?:(\d+):?)?\s+(.*)$/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null && basename(match[1]!) === basename(file))
        .map((match) => {
          const message = match[4]!;
          const kind = /undefined name/.test(message)
            ? 'undefined-name'
            : /imported but unused/.test(message)
              ? 'unused-import'
              : /assigned to but never used/.test(message)
                ? 'unused-variable'
                : /syntax|invalid/i.test(message)
                  ? 'syntax-error'
                  : 'warning';
          return finding(
            `pyflakes/${kind}`,
            Number(match[2]),
            Number(match[3] ?? 1),
            message,
            kind === 'undefined-name' ? 'medium' : undefined,
          );
        }),
  },
  {
    name: 'pylint',
    command: 'pylint',
    group: 'python-lint',
    languages: ['python'],
    versionArgs: ['--version'],
    args: (file) => ['--output-format=json', '--score=n', '--disable=C0114,C0115,C0116', file],
    parse: ({ stdout }) =>
      (
        JSON.parse(stdout || '[]') as Array<{
          type: string;
          line: number;
          column: number;
          symbol: string;
          message: string;
        }>
      ).map((item) => {
        const severity: Severity =
          item.type === 'error' || item.type === 'fatal' ? 'medium' : item.type === 'warning' ? 'low' : 'info';
        const category =
          item.type === 'error' || item.type === 'warning'
            ? ('bug' as const)
            : item.type === 'convention'
              ? ('style' as const)
              : ('maintainability' as const);
        return { ...finding(`pylint/${item.symbol}`, item.line, item.column + 1, item.message, severity), category };
      }),
  },
  {
    name: 'pyright',
    command: 'pyright',
    languages: ['python'],
    versionArgs: ['--version'],
    args: (file) => ['--outputjson', file],
    parse: ({ stdout }) =>
      (
        JSON.parse(stdout || '{"generalDiagnostics":[]}') as {
          generalDiagnostics: Array<{
            severity: string;
            message: string;
            rule?: string;
            range: { start: { line: number; character: number } };
          }>;
        }
      ).generalDiagnostics.map((item) =>
        finding(
          `pyright/${item.rule ?? item.severity}`,
          item.range.start.line + 1,
          item.range.start.character + 1,
          item.message,
          item.severity === 'error' ? 'medium' : item.severity === 'warning' ? 'low' : 'info',
        ),
      ),
  },
];

interface Probe {
  executable: string;
  version?: string;
}

/**
 * Finds a tool by running it with its version flag: on PATH (execFile searches it), else in
 * node_modules/.bin (pyright from npm). Cached per process; a missing tool costs one failed spawn.
 */
const probes = new Map<string, Promise<Probe | undefined>>();
function probe(tool: Tool): Promise<Probe | undefined> {
  let found = probes.get(tool.name);
  if (!found) {
    found = (async () => {
      for (const executable of [tool.command, join(process.cwd(), 'node_modules', '.bin', tool.command)]) {
        try {
          const { stdout, stderr } = await run(executable, tool.versionArgs, 10_000);
          const version = (stdout || stderr)
            .split('\n')
            .find((line) => /\d+\.\d+/.test(line))
            ?.trim();
          return { executable, ...(version ? { version } : {}) };
        } catch {
          // not installed here
        }
      }
      return undefined;
    })();
    probes.set(tool.name, found);
  }
  return found;
}

function run(executable: string, args: string[], timeoutMs: number): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      args,
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        // Linters exit non-zero when they find something; only a timeout or a spawn failure is an error.
        if (error && (error.killed || typeof error.code === 'string')) {
          reject(error.killed ? new Error(`timed out after ${timeoutMs} ms`) : error);
          return;
        }
        resolve({ stdout, stderr, code: typeof error?.code === 'number' ? error.code : 0 });
      },
    );
  });
}

export interface ToolRun {
  findings: RawFinding[];
  statuses: ToolStatus[];
}

/** Runs every available tool for the file's language. */
export async function runTools(
  path: string,
  content: string,
  language: Language,
  options: { timeoutMs?: number; disabled?: boolean } = {},
): Promise<ToolRun> {
  const applicable = TOOLS.filter((tool) => tool.languages.includes(language));
  if (applicable.length === 0) return { findings: [], statuses: [] };
  if (options.disabled)
    return {
      findings: [],
      statuses: applicable.map((tool) => ({
        name: tool.name,
        status: 'skipped',
        detail: 'external tools are turned off',
      })),
    };
  const statuses: ToolStatus[] = [];
  const findings: RawFinding[] = [];
  const groupsDone = new Set<string>();
  let folder: string | undefined;
  try {
    for (const tool of applicable) {
      if (tool.group && groupsDone.has(tool.group)) continue;
      const executable = (await probe(tool))?.executable;
      if (!executable) {
        statuses.push({ name: tool.name, status: 'skipped', detail: 'not installed' });
        continue;
      }
      folder ??= await mkdtemp(join(tmpdir(), 'xionimus-review-'));
      const file = join(folder, basename(path).replace(/[^\w.-]/g, '_') || 'input');
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own temporary folder
      await writeFile(file, content);
      try {
        const output = await run(executable, tool.args(file, language), options.timeoutMs ?? TOOL_TIMEOUT_MS);
        findings.push(...tool.parse(output, file));
        statuses.push({ name: tool.name, status: 'used' });
        if (tool.group) groupsDone.add(tool.group);
      } catch (error) {
        statuses.push({ name: tool.name, status: 'failed', detail: (error as Error).message.slice(0, 200) });
      }
    }
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
  return { findings, statuses };
}

export interface ToolAvailability {
  name: string;
  languages: readonly Language[];
  path?: string;
  version?: string;
}

/** What `xionimus review --doctor` prints: each tool, found or not, with its version. */
export async function toolAvailability(): Promise<ToolAvailability[]> {
  return Promise.all(
    TOOLS.map(async (tool) => {
      const found = await probe(tool);
      return {
        name: tool.name,
        languages: tool.languages,
        ...(found ? { path: found.executable, version: found.version } : {}),
      };
    }),
  );
}
