// One review from files to report: the static layer on the worker pool (file by file, with
// progress), duplicate blocks across files, TypeScript diagnostics when asked, the optional AI
// layer merged in, then scores and the summary. The CLI and the API's job worker both call it.
import { languageOfPath, guessLanguage } from './languages.js';
import { dropRepeats, mergeFindings, numberFindings, sortFindings } from './merge.js';
import {
  CATEGORIES,
  type AiSummary,
  type Category,
  type Finding,
  type Language,
  type RawFinding,
  type ReviewFile,
  type ReviewReport,
  type ToolStatus,
} from './model.js';
import { summarise } from './score.js';
import { fileSummary, type FileAnalysis, type FileTask } from './static/file-analysis.js';
import { duplicateBlocks } from './static/metrics.js';
import type { StaticAnalyzer } from './static/pool.js';
import type { TypecheckResult, TypecheckTask } from './static/typecheck.js';

export const DIFF_CONTEXT_LINES = 3;

export interface AiReviewInput {
  files: ReadonlyArray<{ path: string; content: string; language: Language; changedLines?: number[] }>;
  staticFindings: readonly Finding[];
  categories: readonly Category[];
  signal?: AbortSignal;
}

export interface AiReviewOutput {
  /** Findings already checked against the files (lines that exist). */
  findings: RawFinding[];
  summary: Omit<AiSummary, 'merged'>;
}

export type AiReviewer = (input: AiReviewInput) => Promise<AiReviewOutput>;

export interface ReviewProgress {
  stage: 'static' | 'ai' | 'done';
  filesDone: number;
  filesTotal: number;
  findings: number;
}

export interface ReviewRunOptions {
  only?: readonly Category[];
  /** Installed external tools (shellcheck, …); default on. */
  tools?: boolean;
  typecheck?: Omit<TypecheckTask, 'kind'>;
  /** The AI layer, or why there is none. */
  ai?: AiReviewer | { unavailable: string };
  diffContext?: number;
}

export interface ReviewRunDeps {
  analyzer: StaticAnalyzer;
  version: string;
  onProgress?: (progress: ReviewProgress) => void;
  signal?: AbortSignal;
}

export const languageOf = (file: Pick<ReviewFile, 'path' | 'content' | 'language'>): Language =>
  file.language ?? languageOfPath(file.path) ?? guessLanguage(file.content);

/** Keeps findings in the reviewed categories and, for a diff, near the changed lines. */
export function findingFilter(files: readonly ReviewFile[], options: Pick<ReviewRunOptions, 'only' | 'diffContext'>) {
  const categories = new Set(options.only?.length ? options.only : CATEGORIES);
  const context = options.diffContext ?? DIFF_CONTEXT_LINES;
  const near = new Map<string, Set<number>>();
  for (const file of files) {
    if (!file.changedLines) continue;
    const lines = new Set<number>();
    for (const line of file.changedLines)
      for (let offset = -context; offset <= context; offset++) lines.add(line + offset);
    near.set(file.path, lines);
  }
  return (finding: RawFinding) => {
    if (!categories.has(finding.category)) return false;
    const lines = near.get(finding.file);
    if (!lines) return true;
    for (let line = finding.line; line <= (finding.endLine ?? finding.line); line++) if (lines.has(line)) return true;
    return false;
  };
}

function toolStatuses(analyses: readonly FileAnalysis[], typecheck: TypecheckResult | undefined): ToolStatus[] {
  const byName = new Map<string, ToolStatus>();
  const rank = { used: 0, failed: 1, skipped: 2 } as const;
  for (const status of analyses.flatMap((analysis) => analysis.tools)) {
    const known = byName.get(status.name);
    if (!known || rank[status.status] < rank[known.status]) byName.set(status.name, status);
  }
  const statuses = [...byName.values()];
  if (analyses.some((analysis) => analysis.language === 'javascript' || analysis.language === 'typescript'))
    statuses.unshift({ name: 'eslint', status: 'used' });
  if (typecheck)
    statuses.push(
      typecheck.tsconfig
        ? { name: 'typescript', status: 'used', detail: typecheck.tsconfig }
        : { name: 'typescript', status: 'skipped', detail: typecheck.detail ?? 'no tsconfig.json' },
    );
  return statuses;
}

