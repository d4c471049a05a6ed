// The report as Markdown, for a terminal, a pull request comment or a chat message.
import { CATEGORIES, SEVERITIES, type ReviewReport } from '../model.js';

const LABELS: Record<string, string> = {
  security: 'Security',
  bug: 'Bugs',
  performance: 'Performance',
  maintainability: 'Maintainability',
  style: 'Style',
};

/** Keeps messages on one line and stops them from opening code spans or tables. */
const inline = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/[|`]/g, (char) => `\\${char}`);

export function toMarkdown(report: ReviewReport): string {
  const { summary } = report;
  const out: string[] = [];
  out.push('# Code review', '');
  out.push(`**Grade ${summary.grade} (${summary.scores.overall}/100).** ${summary.text}`, '');
  out.push('| Category | Score | Findings |', '| --- | ---: | ---: |');
  for (const category of CATEGORIES) {
    if (!report.categories.includes(category)) continue;
    const count = report.findings.filter((finding) => finding.category === category).length;
    out.push(`| ${LABELS[category]} | ${summary.scores[category]} | ${count} |`);
  }
  out.push('');

  if (report.findings.length > 0) {
    out.push('## Findings', '');
    for (const severity of SEVERITIES) {
      const group = report.findings.filter((finding) => finding.severity === severity);
      if (group.length === 0) continue;
      out.push(`### ${severity[0]!.toUpperCase()}${severity.slice(1)} (${group.length})`, '');
      for (const finding of group) {
        const where = `${finding.file}:${finding.line}${finding.endLine && finding.endLine !== finding.line ? `-${finding.endLine}` : ''}`;
        const origin = finding.source === 'both' ? 'static + AI' : finding.source;
        const tags = [
          `\`${finding.ruleId}\``,
          LABELS[finding.category]?.toLowerCase(),
          origin,
          finding.fix ? 'fix available' : '',
        ]
          .filter(Boolean)
          .join(', ');
        out.push(`- **\`${where}\`** ${inline(finding.message)} (${tags})`);
        if (finding.aiMessage) out.push(`  - AI: ${inline(finding.aiMessage)}`);
      }
      out.push('');
    }
  }

  if (report.partiallyParsed.length > 0) {
    out.push('## Files only partly parsed', '');
    for (const file of report.partiallyParsed) out.push(`- \`${file.path}\` (${file.parse}): ${inline(file.note)}`);
    out.push('');
  }
  const skippedFiles = report.files.filter((file) => file.skipped);
  if (skippedFiles.length > 0) {
    out.push('## Files not analysed', '');
    for (const file of skippedFiles) out.push(`- \`${file.path}\`: ${inline(file.skipped ?? '')}`);
    out.push('');
  }

  const { metrics } = report;
  out.push('## Metrics', '');
  out.push(
    `${metrics.lines} lines, ${metrics.functions} functions; cyclomatic complexity ${metrics.averageComplexity} on average, ` +
      `${metrics.maxComplexity} at most; ${metrics.complexFunctions} too complex, ${metrics.longFunctions} too long; ` +
      `${metrics.duplicatedBlocks} duplicated blocks.`,
    '',
  );

  out.push('## Analysers', '');
  for (const tool of report.tools)
    out.push(`- ${tool.name}: ${tool.status}${tool.detail ? ` (${inline(tool.detail)})` : ''}`);
  const { ai } = report;
  const aiLine =
    ai.status === 'used'
      ? `used (${ai.agents.filter((agent) => agent.status === 'done').length} of ${ai.agents.length} agents, ${ai.inputTokens} input and ${ai.outputTokens} output tokens; ${ai.merged} findings confirmed static ones, ${ai.dropped} dropped for citing lines that do not exist)`
      : `${ai.status}${ai.detail ? ` (${inline(ai.detail)})` : ''}`;
  out.push(`- AI review: ${aiLine}`);
  if (report.diffOnly)
    out.push('', '_Only the changed lines of the diff (and a few lines around them) were reviewed._');
  out.push('');
  return out.join('\n');
}
