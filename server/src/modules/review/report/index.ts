// The report formats: JSON (the report as is), Markdown and SARIF 2.1.0.
import type { ReviewReport } from '../model.js';
import { toMarkdown } from './markdown.js';
import { toSarif, type ContentOf } from './sarif.js';

export const REPORT_FORMATS = ['json', 'markdown', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatReport(report: ReviewReport, format: ReportFormat, contentOf?: ContentOf): string {
  if (format === 'markdown') return toMarkdown(report);
  if (format === 'sarif') return `${JSON.stringify(toSarif(report, contentOf), null, 2)}\n`;
  return `${JSON.stringify(report, null, 2)}\n`;
}
