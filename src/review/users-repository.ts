import { and, asc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessions, signInThrottle, users } from '../db/schema.js';
import type { Role } from './roles.js';

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  failedSignIns: number;
  lockedAt: Date | null;
  createdAt: Date;
}

export type UserSummary = Omit<UserRecord, 'passwordHash'>;

export interface SessionUser {
  username: string;
  role: Role;
  csrfToken: string;
}

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

export interface UsersRepository {
  /** Adds a user; false when the name is taken. */
  create(user: { username: string; passwordHash: string; role: Role }): Promise<boolean>;
  find(username: string): Promise<UserRecord | null>;
  list(): Promise<UserSummary[]>;
  /** Counts a failed sign-in; locks the account when it reaches `lockAfter` in a row. */
  recordFailedSignIn(username: string, lockAfter: number): Promise<{ failures: number; locked: boolean; lockedNow: boolean }>;
  /** A successful sign-in: the count of failures starts again. */
  recordSignIn(username: string): Promise<void>;
  /** Unlocks the account and resets its failures; false when there is no such user. */
  unlock(username: string): Promise<boolean>;
  /** Changes the role; refuses to take the role of the last admin. */
  setRole(username: string, role: Role): Promise<'changed' | 'not-found' | 'last-admin'>;
  /** Sets a new password, unlocks the account and ends its sessions; false when there is no such user. */
  setPassword(username: string, passwordHash: string): Promise<boolean>;

  createSession(session: { id: string; username: string; csrfToken: string }): Promise<void>;
  /** The session's user when the session is alive (marks it used), else null. */
  useSession(id: string, times: SessionTimes): Promise<SessionUser | null>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(times: SessionTimes): Promise<number>;

  /** Failed sign-ins under `key` in the current window, and when that window ends. */
  throttle(key: string, windowMs: number): Promise<{ failures: number; windowEndsAt: Date | null }>;
  recordThrottledFailure(key: string, windowMs: number): Promise<void>;
  clearThrottle(key: string): Promise<void>;
}

const ms = (n: number) => sql`(${n}::double precision * interval '1 millisecond')`;

const summaryColumns = {
  username: users.username,
  role: users.role,
  failedSignIns: users.failedSignIns,
  lockedAt: users.lockedAt,
  createdAt: users.createdAt,
};

export function createUsersRepository(db: Db): UsersRepository {
  return {
    async create(user) {
      const rows = await db.insert(users).values(user).onConflictDoNothing().returning({ username: users.username });
      return rows.length === 1;
    },

    async find(username) {
      const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
      return row ?? null;
    },

    async list() {
      return db.select(summaryColumns).from(users).orderBy(asc(users.username));
    },

    async recordFailedSignIn(username, lockAfter) {
      const [row] = await db
        .update(users)
        .set({
          failedSignIns: sql`${users.failedSignIns} + 1`,
          lockedAt: sql`case when ${users.lockedAt} is null and ${users.failedSignIns} + 1 >= ${lockAfter}::int then now() else ${users.lockedAt} end`,
        })
        .where(eq(users.username, username))
        .returning({ failures: users.failedSignIns, lockedAt: users.lockedAt });
      if (!row) return { failures: 0, locked: false, lockedNow: false };
      return { failures: row.failures, locked: row.lockedAt !== null, lockedNow: row.lockedAt !== null && row.failures === lockAfter };
    },

    async recordSignIn(username) {
      await db.update(users).set({ failedSignIns: 0 }).where(eq(users.username, username));
    },

    async unlock(username) {
      const rows = await db.update(users).set({ failedSignIns: 0, lockedAt: null }).where(eq(users.username, username)).returning({ username: users.username });
      return rows.length === 1;
    },

    async setRole(username, role) {
      return db.transaction(async (tx) => {
        // Lock the admins' rows so two admins cannot demote each other at the same time.
        const admins = await tx.select({ username: users.username }).from(users).where(eq(users.role, 'admin')).for('update');
        const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.username, username)).for('update');
        if (!user) return 'not-found' as const;
        if (user.role === 'admin' && role !== 'admin' && admins.length <= 1) return 'last-admin' as const;
        await tx.update(users).set({ role }).where(eq(users.username, username));
        return 'changed' as const;
      });
    },

    async setPassword(username, passwordHash) {
      return db.transaction(async (tx) => {
        const rows = await tx.update(users).set({ passwordHash, failedSignIns: 0, lockedAt: null }).where(eq(users.username, username)).returning({ username: users.username });
        if (rows.length === 0) return false;
        await tx.delete(sessions).where(eq(sessions.username, username));
        return true;
      });
    },

    async createSession(session) {
      await db.insert(sessions).values(session);
    },

    async useSession(id, times) {
      const [row] = await db
        .update(sessions)
        .set({ lastSeenAt: sql`now()` })
        .from(users)
        .where(
          and(
            eq(sessions.id, id),
            eq(users.username, sessions.username),
            gt(sessions.lastSeenAt, sql`now() - ${ms(times.idleMs)}`),
            gt(sessions.createdAt, sql`now() - ${ms(times.maxMs)}`),
          ),
        )
        .returning({ username: users.username, role: users.role, csrfToken: sessions.csrfToken });
      return row ?? null;
    },

    async deleteSession(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },

    async deleteExpiredSessions(times) {
      const rows = await db
        .delete(sessions)
        .where(or(lt(sessions.lastSeenAt, sql`now() - ${ms(times.idleMs)}`), lt(sessions.createdAt, sql`now() - ${ms(times.maxMs)}`)))
        .returning({ id: sessions.id });
      return rows.length;
    },

    async throttle(key, windowMs) {
      const [row] = await db
        .select({ failures: signInThrottle.failures, windowEndsAt: sql<Date | string>`${signInThrottle.windowStartedAt} + ${ms(windowMs)}` })
        .from(signInThrottle)
        .where(and(eq(signInThrottle.key, key), gt(signInThrottle.windowStartedAt, sql`now() - ${ms(windowMs)}`)))
        .limit(1);
      return row ? { failures: row.failures, windowEndsAt: new Date(row.windowEndsAt) } : { failures: 0, windowEndsAt: null };
    },

    async recordThrottledFailure(key, windowMs) {
      const expired = sql`${signInThrottle.windowStartedAt} <= now() - ${ms(windowMs)}`;
      await db
        .insert(signInThrottle)
        .values({ key, failures: 1 })
        .onConflictDoUpdate({
          target: signInThrottle.key,
          set: {
            failures: sql`case when ${expired} then 1 else ${signInThrottle.failures} + 1 end`,
            windowStartedAt: sql`case when ${expired} then now() else ${signInThrottle.windowStartedAt} end`,
          },
        });
      // Old windows are of no use: keep the table small.
      await db.delete(signInThrottle).where(lt(signInThrottle.windowStartedAt, sql`now() - ${ms(windowMs * 2)}`));
    },

    async clearThrottle(key) {
      await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
    },
  };
}
