// Code metrics without a parser: functions found by their header (def, func, a C/Java signature,
// a shell function), their extent by indentation or braces, and their cyclomatic complexity
// counted from decision keywords. Also the fingerprints of every block of a few significant
// lines, from which the engine finds duplicated blocks across all files.
/* eslint-disable security/detect-unsafe-regex -- function headers are matched on lines of at most 500
   characters (longer ones are skipped), so the few overlapping quantifiers stay cheap. */
import { createHash } from 'node:crypto';
import type { Language, RawFinding } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';
import { splitLines } from '../text.js';

// Here, not beside the ESLint rule that also measures functions (js-rules.ts): that module loads
// TypeScript, and the server's main thread imports this one.
export interface FunctionMetric {
  name: string;
  line: number;
  endLine: number;
  complexity: number;
}

export const COMPLEXITY_LIMIT = 10;
export const LENGTH_LIMIT = 60;

const HEADERS: Partial<Record<Language, RegExp>> = {
  python: /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(/,
  go: /^(\s*)func\s+(?:\([^)]*\)\s*)?(\w+)\s*(?:\[[^\]]*\])?\s*\(/,
  java: /^(\s*)(?:(?:public|private|protected|static|final|synchronized|abstract|native|default)\s+)*(?:<[^>]+>\s+)?[\w<>[\],.?\s]+?\s+(\w+)\s*\([^;]*$/,
  c: /^(\s*)(?:(?:static|inline|extern|const|unsigned|signed|struct)\s+)*[\w*]+[\s*]+\**(\w+)\s*\([^;]*$/,
  cpp: /^(\s*)(?:(?:static|inline|virtual|extern|const|unsigned|signed|struct|constexpr)\s+)*[\w:<>*&]+[\s*&]+\**([\w:~]+)\s*\([^;]*$/,
  shell: /^(\s*)(?:function\s+)?([\w-]+)\s*\(\s*\)\s*\{?\s*(?:#.*)?$/,
};

const NOT_FUNCTIONS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'return',
  'else',
  'catch',
  'new',
  'sizeof',
  'do',
  'case',
]);

const DECISIONS: Partial<Record<Language, RegExp>> = {
  python: /\b(?:if|elif|for|while|except|and|or|case)\b/g,
  shell: /\b(?:if|elif|for|while|until)\b|&&|\|\||^\s*[^()#]+\)\s*$/gm,
};
const C_LIKE_DECISIONS = /\b(?:if|for|while|case|catch)\b|&&|\|\||\?(?=[^?:]*:)/g;

const stripStrings = (line: string) => line.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""');

function extentByIndent(lines: string[], start: number, indent: number): number {
  let end = start;
  for (let index = start + 1; index < lines.length; index++) {
    const text = lines[index]!;
    if (text.trim() === '') continue;
    if (text.length - text.trimStart().length <= indent) break;
    end = index;
  }
  return end;
}

function extentByBraces(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let index = start; index < lines.length && index < start + 2000; index++) {
    for (const char of stripStrings(lines[index]!).replace(/\/\/.*$|#.*$/, '')) {
      if (char === '{') {
        depth++;
        opened = true;
      } else if (char === '}') depth--;
    }
    if (opened && depth <= 0) return index;
    // A declaration without a body (a prototype) ends at its line.
    if (!opened && index > start + 3) return start;
  }
  return start;
}

/** Functions and their complexity, found without a parser. */
export function heuristicFunctions(content: string, language: Language): FunctionMetric[] {
  const header = HEADERS[language];
  if (!header) return [];
  const lines = splitLines(content);
  const decisions = DECISIONS[language] ?? C_LIKE_DECISIONS;
  const functions: FunctionMetric[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.length > 500) continue;
    const match = header.exec(lines[index]!);
    const name = match?.[2];
    if (!match || !name || NOT_FUNCTIONS.has(name)) continue;
    const end = language === 'python' ? extentByIndent(lines, index, match[1]!.length) : extentByBraces(lines, index);
    if (end === index && language !== 'python') continue;
    let complexity = 1;
    for (const text of lines.slice(index + (language === 'python' ? 1 : 0), end + 1)) {
      const code = stripStrings(text).replace(language === 'python' || language === 'shell' ? /#.*$/ : /\/\/.*$/, '');
      complexity += code.match(decisions)?.length ?? 0;
    }
    functions.push({ name, line: index + 1, endLine: end + 1, complexity });
  }
  return functions;
}

/** Complexity and length findings for measured functions. */
export function functionFindings(functions: readonly FunctionMetric[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const fn of functions) {
    if (fn.complexity > COMPLEXITY_LIMIT) {
      const { category } = ruleInfo('metrics/complexity');
      findings.push({
        file: '',
        line: fn.line,
        column: 1,
        ruleId: 'metrics/complexity',
        severity: fn.complexity > 20 ? 'medium' : 'low',
        category,
        message: `${fn.name} has a cyclomatic complexity of ${fn.complexity} (limit ${COMPLEXITY_LIMIT}): split it into smaller functions`,
      });
    }
    const length = fn.endLine - fn.line + 1;
    if (length > LENGTH_LIMIT) {
      const { severity, category } = ruleInfo('metrics/long-function');
      findings.push({
        file: '',
        line: fn.line,
        column: 1,
        ruleId: 'metrics/long-function',
        severity,
        category,
        message: `${fn.name} is ${length} lines long (limit ${LENGTH_LIMIT}): split it into smaller functions`,
      });
    }
  }
  return findings;
}

export const DUPLICATE_WINDOW = 6;

/** A fingerprint of DUPLICATE_WINDOW consecutive significant lines, and where they are. */
export interface BlockFingerprint {
  hash: string;
  line: number;
  endLine: number;
}

const INSIGNIFICANT =
  /^(?:[{}()[\];,]*|\/\/.*|#(?!include).*|\/?\*.*|import\b.*|from\s+\S+\s+import\b.*|#include\b.*|package\b.*|using\b.*|export\s*\{.*|"use strict";?|'use strict';?|(?:else|try|finally|do|end|fi|done|esac)\s*[{:]?|\}\s*(?:else|catch|finally).*|return;?|break;?|continue;?|pass)$/;

export function blockFingerprints(content: string): BlockFingerprint[] {
  const significant: Array<{ text: string; line: number }> = [];
  splitLines(content).forEach((raw, index) => {
    const text = raw.trim().replace(/\s+/g, ' ');
    if (text.length >= 4 && text.length <= 500 && !INSIGNIFICANT.test(text))
      significant.push({ text, line: index + 1 });
  });
  const blocks: BlockFingerprint[] = [];
  for (let index = 0; index + DUPLICATE_WINDOW <= significant.length; index++) {
    const window = significant.slice(index, index + DUPLICATE_WINDOW);
    const hash = createHash('sha1')
      .update(window.map((entry) => entry.text).join('\n'))
      .digest('base64')
      .slice(0, 16);
    blocks.push({ hash, line: window[0]!.line, endLine: window.at(-1)!.line });
  }
  return blocks;
}

/**
 * Duplicated blocks across files: each run of windows seen before becomes one finding at its
 * later occurrence, naming the first.
 */
export function duplicateBlocks(
  files: ReadonlyArray<{ path: string; blocks: readonly BlockFingerprint[] }>,
): RawFinding[] {
  const first = new Map<string, { path: string; line: number; endLine: number }>();
  const findings: RawFinding[] = [];
  const { severity, category } = ruleInfo('metrics/duplicate-block');
  for (const file of files) {
    let run: { line: number; endLine: number; original: { path: string; line: number; endLine: number } } | undefined;
    const flush = () => {
      if (!run) return;
      const where = run.original.path === file.path ? '' : ` of ${run.original.path}`;
      findings.push({
        file: file.path,
        line: run.line,
        column: 1,
        endLine: run.endLine,
        ruleId: 'metrics/duplicate-block',
        severity,
        category,
        message: `lines ${run.line}–${run.endLine} duplicate lines ${run.original.line}–${run.original.endLine}${where}: extract the shared code`,
      });
      run = undefined;
    };
    for (const block of file.blocks) {
      const seen = first.get(block.hash);
      const overlapsItself = seen && seen.path === file.path && seen.endLine >= block.line;
      if (!seen || overlapsItself) {
        if (!seen) first.set(block.hash, { path: file.path, line: block.line, endLine: block.endLine });
        if (run && block.line > run.endLine) flush();
        continue;
      }
      if (run && block.line <= run.endLine + 1 && seen.path === run.original.path) {
        run.endLine = Math.max(run.endLine, block.endLine);
        run.original.endLine = Math.max(run.original.endLine, seen.endLine);
      } else {
        flush();
        run = { line: block.line, endLine: block.endLine, original: { ...seen } };
      }
    }
    flush();
  }
  return findings;
}
