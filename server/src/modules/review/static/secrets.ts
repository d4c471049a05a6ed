// Secrets in any file: provider key formats (AWS, GitHub, OpenAI, Anthropic, Stripe, Slack,
// Google), private key blocks, and high-entropy values assigned to names like password, secret
// or token. Findings show a masked preview only; the secret itself never leaves this function.
/* eslint-disable security/detect-unsafe-regex -- these run on single lines of at most 4000 characters, and the
   flagged groups are optional or separator-led, not nested repetition: matching stays linear. */
import type { RawFinding } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';
import { entropy, splitLines } from '../text.js';

interface SecretPattern {
  ruleId: string;
  what: string;
  pattern: RegExp;
  /** The capture group holding the secret (0: the whole match). */
  group?: number;
}

const PATTERNS: SecretPattern[] = [
  {
    ruleId: 'secrets/aws-access-key-id',
    what: 'AWS access key id',
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g,
    group: 1,
  },
  {
    ruleId: 'secrets/aws-secret-access-key',
    what: 'AWS secret access key',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  { ruleId: 'secrets/github-token', what: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, group: 1 },
  { ruleId: 'secrets/github-token', what: 'GitHub token', pattern: /\b(github_pat_[A-Za-z0-9_]{60,255})\b/g, group: 1 },
  {
    ruleId: 'secrets/anthropic-api-key',
    what: 'Anthropic API key',
    pattern: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{32,})/g,
    group: 1,
  },
  {
    ruleId: 'secrets/openai-api-key',
    what: 'OpenAI API key',
    pattern: /\b(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,})/g,
    group: 1,
  },
  {
    ruleId: 'secrets/stripe-live-key',
    what: 'Stripe live key',
    pattern: /\b((?:sk|rk)_live_[0-9a-zA-Z]{20,})\b/g,
    group: 1,
  },
  {
    ruleId: 'secrets/stripe-test-key',
    what: 'Stripe test key',
    pattern: /\b((?:sk|rk)_test_[0-9a-zA-Z]{20,})\b/g,
    group: 1,
  },
  { ruleId: 'secrets/slack-token', what: 'Slack token', pattern: /\b(xox[abprs]-[0-9A-Za-z-]{10,})\b/g, group: 1 },
  { ruleId: 'secrets/google-api-key', what: 'Google API key', pattern: /\b(AIza[0-9A-Za-z_-]{35})\b/g, group: 1 },
];

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/;

// name = "value", name: 'value', name := "value", "name": "value", NAME=value (env files)
const QUOTED_ASSIGNMENT =
  /(["']?)([\w.-]*(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|client_?secret)[\w.-]*)\1\s*(?::=|==?|:|=>)\s*(["'`])([^"'`\r\n]{8,200})\3/gi;
// Unquoted values only count in configuration files (.env, .ini): in code they are expressions.
const BARE_ASSIGNMENT =
  /(["']?)([\w.-]*(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|client_?secret)[\w.-]*)\1\s*(?:=|:)\s*()([^\s"'`#;,]{12,200})\s*$/gi;

const PLACEHOLDER =
  /^(?:\$\{.*\}|\$\w+|<.*>|\{\{.*\}\}|%\(.*\)s|(?:x+|\*+|\.+|-+)|.*(?:changeme|change_me|example|placeholder|your[_-]|dummy|redacted|xxxx|\*\*\*\*|todo|secret_here|password_here).*)$/i;
const CODE_LIKE =
  /^(?:process\.env|os\.environ|os\.getenv|env\(|System\.getenv|getenv|config\.|settings\.|self\.|this\.)|\(|\)$/;

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'credential',
  'credentials',
]);
const SECRET_PAIRS = new Set([
  'api key',
  'access key',
  'private key',
  'secret key',
  'auth key',
  'signing key',
  'client secret',
]);

/** `DB_PASSWORD`, `accessToken`, `client_secret`, `apiKey` name secrets; `tokenizer` does not. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((word, index) => SECRET_WORDS.has(word) || SECRET_PAIRS.has(`${word} ${words[index + 1] ?? ''}`));
}

/** Plain words (`word-splitter`, `Enter here`) are labels, not secrets. */
const looksLikeWords = (value: string) => /^[a-z]+(?:[-_ .][a-z]+)*$/i.test(value);

/** A preview that proves which value is meant without revealing it: `AKIA…MPLE (20 chars)`. */
export function maskSecret(secret: string): string {
  const keep = secret.length >= 16 ? 4 : secret.length >= 10 ? 2 : 1;
  return `${secret.slice(0, keep)}…${secret.slice(-keep)} (${secret.length} chars)`;
}

function finding(ruleId: string, line: number, column: number, length: number, message: string): RawFinding {
  const { severity, category } = ruleInfo(ruleId);
  return { file: '', line, column, endLine: line, endColumn: column + length, ruleId, severity, category, message };
}

export function detectSecrets(content: string, configFile = false): RawFinding[] {
  const findings: RawFinding[] = [];
  const lines = splitLines(content);
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.length > 4000) return; // minified or data lines: the format patterns would be too slow to trust
    const taken: Array<[number, number]> = [];
    for (const { ruleId, what, pattern, group = 0 } of PATTERNS) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        const secret = match[group] ?? match[0];
        const column = (match.index ?? 0) + match[0].indexOf(secret) + 1;
        if (taken.some(([start, end]) => column >= start && column <= end)) continue;
        taken.push([column, column + secret.length]);
        findings.push(
          finding(
            ruleId,
            line,
            column,
            secret.length,
            `${what} in the source: ${maskSecret(secret)}. Revoke it and load it from the environment or a secret store`,
          ),
        );
      }
    }
    const privateKey = PRIVATE_KEY.exec(text);
    if (privateKey)
      findings.push(
        finding(
          'secrets/private-key',
          line,
          privateKey.index + 1,
          privateKey[0].length,
          `${privateKey[1]} block in the source: remove it, rotate the key and load it from a secret store`,
        ),
      );
    const assignments = [...text.matchAll(QUOTED_ASSIGNMENT), ...(configFile ? text.matchAll(BARE_ASSIGNMENT) : [])];
    for (const match of assignments) {
      const name = match[2] ?? '';
      const value = match[4] ?? '';
      if (!isSecretName(name) || looksLikeWords(value)) continue;
      const column = (match.index ?? 0) + match[0].lastIndexOf(value) + 1;
      if (taken.some(([start, end]) => column >= start && column <= end)) continue;
      if (PLACEHOLDER.test(value) || CODE_LIKE.test(value) || /\s/.test(value.trim())) continue;
      // Tokens are random; a short value must at least not be one repeated character class.
      const bits = entropy(value);
      if (bits < (value.length >= 20 ? 3.5 : 2.8)) continue;
      if (/^(?:true|false|null|none|undefined)$/i.test(value)) continue;
      findings.push(
        finding(
          'secrets/generic-secret',
          line,
          column,
          value.length,
          `hard-coded value for ${name}: ${maskSecret(value)}. Load it from the environment or a secret store`,
        ),
      );
    }
  });
  return findings;
}
