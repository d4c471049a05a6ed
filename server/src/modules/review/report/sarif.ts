// The report as SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.
import { type Finding, type ReviewReport, type Severity } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub ranks security alerts by this property (a CVSS-like score as a string).
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const uriOf = (path: string) => encodeURI(path.replace(/\\/g, '/').replace(/^\.\//, ''));

/** Content as it was reviewed, to express fixes as character regions. */
export type ContentOf = (path: string) => string | undefined;

function fixesOf(finding: Finding, contentOf?: ContentOf) {
  if (!finding.fix || !contentOf?.(finding.file)) return undefined;
  return [
    {
      description: { text: finding.fix.description },
      artifactChanges: [
        {
          artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
          replacements: finding.fix.edits.map((edit) => ({
            deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
            insertedContent: { text: edit.text },
          })),
        },
      ],
    },
  ];
}

export function toSarif(report: ReviewReport, contentOf?: ContentOf) {
  const ruleIds = [...new Set(report.findings.map((finding) => finding.ruleId))].sort();
  const index = new Map(ruleIds.map((id, position) => [id, position]));
  const rules = ruleIds.map((id) => {
    const info = ruleInfo(id);
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase()),
      shortDescription: { text: info.title },
      defaultConfiguration: { level: LEVELS[info.severity] },
      properties: {
        tags: [info.category, ...(info.category === 'security' ? ['security'] : [])].filter(
          (tag, position, all) => all.indexOf(tag) === position,
        ),
        ...(info.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[info.severity] } : {}),
      },
    };
  });
  const results = report.findings.map((finding) => {
    const fixes = fixesOf(finding, contentOf);
    return {
      ruleId: finding.ruleId,
      ruleIndex: index.get(finding.ruleId) ?? -1,
      level: LEVELS[finding.severity],
      message: {
        text: finding.aiMessage ? `${finding.message}\n\nAI reviewer: ${finding.aiMessage}` : finding.message,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: finding.line,
              startColumn: finding.column,
              ...(finding.endLine ? { endLine: finding.endLine } : {}),
              ...(finding.endLine && finding.endColumn ? { endColumn: finding.endColumn } : {}),
            },
          },
        },
      ],
      partialFingerprints: { 'xionimusFindingId/v1': finding.id },
      ...(fixes ? { fixes } : {}),
      properties: { severity: finding.severity, category: finding.category, source: finding.source },
    };
  });
  const notifications = report.tools
    .filter((tool) => tool.status !== 'used')
    .map((tool) => ({
      level: tool.status === 'failed' ? ('warning' as const) : ('note' as const),
      message: { text: `${tool.name} ${tool.status}${tool.detail ? `: ${tool.detail}` : ''}` },
    }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.createdAt,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
        properties: { summary: report.summary.text, grade: report.summary.grade, scores: report.summary.scores },
      },
    ],
  };
}
