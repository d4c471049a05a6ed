// What the static review of one file takes and gives, apart from the analysis itself
// (analyze.ts): that loads ESLint and TypeScript (about 100 MB), which only the worker threads
// need. The server's main thread imports this module.
import type { FileSummary, Language, ParseStatus, RawFinding, ToolStatus } from '../model.js';
import { lineCount } from '../text.js';
import type { BlockFingerprint, FunctionMetric } from './metrics.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface FileTask {
  kind: 'file';
  path: string;
  content: string;
  language: Language;
  /** Run installed external tools (shellcheck, …). */
  tools: boolean;
}

export interface FileAnalysis {
  kind: 'file';
  path: string;
  language: Language;
  lines: number;
  parse: ParseStatus;
  parseNote?: string;
  skipped?: string;
  findings: RawFinding[];
  functions: FunctionMetric[];
  blocks: BlockFingerprint[];
  tools: ToolStatus[];
}

/** What a file's review says when its analysis failed outright (a worker died). */
export const failedAnalysis = (task: FileTask, error: unknown): FileAnalysis => ({
  kind: 'file',
  path: task.path,
  language: task.language,
  lines: typeof task.content === 'string' ? lineCount(task.content) : 0,
  parse: 'none',
  skipped: `the analysis failed: ${(error as Error).message.split('\n')[0]}`,
  findings: [],
  functions: [],
  blocks: [],
  tools: [],
});

export const fileSummary = (analysis: FileAnalysis, findings: number): FileSummary => ({
  path: analysis.path,
  language: analysis.language,
  lines: analysis.lines,
  parse: analysis.parse,
  ...(analysis.parseNote ? { parseNote: analysis.parseNote } : {}),
  findings,
  ...(analysis.skipped ? { skipped: analysis.skipped } : {}),
});
