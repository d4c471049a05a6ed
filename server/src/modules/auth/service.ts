// Sign-up, sign-in and sessions: argon2id credentials, 15-minute access JWTs and rotating
// refresh tokens stored hashed, where presenting a rotated token revokes its whole family.
// Also invitations, login throttling and the first-admin rules.
import { randomUUID } from 'node:crypto';
import { randomToken, sha256 } from '../../platform/crypto.js';
import type { CounterStore } from '../../platform/counters.js';
import type { Role, UserRow } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService, RequestOrigin } from '../audit/service.js';
import type { SettingsService } from '../settings/service.js';
import { normaliseEmail, toPublicUser, type UsersService } from '../users/service.js';
import type { AuthStore } from './store.js';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from './tokens.js';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOGIN_THROTTLE = { perAccount: 5, perIp: 20, windowMs: 15 * 60 * 1000 };

const invalidRefresh = () =>
  new AppError('invalid_refresh_token', 401, 'refresh token is invalid or expired; log in again');

export interface AuthDeps {
  store: AuthStore;
  users: UsersService;
  settings: SettingsService;
  audit: AuditService;
  accessTokens: AccessTokens;
  counters: CounterStore;
  /** True when the server listens on loopback only: then the first account may become admin. */
  loopbackOnly: boolean;
}

