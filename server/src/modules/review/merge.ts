// Combines findings: numbers them with stable ids, drops exact repeats, and merges AI findings
// into the static ones they confirm (same file, same category, line within ±2: one finding whose
// source is 'both').
import { createHash } from 'node:crypto';
import { severityRank, type Finding, type RawFinding } from './model.js';

export const MERGE_LINE_DISTANCE = 2;

const fingerprint = (finding: RawFinding) =>
  createHash('sha1')
    .update([finding.file, finding.line, finding.column, finding.ruleId, finding.message].join('\0'))
    .digest('hex')
    .slice(0, 12);

/** Gives every finding a stable id (the same finding gets the same id in a later review). */
export function numberFindings(findings: readonly RawFinding[], source: Finding['source']): Finding[] {
  const used = new Set<string>();
  return findings.map((finding) => {
    let id = fingerprint(finding);
    for (let suffix = 2; used.has(id); suffix++) id = `${fingerprint(finding)}-${suffix}`;
    used.add(id);
    return { id, ...finding, source: finding.source ?? source };
  });
}

/** Exact repeats (two rules saying the same thing at the same place) and ESLint's twin reports. */
export function dropRepeats(findings: readonly RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = [finding.file, finding.line, finding.column, finding.ruleId].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const moreSevere = (a: Finding['severity'], b: Finding['severity']) => (severityRank(a) <= severityRank(b) ? a : b);

export interface MergeResult {
  findings: Finding[];
  merged: number;
}

/** Static findings first; each AI finding either joins the static one it matches or is added. */
export function mergeFindings(staticFindings: readonly Finding[], aiFindings: readonly Finding[]): MergeResult {
  const result = staticFindings.map((finding) => ({ ...finding }));
  let merged = 0;
  for (const ai of aiFindings) {
    const match = result.find(
      (finding) =>
        finding.file === ai.file &&
        finding.category === ai.category &&
        Math.abs(finding.line - ai.line) <= MERGE_LINE_DISTANCE,
    );
    if (!match) {
      result.push({ ...ai });
      continue;
    }
    if (match.source === 'ai') {
      // Two AI agents on the same spot: keep one, the more severe.
      match.severity = moreSevere(match.severity, ai.severity);
      match.fix ??= ai.fix;
      continue;
    }
    merged++;
    match.source = 'both';
    match.severity = moreSevere(match.severity, ai.severity);
    match.aiMessage = match.aiMessage ? `${match.aiMessage}\n${ai.message}` : ai.message;
    match.fix ??= ai.fix;
  }
  return { findings: sortFindings(result), merged };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
