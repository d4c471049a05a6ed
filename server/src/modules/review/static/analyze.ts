// The static review of one file, offline: secrets, then ESLint (JavaScript/TypeScript) or the
// pattern rules and heuristic metrics (other languages), the installed external tools, and the
// block fingerprints for duplicate detection. Runs in a worker thread or inline.
import { extname } from 'node:path';
import type { ParseStatus, RawFinding } from '../model.js';
import { defaultExtension, isJsLike } from '../languages.js';
import { lineCount } from '../text.js';
import { lintJavaScript } from './eslint.js';
import { MAX_FILE_BYTES, type FileAnalysis, type FileTask } from './file-analysis.js';
import { blockFingerprints, functionFindings, heuristicFunctions, type FunctionMetric } from './metrics.js';
import { runPatternRules } from './patterns.js';
import { detectSecrets } from './secrets.js';
import { runTools } from './tools.js';

const JS_EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);

/** Minified or generated code: very long lines on average. */
const looksMinified = (content: string, lines: number) => content.length > 5000 && content.length / lines > 300;

export async function analyzeFile(task: FileTask): Promise<FileAnalysis> {
  const { content, language, path } = task;
  const lines = lineCount(content);
  const base = { kind: 'file' as const, path, language, lines, functions: [], blocks: [], tools: [] };
  if (content.length > MAX_FILE_BYTES)
    return { ...base, parse: 'none', skipped: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, findings: [] };

  const findings: RawFinding[] = detectSecrets(content, language === 'config');
  if (isJsLike(language) && looksMinified(content, lines))
    return {
      ...base,
      parse: 'none',
      skipped: 'minified or generated code (secrets checked only)',
      findings: withPath(findings, path),
    };

  let parse: ParseStatus = 'none';
  let parseNote: string | undefined;
  let functions: FunctionMetric[] = [];
  if (isJsLike(language)) {
    const extension = JS_EXTENSIONS.has(extname(path).toLowerCase())
      ? extname(path).toLowerCase()
      : defaultExtension(language);
    // A rule that trips over an unusual file must not sink the review: patterns cover that file.
    const js = await lintJavaScript(content, extension).catch((error: unknown) => ({
      findings: [],
      functions: [],
      parse: 'partial' as const,
      parseNote: `ESLint failed on this file (${(error as Error).message.split('\n')[0]}); pattern rules checked it`,
      patternsFromLine: 1,
    }));
    findings.push(...js.findings);
    if (js.patternsFromLine !== undefined) findings.push(...runPatternRules(content, language, js.patternsFromLine));
    ({ parse, functions } = js);
    parseNote = js.parseNote;
  } else if (language !== 'config' && language !== 'text') {
    findings.push(...runPatternRules(content, language));
    functions = heuristicFunctions(content, language);
    findings.push(...functionFindings(functions));
  }
  const tools = await runTools(path, content, language, { disabled: !task.tools });
  findings.push(...tools.findings);
  return {
    ...base,
    parse,
    ...(parseNote ? { parseNote } : {}),
    findings: withPath(findings, path),
    functions,
    blocks: language === 'config' || language === 'text' ? [] : blockFingerprints(content),
    tools: tools.statuses,
  };
}

function withPath(findings: RawFinding[], path: string): RawFinding[] {
  for (const finding of findings) finding.file = path;
  return findings;
}
