// The shapes of the sandbox API (server/src/modules/sandbox/routes.ts).

export const SANDBOX_LANGUAGES = ['python', 'javascript', 'typescript', 'bash', 'c', 'cpp', 'csharp', 'perl'] as const;
export type SandboxLanguage = (typeof SANDBOX_LANGUAGES)[number];

export interface SandboxLanguageInfo {
  id: SandboxLanguage;
  label: string;
  /** The source file's extension, with its dot: a run's file name must end with it. */
  extension: string;
  available: boolean;
  version: string | null;
  /** What to install when the toolchain is missing. */
  install: string | null;
}

export interface SandboxLanguages {
  available: boolean;
  /** Why code cannot run here at all. */
  reason: string | null;
  languages: SandboxLanguageInfo[];
  limits: { timeoutSeconds: number; memoryMb: number; maxOutputBytes: number };
}

export type RunLimit = 'timeout' | 'memory' | 'output' | 'cpu';

export interface RunInput {
  language: SandboxLanguage;
  code: string;
  stdin?: string;
  timeoutSeconds?: number;
  filename?: string;
  workspaceId?: string;
}

export interface RunCreated {
  id: string;
  status: RunStatus;
  eventsUrl: string;
}

export type RunStatus = 'queued' | 'running' | 'complete' | 'failed' | 'stopped';

export interface SandboxRun {
  id: string;
  language: SandboxLanguage;
  filename: string;
  workspaceId: string | null;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  limit: RunLimit | null;
  stdout: string;
  stderr: string;
  outputTruncated: boolean;
  durationMs: number | null;
  error: { code: string; detail: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

export const sandboxKeys = {
  all: ['sandbox'] as const,
  languages: () => [...sandboxKeys.all, 'languages'] as const,
  runs: () => [...sandboxKeys.all, 'runs'] as const,
  run: (id: string) => [...sandboxKeys.all, 'run', id] as const,
};

export const enc = encodeURIComponent;
