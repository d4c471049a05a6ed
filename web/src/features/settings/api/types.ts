export interface PersonalAccessToken {
  id: string;
  name: string;
  /** The first characters, to recognise a token. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const settingsKeys = {
  tokens: () => ['settings', 'tokens'] as const,
  usage: (from: string, to: string) => ['usage', 'mine', { from, to }] as const,
  budget: () => ['usage', 'budget'] as const,
  chatPreferences: () => ['settings', 'chat'] as const,
};
