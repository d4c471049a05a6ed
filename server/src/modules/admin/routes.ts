import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { UserSchema } from '../auth/routes.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const Registration = Type.Enum(['open', 'invite', 'closed']);

const AuditEntry = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  event: Type.String(),
  outcome: Type.String(),
  actorId: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  details: Nullable(Type.Object({}, { additionalProperties: true })),
});

const Invitation = Type.Object({
  id: Type.String(),
  email: Nullable(Type.String()),
  role: Type.Enum(['admin', 'user']),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  usedAt: Nullable(Type.String()),
});

export const adminRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { users, audit, settings, auth, origin },
) => {
  const admin = { auth: 'admin' as const };

  app.get(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        operationId: 'listUsers',
        tags: ['admin'],
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: withProblems({
          200: PageOf(UserSchema),
        }),
      },
    },
    async (request) => users.list(request.query.limit, request.query.cursor),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: admin,
      schema: {
        operationId: 'updateUser',
        tags: ['admin'],
        summary: 'Change a user’s role or disable/enable the account',
        params: IdParams,
        body: Type.Object(
          { role: Type.Optional(Type.Enum(['admin', 'user'])), disabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => {
      const { before, after } = await users.update(request.params.id, request.body);
      const actor = {
        actorId: request.user!.id,
        targetId: after.id,
        origin: origin(request),
        outcome: 'success' as const,
      };
      if (before.role !== after.role) {
        await audit.record({ ...actor, event: 'role_change', details: { from: before.role, to: after.role } });
      }
      if (before.disabled !== after.disabled) {
        await audit.record({ ...actor, event: after.disabled ? 'user_disabled' : 'user_enabled' });
      }
      return after;
    },
  );

  app.get(
    '/api/admin/audit',
    {
      config: admin,
      schema: {
        operationId: 'listAuditLog',
        tags: ['admin'],
        summary: 'Security events, newest first',
        querystring: Type.Object(
          {
            ...PageQuery,
            event: Type.Optional(Type.String({ maxLength: 64 })),
            actorId: Type.Optional(Type.String({ maxLength: 64 })),
            outcome: Type.Optional(Type.Enum(['success', 'failure'])),
            since: Type.Optional(Type.String({ format: 'date-time' })),
            until: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: PageOf(AuditEntry),
        }),
      },
    },
    async (request) => {
      const { since, until, ...rest } = request.query;
      return audit.list({
        ...rest,
        since: since ? new Date(since).toISOString() : undefined,
        until: until ? new Date(until).toISOString() : undefined,
      });
    },
  );

  const SettingsView = Type.Object({ registration: Registration });

  app.get(
    '/api/admin/settings',
    {
      config: admin,
      schema: { operationId: 'getServerSettings', tags: ['admin'], response: withProblems({ 200: SettingsView }) },
    },
    async () => ({ registration: await settings.registrationMode() }),
  );

  app.put(
    '/api/admin/settings',
    {
      config: admin,
      schema: {
        operationId: 'putServerSettings',
        tags: ['admin'],
        body: Type.Object({ registration: Registration }, { additionalProperties: false }),
        response: withProblems({ 200: SettingsView }),
      },
    },
    async (request) => {
      const before = await settings.registrationMode();
      await settings.setRegistrationMode(request.body.registration);
      await audit.record({
        event: 'registration_mode_changed',
        outcome: 'success',
        actorId: request.user!.id,
        origin: origin(request),
        details: { from: before, to: request.body.registration },
      });
      return { registration: request.body.registration };
    },
  );

  app.post(
    '/api/admin/invitations',
    {
      config: admin,
      schema: {
        operationId: 'createInvitation',
        tags: ['admin'],
        summary: 'A single-use sign-up link; the token is shown only in this response',
        body: Type.Object(
          {
            email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
            role: Type.Enum(['admin', 'user'], { default: 'user' }),
            expiresInHours: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 72 }),
          },
          { additionalProperties: false },
        ),
        response: withProblems({
          201: Type.Intersect([Invitation, Type.Object({ token: Type.String(), url: Type.String() })]),
        }),
      },
    },
    async (request, reply) => {
      const invitation = await auth.createInvitation(request.user!.id, request.body, origin(request));
      reply.code(201);
      const base = `${request.protocol}://${request.host}`;
      return { ...invitation, url: `${base}/register?invite=${encodeURIComponent(invitation.token)}` };
    },
  );

  app.get(
    '/api/admin/invitations',
    {
      config: admin,
      schema: {
        operationId: 'listInvitations',
        tags: ['admin'],
        response: withProblems({ 200: Type.Object({ items: Type.Array(Invitation) }) }),
      },
    },
    async () => ({ items: await auth.listInvitations() }),
  );

  app.delete(
    '/api/admin/invitations/:id',
    {
      config: admin,
      schema: {
        operationId: 'revokeInvitation',
        tags: ['admin'],
        params: IdParams,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await auth.revokeInvitation(request.user!.id, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );
};
