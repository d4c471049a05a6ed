// pino options shared by the server and the CLI. Secrets are masked in every field and message:
// by field name (password, token, authorization, cookie, …) and by shape (provider keys, JWTs).
import { stdSerializers, type LoggerOptions } from 'pino';

export const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|credential/i;

export const SECRET_SHAPES: RegExp[] = [
  /\bBearer\s+[\w.~+/=-]+/gi,
  /\b(sk-ant-|sk-proj-|sk-|pplx-|xai-|gsk_)[\w-]{6,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g,
];

export const REDACTED = '[REDACTED]';

export function maskSecrets(text: string): string {
  return SECRET_SHAPES.reduce(
    (masked, shape) =>
      masked.replace(shape, (match) => (match.toLowerCase().startsWith('bearer') ? `Bearer ${REDACTED}` : REDACTED)),
    text,
  );
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    return redact({ type: name, message, stack, ...(code === undefined ? {} : { code }) }, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactField(key, item, depth + 1)]));
}

const redactField = (key: string, value: unknown, depth: number): unknown =>
  SECRET_FIELD.test(key) && value !== null && value !== undefined ? REDACTED : redact(value, depth);

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    formatters: {
      // Top-level errors are left to the `err` serializer, which keeps their type and cause chain.
      log: (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [
            key,
            value instanceof Error ? value : redactField(key, value, 1),
          ]),
        ),
    },
    serializers: { err: (error: Error) => redact(stdSerializers.err(error)) },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  };
}