export async function runReview(
  files: readonly ReviewFile[],
  options: ReviewRunOptions,
  deps: ReviewRunDeps,
): Promise<ReviewReport> {
  const started = performance.now();
  const keep = findingFilter(files, options);
  const categories = options.only?.length ? [...options.only] : [...CATEGORIES];
  const tasks: FileTask[] = files.map((file) => ({
    kind: 'file',
    path: file.path,
    content: file.content,
    language: languageOf(file),
    tools: options.tools ?? true,
  }));

  let filesDone = 0;
  let found = 0;
  const progress = (stage: ReviewProgress['stage']) =>
    deps.onProgress?.({ stage, filesDone, filesTotal: files.length, findings: found });
  progress('static');
  const typechecking = options.typecheck
    ? deps.analyzer.typecheck({ kind: 'typecheck', ...options.typecheck }, deps.signal)
    : undefined;
  const analyses = await deps.analyzer.analyze(tasks, {
    signal: deps.signal,
    onFile: (analysis) => {
      filesDone++;
      found += analysis.findings.filter(keep).length;
      progress('static');
    },
  });
  const typecheck = await typechecking;

  // Results arrive in completion order; duplicates are reported at the later file in input order.
  const order = new Map(files.map((file, index) => [file.path, index]));
  analyses.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  const raw = [
    ...analyses.flatMap((analysis) => analysis.findings),
    ...duplicateBlocks(analyses.map((analysis) => ({ path: analysis.path, blocks: analysis.blocks }))),
    ...(typecheck?.findings ?? []),
  ];
  const staticFindings = sortFindings(numberFindings(dropRepeats(raw.filter(keep)), 'static'));

  let findings = staticFindings;
  let ai: AiSummary = { status: 'off', agents: [], inputTokens: 0, outputTokens: 0, dropped: 0, merged: 0 };
  if (options.ai && 'unavailable' in options.ai) {
    ai = { ...ai, status: 'unavailable', detail: options.ai.unavailable };
  } else if (options.ai) {
    found = staticFindings.length;
    progress('ai');
    const reviewed = files.map((file, index) => ({
      path: file.path,
      content: file.content,
      language: tasks[index]!.language,
      ...(file.changedLines ? { changedLines: file.changedLines } : {}),
    }));
    const output = await options.ai({ files: reviewed, staticFindings, categories, signal: deps.signal });
    const merged = mergeFindings(staticFindings, numberFindings(output.findings.filter(keep), 'ai'));
    findings = merged.findings;
    ai = { ...output.summary, merged: merged.merged };
  }
  found = findings.length;
  progress('done');

  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.file, (counts.get(finding.file) ?? 0) + 1);
  const functions = analyses.flatMap((analysis) => analysis.functions);
  const lines = analyses.reduce((sum, analysis) => sum + analysis.lines, 0);
  const reconstructed = new Set(files.filter((file) => file.reconstructed).map((file) => file.path));
  return {
    tool: { name: 'xionimus-review', version: deps.version },
    createdAt: new Date().toISOString(),
    summary: summarise(findings, { files: files.length, lines }),
    files: analyses.map((analysis) => fileSummary(analysis, counts.get(analysis.path) ?? 0)),
    partiallyParsed: analyses
      .filter(
        (analysis) => analysis.parse === 'fragment' || analysis.parse === 'partial' || reconstructed.has(analysis.path),
      )
      .map((analysis) => ({
        path: analysis.path,
        parse: analysis.parse,
        note: [
          reconstructed.has(analysis.path) ? 'only the lines in the diff were available' : '',
          analysis.parseNote ?? '',
        ]
          .filter(Boolean)
          .join('; '),
      })),
    metrics: {
      functions: functions.length,
      averageComplexity: functions.length
        ? Math.round((functions.reduce((sum, fn) => sum + fn.complexity, 0) / functions.length) * 100) / 100
        : 0,
      maxComplexity: functions.reduce((max, fn) => Math.max(max, fn.complexity), 0),
      complexFunctions: findings.filter((finding) => finding.ruleId === 'metrics/complexity').length,
      longFunctions: findings.filter((finding) => finding.ruleId === 'metrics/long-function').length,
      duplicatedBlocks: findings.filter((finding) => finding.ruleId === 'metrics/duplicate-block').length,
      lines,
    },
    tools: toolStatuses(analyses, typecheck),
    ai,
    diffOnly: files.some((file) => file.changedLines !== undefined),
    categories,
    durationMs: Math.round(performance.now() - started),
    findings,
  };
}
