// Review findings as CodeMirror lint diagnostics: 1-based line/column from the server become
// document offsets, clamped to the text as it is now (the file may have changed since).
import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { Finding, Severity } from '../api/types';

const SEVERITY: Record<Severity, Diagnostic['severity']> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'hint',
};

export interface DiagnosticLabels {
  /** The short text before the message, e.g. "high · js-eval". */
  source: (finding: Finding) => string;
  /** The name of the action that opens a finding's fix (omitted: no action). */
  fixAction?: string;
}

function offsetOf(doc: Text, line: number, column: number) {
  const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return target.from + Math.min(Math.max(column - 1, 0), target.length);
}

export function findingsToDiagnostics(
  doc: Text,
  findings: readonly Finding[],
  labels: DiagnosticLabels,
  onFix?: (finding: Finding) => void,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    // A finding past the end of the text refers to lines that no longer exist.
    if (finding.line > doc.lines) continue;
    const from = offsetOf(doc, finding.line, finding.column);
    let to =
      finding.endLine === undefined
        ? doc.line(finding.line).to
        : finding.endLine > doc.lines
          ? doc.length
          : offsetOf(doc, finding.endLine, finding.endColumn ?? Number.MAX_SAFE_INTEGER);
    // Without a range to mark, mark the rest of the line.
    if (to <= from) to = doc.line(finding.line).to;
    diagnostics.push({
      from,
      to: Math.max(to, from),
      severity: SEVERITY[finding.severity],
      source: labels.source(finding),
      message: finding.message,
      markClass: `cm-finding--${finding.severity}`,
      ...(onFix && labels.fixAction && finding.fixState === 'available'
        ? { actions: [{ name: labels.fixAction, apply: () => onFix(finding) }] }
        : {}),
    });
  }
  return diagnostics.sort((a, b) => a.from - b.from);
}
