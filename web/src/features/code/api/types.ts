// The shapes the Code screen reads: workspaces (server/src/modules/workspace) and reviews
// (server/src/modules/review/routes.ts).
import type { ReviewLanguage } from '../lib/languages';

export interface Workspace {
  id: string;
  name: string;
  description: string | null;
  fileCount: number;
  bytes: number;
  createdAt: string;
  updatedAt: string;
}

export interface WorkspaceFile {
  path: string;
  size: number;
  sha256: string;
  mime: string;
  text: boolean;
  language: string | null;
  updatedAt: string;
}

export interface FileContent {
  path: string;
  content: string;
  sha256: string;
  size: number;
  mime: string;
  updatedAt: string;
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CATEGORIES = ['security', 'bug', 'performance', 'maintainability', 'style'] as const;
export type Category = (typeof CATEGORIES)[number];
export type FixState = 'available' | 'applied' | 'stale';

export interface Finding {
  id: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  ruleId: string;
  severity: Severity;
  category: Category;
  message: string;
  source: 'static' | 'ai' | 'both';
  aiMessage?: string;
  fix?: { description: string; origin: 'static' | 'ai' };
  fixState: FixState | null;
}

export type ReviewStatus = 'queued' | 'running' | 'complete' | 'failed';

export interface ReviewSummaryCounts {
  text: string;
  grade: 'A' | 'B' | 'C' | 'D' | 'F';
  scores: Record<'overall' | Category, number>;
  counts: Record<Severity, number>;
}

export interface ReviewSummary {
  id: string;
  title: string;
  status: ReviewStatus;
  /** The workspace a workspace review read. */
  workspaceId: string | null;
  filesTotal: number;
  filesDone: number;
  findingsCount: number;
  grade: string | null;
  score: number | null;
  createdAt: string;
}

export interface ReviewDetail extends ReviewSummary {
  error: { code: string; detail: string } | null;
  overview: { summary: ReviewSummaryCounts } | null;
  files: Array<{ path: string; language: string | null; sha256: string; lines: number }>;
  findings: Finding[];
}

export type ReviewInput =
  | { snippet: { content: string; filename?: string; language?: ReviewLanguage }; title?: string }
  | { workspace: { id: string; paths?: string[] }; title?: string };

export interface FixPreview {
  findingId: string;
  file: string;
  description: string;
  origin: 'static' | 'ai';
  state: FixState;
  sha256: string;
  diff: string;
}

export interface AppliedFix {
  findingId: string;
  file: string;
  sha256: string;
  content: string;
  diff: string;
}

export const codeKeys = {
  workspaces: () => ['code', 'workspaces'] as const,
  workspace: (id: string) => ['code', 'workspace', id] as const,
  files: (id: string) => ['code', 'workspace', id, 'files'] as const,
  file: (id: string, path: string) => ['code', 'workspace', id, 'file', path] as const,
  review: (id: string) => ['code', 'review', id] as const,
  reviews: () => ['code', 'reviews'] as const,
};

export const enc = encodeURIComponent;
