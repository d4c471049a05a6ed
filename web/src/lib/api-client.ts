// The one HTTP client of the app: JSON over fetch against '/api' on the same origin. The access
// token lives in memory only; the refresh token is an httpOnly cookie the browser sends to
// /api/auth/refresh, which we call once on a 401 before retrying the request. No side effects
// (toasts, redirects) here: callers and the auth feature decide what a failure means.

export const API_BASE = '/api';

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: 'admin' | 'user';
  disabled: boolean;
  createdAt: string;
}

export interface AuthSession {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}

/** An RFC 9457 problem from the server, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>, requestId?: string) {
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : '';
    super(detail || `request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'network_error' : 'http_error';
    this.detail = detail;
    this.requestId = typeof body.requestId === 'string' ? body.requestId : requestId;
    this.body = body;
  }
}

type SessionListener = (session: AuthSession | null) => void;

let accessToken: string | null = null;
const sessionListeners = new Set<SessionListener>();

/** Stores a fresh sign-in (login, register, refresh) and tells the listeners. */
export function setSession(session: AuthSession | null) {
  accessToken = session?.accessToken ?? null;
  for (const listener of sessionListeners) listener(session);
}

export const getAccessToken = () => accessToken;

/** Called with every new session, and with null when the session ended (refresh refused). */
export function onSessionChange(listener: SessionListener) {
  sessionListeners.add(listener);
  return () => {
    sessionListeners.delete(listener);
  };
}

let refreshing: Promise<AuthSession | null> | null = null;

async function requestRefresh(): Promise<AuthSession | null> {
  const response = await fetch(`${API_BASE}/auth/refresh`, { method: 'POST', credentials: 'same-origin' });
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as AuthSession;
}

/**
 * Exchanges the refresh cookie for a new access token. One refresh at a time, across tabs too
 * (Web Locks): the server rotates the token on every use and treats a reused one as theft, so
 * two parallel refreshes with the same cookie would end the whole login.
 */
export function refreshSession(): Promise<AuthSession | null> {
  refreshing ??= (async () => {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const session = locks ? await locks.request('xionimus-auth-refresh', requestRefresh) : await requestRefresh();
      setSession(session);
      return session;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function toApiError(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = { detail: response.statusText };
  }
  return new ApiError(response.status, body, requestId);
}

export interface RequestOptions {
  method?: string;
  /** Serialised as JSON; FormData goes as multipart, as it is. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** false for the sign-in endpoints: no Authorization header and no refresh on 401. */
  auth?: boolean;
}

function buildUrl(path: string, query?: RequestOptions['query']) {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

/** The raw response (for streams and downloads); throws ApiError unless it is 2xx. */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = 'GET', body, query, headers = {}, signal, auth = true } = options;
  const send = (token: string | null) => {
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    const allHeaders: Record<string, string> = { accept: 'application/json, text/event-stream', ...headers };
    // The browser sets the multipart content type itself, with its boundary.
    if (body !== undefined && !multipart) allHeaders['content-type'] = 'application/json';
    if (auth && token) allHeaders.authorization = `Bearer ${token}`;
    return fetch(buildUrl(path, query), {
      method,
      headers: allHeaders,
      body: body === undefined ? undefined : multipart ? (body as FormData) : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  };

  let response: Response;
  try {
    response = await send(accessToken);
    if (response.status === 401 && auth && (await isSessionError(response))) {
      const session = await refreshSession();
      if (session) response = await send(session.accessToken);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, { detail: error instanceof Error ? error.message : 'network error' });
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/**
 * A 401 about the access token (expired, invalid, missing) is worth a refresh; one about what
 * was sent (a wrong current password) is not: retrying would only count another failure.
 */
async function isSessionError(response: Response): Promise<boolean> {
  const code = await response
    .clone()
    .json()
    .then(
      (body: { code?: unknown }) => body.code,
      () => undefined,
    );
  return typeof code !== 'string' || ['token_expired', 'invalid_token', 'unauthenticated'].includes(code);
}

async function json<T>(path: string, options: RequestOptions): Promise<T> {
  const response = await apiFetch(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    json<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    json<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    json<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    json<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    json<T>(path, { ...options, method: 'DELETE' }),
};
