// The shapes of a review: findings, fixes and the report. One TypeBox schema per shape serves
// the API (validation, OpenAPI), the stored rows and the report formats.
import Type, { type Static } from 'typebox';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['security', 'bug', 'performance', 'maintainability', 'style'] as const;
export type Category = (typeof CATEGORIES)[number];

export const LANGUAGES = [
  'javascript',
  'typescript',
  'python',
  'go',
  'java',
  'c',
  'cpp',
  'shell',
  'config',
  'text',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Lower rank, more severe: critical is 0. */
export const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

export const TextEditSchema = Type.Object(
  {
    start: Type.Integer({ minimum: 0, description: 'offset (UTF-16 code units) in the reviewed content' }),
    end: Type.Integer({ minimum: 0 }),
    text: Type.String(),
  },
  { additionalProperties: false },
);
export type TextEdit = Static<typeof TextEditSchema>;

export const FixSchema = Type.Object(
  {
    description: Type.String(),
    origin: Type.Enum(['static', 'ai']),
    edits: Type.Array(TextEditSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Fix = Static<typeof FixSchema>;

export const FindingSchema = Type.Object(
  {
    id: Type.String(),
    file: Type.String(),
    line: Type.Integer({ minimum: 1 }),
    column: Type.Integer({ minimum: 1 }),
    endLine: Type.Optional(Type.Integer({ minimum: 1 })),
    endColumn: Type.Optional(Type.Integer({ minimum: 1 })),
    ruleId: Type.String(),
    severity: Type.Enum([...SEVERITIES]),
    category: Type.Enum([...CATEGORIES]),
    message: Type.String(),
    source: Type.Enum(['static', 'ai', 'both']),
    aiMessage: Type.Optional(Type.String({ description: 'what the AI reviewer said about a finding both found' })),
    fix: Type.Optional(FixSchema),
  },
  { additionalProperties: false },
);
export type Finding = Static<typeof FindingSchema>;
/** A finding before the engine has numbered it. */
export type RawFinding = Omit<Finding, 'id' | 'source'> & { source?: Finding['source'] };

export const ParseStatusSchema = Type.Enum(['full', 'fragment', 'partial', 'none'], {
  description:
    'full: parsed as is; fragment: parsed after completing it (a missing class, closing braces); partial: the parser gave up part-way, pattern rules covered the rest; none: no parser for this language',
});
export type ParseStatus = Static<typeof ParseStatusSchema>;

export const ToolStatusSchema = Type.Object(
  {
    name: Type.String(),
    status: Type.Enum(['used', 'skipped', 'failed']),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ToolStatus = Static<typeof ToolStatusSchema>;

const Score = Type.Integer({ minimum: 0, maximum: 100 });

export const ReportSummarySchema = Type.Object(
  {
    text: Type.String(),
    grade: Type.Enum(['A', 'B', 'C', 'D', 'F']),
    scores: Type.Object({
      overall: Score,
      security: Score,
      bug: Score,
      performance: Score,
      maintainability: Score,
      style: Score,
    }),
    counts: Type.Object({
      critical: Type.Integer(),
      high: Type.Integer(),
      medium: Type.Integer(),
      low: Type.Integer(),
      info: Type.Integer(),
    }),
  },
  { additionalProperties: false },
);
export type ReportSummary = Static<typeof ReportSummarySchema>;

export const FileSummarySchema = Type.Object(
  {
    path: Type.String(),
    language: Type.Enum([...LANGUAGES]),
    lines: Type.Integer(),
    parse: ParseStatusSchema,
    parseNote: Type.Optional(Type.String()),
    findings: Type.Integer(),
    skipped: Type.Optional(Type.String({ description: 'why the file was not analysed' })),
  },
  { additionalProperties: false },
);
export type FileSummary = Static<typeof FileSummarySchema>;

export const MetricsSchema = Type.Object(
  {
    functions: Type.Integer(),
    averageComplexity: Type.Number(),
    maxComplexity: Type.Integer(),
    complexFunctions: Type.Integer(),
    longFunctions: Type.Integer(),
    duplicatedBlocks: Type.Integer(),
    lines: Type.Integer(),
  },
  { additionalProperties: false },
);
export type Metrics = Static<typeof MetricsSchema>;

export const AiSummarySchema = Type.Object(
  {
    status: Type.Enum(['used', 'off', 'unavailable', 'failed']),
    detail: Type.Optional(Type.String()),
    agents: Type.Array(
      Type.Object(
        {
          agent: Type.String(),
          status: Type.Enum(['done', 'failed', 'skipped']),
          model: Type.Optional(Type.String()),
          findings: Type.Integer(),
          detail: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    inputTokens: Type.Integer(),
    outputTokens: Type.Integer(),
    dropped: Type.Integer({ description: 'AI findings dropped because they cited lines that do not exist' }),
    merged: Type.Integer({ description: 'AI findings that matched a static finding' }),
  },
  { additionalProperties: false },
);
export type AiSummary = Static<typeof AiSummarySchema>;

/** Everything about a review except its findings. */
export const ReportOverviewSchema = Type.Object(
  {
    summary: ReportSummarySchema,
    files: Type.Array(FileSummarySchema),
    partiallyParsed: Type.Array(Type.Object({ path: Type.String(), parse: ParseStatusSchema, note: Type.String() })),
    metrics: MetricsSchema,
    tools: Type.Array(ToolStatusSchema),
    ai: AiSummarySchema,
    diffOnly: Type.Boolean({ description: 'only changed lines (± context) were reviewed' }),
    categories: Type.Array(Type.Enum([...CATEGORIES]), { description: 'the categories reviewed' }),
    durationMs: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ReportOverview = Static<typeof ReportOverviewSchema>;

export interface ReviewReport extends ReportOverview {
  tool: { name: string; version: string };
  createdAt: string;
  findings: Finding[];
}

/** A file to review: its path (as the user named it), content and, for a diff, the changed lines. */
export interface ReviewFile {
  path: string;
  content: string;
  language?: Language;
  /** Line numbers (1-based) changed by a diff; undefined means the whole file. */
  changedLines?: number[];
  /** Only parts of the file are known (a diff without the full file): unknown lines are blank. */
  reconstructed?: boolean;
}
