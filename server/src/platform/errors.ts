// Errors are values with a code: services throw AppError, the error handler in app.ts
// turns it into application/problem+json (RFC 9457). `internal` errors never show their
// detail to a client.
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly internal: boolean;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    code: string,
    statusCode: number,
    detail: string,
    options: {
      internal?: boolean;
      cause?: unknown;
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusCode;
    this.internal = options.internal ?? statusCode >= 500;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
