import type { ProviderName } from '@/features/providers';
import type { User } from '@/lib/api-client';

export type Role = User['role'];
export type RegistrationMode = 'open' | 'invite' | 'closed';

export interface Invitation {
  id: string;
  email: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface AuditEntry {
  id: string;
  createdAt: string;
  event: string;
  outcome: string;
  actorId: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditFilter {
  event?: string;
  outcome?: 'success' | 'failure';
}

export interface RouteEntry {
  agent: string;
  models: { junior: string[]; senior: string[] };
}

/** A server-wide provider key as admins see it: where it comes from and its last 4 characters. */
export interface ServerKeyStatus {
  provider: ProviderName;
  configured: boolean;
  /** admin: set here, overriding the environment; environment: OPENAI_API_KEY and the like. */
  source: 'admin' | 'environment' | null;
  last4: string | null;
  baseUrl: string | null;
  updatedAt: string | null;
}

export interface ServerKeyTestResult {
  provider: string;
  ok: boolean;
  source: 'admin' | 'environment';
  models: string[];
}

export const adminKeys = {
  providerKeys: () => ['admin', 'provider-keys'] as const,
  users: () => ['admin', 'users'] as const,
  settings: () => ['admin', 'settings'] as const,
  invitations: () => ['admin', 'invitations'] as const,
  routing: () => ['admin', 'routing'] as const,
  usage: (from: string, to: string) => ['usage', 'admin', { from, to }] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
};