export function createAuthService(deps: AuthDeps) {
  const { store, users, settings, audit, accessTokens, counters } = deps;

  async function issueSession(user: UserRow, origin: RequestOrigin, familyId: string = randomUUID()) {
    const refreshToken = randomToken(32);
    const now = Date.now();
    await store.insertRefreshToken({
      id: randomUUID(),
      user_id: user.id,
      family_id: familyId,
      token_hash: sha256(refreshToken),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + REFRESH_TOKEN_TTL_MS).toISOString(),
      rotated_at: null,
      revoked_at: null,
      ip: origin.ip ?? null,
      user_agent: origin.userAgent?.slice(0, 512) ?? null,
    });
    return {
      accessToken: await accessTokens.sign({ userId: user.id, role: user.role }),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshTokenExpiresAt: new Date(now + REFRESH_TOKEN_TTL_MS).toISOString(),
      user: toPublicUser(user),
    };
  }

  /** Sets a new password and ends every session of the account. */
  async function setPassword(
    user: UserRow,
    password: string,
    event: 'password_reset' | 'password_change',
    actorId: string | null,
    origin: RequestOrigin = {},
  ) {
    await users.setPassword(user, password);
    await store.revokeAllForUser(user.id, new Date().toISOString());
    await audit.record({ event, outcome: 'success', actorId, targetId: user.id, origin });
  }

  async function findUsableInvitation(token: string, email: string) {
    const invitation = await store.findInvitation(sha256(token));
    const usable =
      invitation &&
      !invitation.used_at &&
      invitation.expires_at > new Date().toISOString() &&
      (!invitation.email || invitation.email === email);
    if (!usable)
      throw new AppError('invalid_invitation', 400, 'the invitation is unknown, used, expired or for another email');
    return invitation;
  }

  return {
    issueSession,

    async register(
      input: { email: string; password: string; name?: string; inviteToken?: string; setupToken?: string },
      origin: RequestOrigin,
    ) {
      const email = normaliseEmail(input.email);
      const mode = await settings.registrationMode();
      const viaSetupToken = await settings.isSetupToken(input.setupToken);
      if (input.setupToken && !viaSetupToken) {
        throw new AppError('invalid_setup_token', 400, 'the setup token is wrong or was already used');
      }
      const invitation = input.inviteToken ? await findUsableInvitation(input.inviteToken, email) : undefined;
      if (mode === 'closed' && !viaSetupToken) {
        throw new AppError(
          'registration_closed',
          403,
          'registration is closed on this server; ask an admin for an account',
        );
      }
      if (mode === 'invite' && !invitation && !viaSetupToken) {
        throw new AppError('invitation_required', 403, 'registration on this server needs an invitation link');
      }

      const id = randomUUID();
      if (invitation && !(await store.useInvitation(invitation.id, id, new Date().toISOString()))) {
        throw new AppError('invalid_invitation', 400, 'the invitation was used by another sign-up at the same moment');
      }
      const created = await users
        .create({
          id,
          email,
          password: input.password,
          name: input.name,
          role: invitation?.role ?? 'user',
          claimAdmin: deps.loopbackOnly || viaSetupToken,
        })
        .catch(async (error: unknown) => {
          if (invitation) await store.releaseInvitation(invitation.id);
          throw error;
        });
      if (created.role === 'admin' && viaSetupToken) await settings.consumeSetupToken();
      await audit.record({
        event: 'register',
        outcome: 'success',
        actorId: created.id,
        targetId: created.id,
        origin,
        details: { role: created.role, via: viaSetupToken ? 'setup_token' : invitation ? 'invitation' : 'open' },
      });
      return issueSession((await users.findById(created.id))!, origin);
    },

    async login(input: { email: string; password: string }, origin: RequestOrigin) {
      const email = normaliseEmail(input.email);
      const accountKey = `login:account:${sha256(email)}`;
      const ipKey = `login:ip:${origin.ip ?? 'unknown'}`;
      const [account, ip] = await Promise.all([counters.peek(accountKey), counters.peek(ipKey)]);
      if (account.count >= LOGIN_THROTTLE.perAccount || ip.count >= LOGIN_THROTTLE.perIp) {
        const retryAfter = Math.ceil(Math.max(account.resetInMs, ip.resetInMs, 1000) / 1000);
        await audit.record({ event: 'login', outcome: 'failure', origin, details: { email, reason: 'throttled' } });
        throw new AppError('login_throttled', 429, `too many failed logins; try again in ${retryAfter} seconds`, {
          headers: { 'retry-after': String(retryAfter) },
          extra: { retryAfter },
        });
      }

      const user = await users.verifyCredentials(email, input.password);
      if (!user) {
        await Promise.all([
          counters.hit(accountKey, LOGIN_THROTTLE.windowMs),
          counters.hit(ipKey, LOGIN_THROTTLE.windowMs),
        ]);
        await audit.record({
          event: 'login',
          outcome: 'failure',
          origin,
          details: { email, reason: 'invalid_credentials' },
        });
        throw new AppError('invalid_credentials', 401, 'email or password is wrong');
      }
      if (user.disabled) {
        await audit.record({
          event: 'login',
          outcome: 'failure',
          actorId: user.id,
          origin,
          details: { reason: 'disabled' },
        });
        throw new AppError('account_disabled', 403, 'this account is disabled; ask an admin');
      }
      await counters.reset(accountKey);
      await audit.record({ event: 'login', outcome: 'success', actorId: user.id, origin });
      return issueSession(user, origin);
    },

    async refresh(refreshToken: string, origin: RequestOrigin) {
      const row = await store.findRefreshToken(sha256(refreshToken));
      if (!row || row.revoked_at || row.expires_at <= new Date().toISOString()) throw invalidRefresh();
      const now = new Date().toISOString();
      if (row.rotated_at || !(await store.markRotated(row.id, now))) {
        // A rotated token presented again means it was copied: end every session of that login.
        await store.revokeFamily(row.family_id, now);
        await audit.record({
          event: 'refresh_token_reuse',
          outcome: 'failure',
          actorId: row.user_id,
          origin,
          details: { familyId: row.family_id },
        });
        throw new AppError(
          'refresh_token_reused',
          401,
          'this refresh token was already used; all sessions of this login were ended',
        );
      }
      const user = await users.findById(row.user_id);
      if (!user || user.disabled) {
        await store.revokeFamily(row.family_id, now);
        throw invalidRefresh();
      }
      return issueSession(user, origin, row.family_id);
    },

    async logout(refreshToken: string | undefined, actorId: string | undefined, origin: RequestOrigin) {
      const row = refreshToken ? await store.findRefreshToken(sha256(refreshToken)) : undefined;
      if (row) await store.revokeFamily(row.family_id, new Date().toISOString());
      await audit.record({ event: 'logout', outcome: 'success', actorId: actorId ?? row?.user_id ?? null, origin });
    },

    setPassword,

    async changePassword(userId: string, currentPassword: string, newPassword: string, origin: RequestOrigin) {
      const user = await users.findById(userId);
      const verified = user && (await users.verifyCredentials(user.email, currentPassword));
      if (!verified) {
        await audit.record({ event: 'password_change', outcome: 'failure', actorId: userId, origin });
        throw new AppError('invalid_credentials', 401, 'current password is wrong');
      }
      await setPassword(verified, newPassword, 'password_change', userId, origin);
      return issueSession(verified, origin);
    },

    async createInvitation(
      adminId: string,
      input: { email?: string; role: Role; expiresInHours: number },
      origin: RequestOrigin,
    ) {
      const token = randomToken(24);
      const now = Date.now();
      const row = {
        id: randomUUID(),
        token_hash: sha256(token),
        email: input.email ? normaliseEmail(input.email) : null,
        role: input.role,
        created_by: adminId,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + input.expiresInHours * 3600 * 1000).toISOString(),
        used_at: null,
        used_by: null,
      };
      await store.insertInvitation(row);
      await audit.record({
        event: 'invitation_created',
        outcome: 'success',
        actorId: adminId,
        targetId: row.id,
        origin,
        details: { role: row.role },
      });
      return { ...toPublicInvitation(row), token };
    },

    async listInvitations() {
      return (await store.listInvitations()).map(toPublicInvitation);
    },

    async revokeInvitation(adminId: string, id: string, origin: RequestOrigin) {
      if (!(await store.deleteInvitation(id)))
        throw new AppError('invitation_not_found', 404, `no invitation with id ${id}`);
      await audit.record({ event: 'invitation_revoked', outcome: 'success', actorId: adminId, targetId: id, origin });
    },

    verifyAccessToken: (token: string) => accessTokens.verify(token),
  };
}

const toPublicInvitation = (row: {
  id: string;
  email: string | null;
  role: Role;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

export type AuthService = ReturnType<typeof createAuthService>;
