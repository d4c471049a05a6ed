import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { withProblems } from '../../platform/http.js';
import { PASSWORD_MAX, PASSWORD_MIN, toPublicUser } from '../users/service.js';
import { REFRESH_TOKEN_TTL_MS } from './service.js';

export const REFRESH_COOKIE = 'xionimus_refresh';
const COOKIE_PATH = '/api/auth';

const Email = Type.String({ format: 'email', maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Type.Enum(['admin', 'user']),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});

const SessionSchema = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'seconds' }),
  refreshToken: Type.Optional(Type.String({ description: 'only when tokenDelivery is "body" (API clients)' })),
  user: UserSchema,
});

const TokenDelivery = Type.Optional(
  Type.Enum(['cookie', 'body'], {
    description: 'cookie (default, browsers): refresh token in an httpOnly cookie; body: returned in the response',
  }),
);

const RefreshTokenBody = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'API clients; browsers use the cookie' }),
    ),
  },
  { additionalProperties: false },
);

// Stricter quotas on the routes that guess or create credentials, counted per IP.
const authLimit = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });

export const authRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, users, config, origin }) => {
  const cookieOptions = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.isProduction || request.protocol === 'https',
    path: COOKIE_PATH,
  });

  const sendSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    session: Awaited<ReturnType<typeof auth.login>>,
    delivery: 'cookie' | 'body' = 'cookie',
  ) => {
    if (delivery === 'cookie') {
      reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
        ...cookieOptions(request),
        maxAge: REFRESH_TOKEN_TTL_MS / 1000,
      });
    }
    reply.header('cache-control', 'no-store');
    return {
      accessToken: session.accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: session.expiresIn,
      refreshToken: delivery === 'body' ? session.refreshToken : undefined,
      user: session.user,
    };
  };

  // Browsers call refresh and logout with the cookie and no body at all.
  const emptyBodyAllowed = async (request: FastifyRequest) => {
    request.body ??= {};
  };

  const presentedRefreshToken = (request: FastifyRequest, body?: { refreshToken?: string }) =>
    body?.refreshToken ?? request.cookies[REFRESH_COOKIE];

  app.post(
    '/api/auth/register',
    {
      config: authLimit(10),
      schema: {
        operationId: 'register',
        tags: ['auth'],
        summary: 'Create an account (and sign in)',
        body: Type.Object(
          {
            email: Email,
            password: Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            inviteToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            setupToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            tokenDelivery: TokenDelivery,
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: SessionSchema }),
      },
    },
    async (request, reply) => {
      const session = await auth.register(request.body, origin(request));
      reply.code(201);
      return sendSession(request, reply, session, request.body.tokenDelivery);
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: authLimit(20),
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: Type.Object(
          { email: Email, password: Password, tokenDelivery: TokenDelivery },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: SessionSchema }),
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await auth.login(request.body, origin(request)), request.body.tokenDelivery),
  );

  app.post(
    '/api/auth/refresh',
    {
      config: authLimit(60),
      preValidation: emptyBodyAllowed,
      schema: {
        operationId: 'refresh',
        tags: ['auth'],
        summary: 'Exchange a refresh token (cookie or body) for a new access token; the refresh token rotates',
        body: RefreshTokenBody,
        response: withProblems({ 200: SessionSchema }),
      },
    },
    async (request, reply) => {
      const token = presentedRefreshToken(request, request.body);
      if (!token) throw new AppError('invalid_refresh_token', 401, 'no refresh token in the cookie or the body');
      const session = await auth.refresh(token, origin(request)).catch((error: unknown) => {
        reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
        throw error;
      });
      return sendSession(request, reply, session, request.body.refreshToken ? 'body' : 'cookie');
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: authLimit(60),
      preValidation: emptyBodyAllowed,
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End this login: its refresh tokens are revoked and the cookie cleared',
        body: RefreshTokenBody,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await auth.logout(presentedRefreshToken(request, request.body), request.user?.id, origin(request));
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: 'The signed-in user',
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => {
      const user = await users.findById(request.user!.id);
      if (!user) throw new AppError('user_not_found', 404, 'your account no longer exists');
      return toPublicUser(user);
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { auth: 'user', ...authLimit(10) },
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: 'Change your password; every other session ends',
        body: Type.Object(
          {
            currentPassword: Password,
            newPassword: Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }),
            tokenDelivery: TokenDelivery,
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: SessionSchema }),
      },
    },
    async (request, reply) => {
      const session = await auth.changePassword(
        request.user!.id,
        request.body.currentPassword,
        request.body.newPassword,
        origin(request),
      );
      return sendSession(request, reply, session, request.body.tokenDelivery);
    },
  );
};
