// Scores per category and overall, and the one-paragraph summary. A category starts at 100 and
// loses points by the weight of its findings per thousand lines (at least one thousand, so a
// snippet is not judged harsher than the file it came from); a critical finding caps the overall
// score at 40, a high one at 70.
import { CATEGORIES, SEVERITIES, type Category, type Finding, type ReportSummary, type Severity } from './model.js';
import { ruleInfo } from './rule-catalog.js';

const WEIGHTS: Record<Severity, number> = { critical: 25, high: 10, medium: 4, low: 1, info: 0.2 };
const CATEGORY_WEIGHTS: Record<Category, number> = {
  security: 0.35,
  bug: 0.25,
  performance: 0.1,
  maintainability: 0.2,
  style: 0.1,
};

const grade = (score: number): ReportSummary['grade'] =>
  score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'F';

export function summarise(findings: readonly Finding[], input: { files: number; lines: number }): ReportSummary {
  const kloc = Math.max(1, input.lines / 1000);
  const penalty = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) {
    penalty[finding.category] += WEIGHTS[finding.severity];
    counts[finding.severity]++;
  }
  const byCategory = Object.fromEntries(
    CATEGORIES.map((category) => [category, Math.round(100 / (1 + penalty[category] / kloc / 10))]),
  ) as Record<Category, number>;
  let overall = Math.round(
    CATEGORIES.reduce((sum, category) => sum + byCategory[category] * CATEGORY_WEIGHTS[category], 0),
  );
  if (counts.critical > 0) overall = Math.min(overall, 40);
  else if (counts.high > 0) overall = Math.min(overall, 70);

  const counted = SEVERITIES.filter((severity) => counts[severity] > 0).map(
    (severity) => `${counts[severity]} ${severity}`,
  );
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const reviewed = `Reviewed ${plural(input.files, 'file')} (${plural(input.lines, 'line')})`;
  const worst = findings[0];
  const text =
    findings.length === 0
      ? `${reviewed}: no findings. Grade ${grade(overall)} (${overall}/100).`
      : `${reviewed}: ${plural(findings.length, 'finding')} (${counted.join(', ')}). ` +
        `Most urgent: ${ruleInfo(worst!.ruleId).title} at ${worst!.file}:${worst!.line}. Grade ${grade(overall)} (${overall}/100).`;
  return { text, grade: grade(overall), scores: { overall, ...byCategory }, counts };
}
