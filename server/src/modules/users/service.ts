// Accounts: creation with the password policy, argon2id hashing, lookups, and the admin's
// changes (role, disabled). Authentication flows live in the auth module.
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../platform/errors.js';
import type { Role, UserRow } from '../../platform/db/schema.js';
import { keysetPage } from '../../platform/http.js';
import type { UsersStore } from './store.js';

// OWASP's argon2id baseline (19 MiB, 2 passes); Algorithm.Argon2id is the const enum value 2.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export const toPublicUser = (row: UserRow): PublicUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function checkPasswordPolicy(password: string, email: string, name?: string | null) {
  if (password.length < PASSWORD_MIN) {
    throw new AppError('weak_password', 400, `password must have at least ${PASSWORD_MIN} characters`);
  }
  if (password.length > PASSWORD_MAX) {
    throw new AppError('weak_password', 400, `password must have at most ${PASSWORD_MAX} characters`);
  }
  const lowered = password.trim().toLowerCase();
  const forbidden = [normaliseEmail(email), normaliseEmail(email).split('@')[0], name?.trim().toLowerCase()];
  if (forbidden.some((value) => value && value === lowered)) {
    throw new AppError('weak_password', 400, 'password must not be the same as your email address or name');
  }
}

export const hashPassword = (password: string) => hash(password, ARGON2);

export function createUsersService(store: UsersStore) {
  // Verifying against this when an account does not exist keeps the timing of "unknown user"
  // and "wrong password" alike.
  const dummyHash = hashPassword(randomUUID());

  return {
    /** With `claimAdmin`, the account becomes admin if no first admin was claimed before (atomically). */
    async create(input: {
      id?: string;
      email: string;
      password: string;
      name?: string | null;
      role: Role;
      claimAdmin?: boolean;
    }) {
      const email = normaliseEmail(input.email);
      checkPasswordPolicy(input.password, email, input.name);
      if (await store.findByEmail(email)) {
        throw new AppError('email_taken', 409, 'an account with this email address already exists');
      }
      const now = new Date().toISOString();
      const row: UserRow = {
        id: input.id ?? randomUUID(),
        email,
        name: input.name?.trim() || null,
        password_hash: await hashPassword(input.password),
        role: input.role,
        disabled: 0,
        created_at: now,
        updated_at: now,
      };
      try {
        if (!input.claimAdmin) await store.insert(row);
        else if (await store.insertClaimingAdmin(row)) row.role = 'admin';
      } catch (error) {
        // Two sign-ups racing for one address: the unique index decides.
        if (await store.findByEmail(email)) {
          throw new AppError('email_taken', 409, 'an account with this email address already exists');
        }
        throw error;
      }
      return toPublicUser(row);
    },

    /** Returns the user when the password matches; undefined otherwise, with the same cost either way. */
    async verifyCredentials(email: string, password: string): Promise<UserRow | undefined> {
      const user = await store.findByEmail(normaliseEmail(email));
      const matches = await verify(user?.password_hash ?? (await dummyHash), password.slice(0, PASSWORD_MAX)).catch(
        () => false,
      );
      return user && matches ? user : undefined;
    },

    findById: (id: string) => store.findById(id),
    findByEmail: (email: string) => store.findByEmail(normaliseEmail(email)),
    count: () => store.count(),
    adminClaimed: () => store.adminClaimed(),

    async setPassword(user: UserRow, password: string) {
      checkPasswordPolicy(password, user.email, user.name);
      await store.update(user.id, {
        password_hash: await hashPassword(password),
        updated_at: new Date().toISOString(),
      });
    },

    async list(limit: number, cursor?: string) {
      const { rows, nextCursor } = await keysetPage(
        { limit, cursor },
        2,
        (after, count) => store.list(count, after ? { createdAt: after[0]!, id: after[1]! } : undefined),
        (row) => [row.created_at, row.id],
      );
      return { items: rows.map(toPublicUser), nextCursor };
    },

    async update(id: string, changes: { role?: Role; disabled?: boolean }) {
      const user = await store.findById(id);
      if (!user) throw new AppError('user_not_found', 404, `no user with id ${id}`);
      const losesAdmin =
        user.role === 'admin' && user.disabled === 0 && (changes.role === 'user' || changes.disabled === true);
      if (losesAdmin && (await store.countActiveAdmins()) <= 1) {
        throw new AppError('last_admin', 409, 'this is the last active admin; promote another user first');
      }
      await store.update(id, {
        role: changes.role,
        disabled: changes.disabled === undefined ? undefined : Number(changes.disabled),
        updated_at: new Date().toISOString(),
      });
      return { before: toPublicUser(user), after: toPublicUser((await store.findById(id))!) };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
