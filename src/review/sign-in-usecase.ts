import type { ReviewConfig } from '../config/config.js';
import type { Logger } from '../shared/logger.js';
import type { ReviewRepository } from './review-repository.js';
import { isRole, USERNAME, type Role } from './roles.js';
import { decoyHash, newToken, sha256Hex, verifyPassword } from './secrets.js';
import type { SessionUser, UsersRepository } from './users-repository.js';

export interface SignInDeps {
  users: UsersRepository;
  review: Pick<ReviewRepository, 'recordEvent'>;
  config: ReviewConfig;
  log: Logger;
}

export type SignInOutcome =
  | { kind: 'signed-in'; token: string; csrfToken: string; user: { name: string; role: Role } }
  /** Unknown user or wrong password: the same answer for both. */
  | { kind: 'invalid' }
  | { kind: 'locked' }
  | { kind: 'rate-limited'; retryAfterS: number };

/** The rate-limit key of a user name and client address; hashed so typed text is never stored. */
function throttleKey(username: string, clientAddress: string): string {
  return sha256Hex(`${username.toLowerCase()}\n${clientAddress}`);
}

/**
 * Signs a user in with name and password. Failed sign-ins are limited per user name and client
 * address (429 once `signInRateLimit` fail within the window) and lock the account after
 * `lockAfterFailures` in a row (only an admin unlocks it). A new session replaces `previousToken`.
 */
export async function signIn(
  deps: SignInDeps,
  input: { username: string; password: string; clientAddress: string; previousToken: string | null },
): Promise<SignInOutcome> {
  const { users, config, log } = deps;
  const key = throttleKey(input.username, input.clientAddress);
  const throttle = await users.throttle(key, config.signInWindowMs);
  if (throttle.failures >= config.signInRateLimit && throttle.windowEndsAt) {
    log.warn('review.sign_in_rate_limited', {});
    return { kind: 'rate-limited', retryAfterS: Math.max(1, Math.ceil((throttle.windowEndsAt.getTime() - Date.now()) / 1000)) };
  }
  const user = USERNAME.test(input.username) ? await users.find(input.username) : null;
  if (!user || !isRole(user.role)) {
    // As slow as a wrong password, so the answer's timing does not tell which names exist.
    await verifyPassword(input.password, await decoyHash());
    await users.recordThrottledFailure(key, config.signInWindowMs);
    log.info('review.sign_in_failed', { reason: 'invalid' });
    return { kind: 'invalid' };
  }
  if (user.lockedAt) {
    await users.recordThrottledFailure(key, config.signInWindowMs);
    log.info('review.sign_in_failed', { reason: 'locked' });
    return { kind: 'locked' };
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await users.recordThrottledFailure(key, config.signInWindowMs);
    const failed = await users.recordFailedSignIn(user.username, config.lockAfterFailures);
    await deps.review.recordEvent({ actor: user.username, action: 'auth.sign_in_failed', intakeId: null, details: { failuresInARow: failed.failures } });
    if (failed.lockedNow) {
      await deps.review.recordEvent({ actor: user.username, action: 'auth.locked', intakeId: null, details: { failuresInARow: failed.failures } });
      log.warn('review.account_locked', { failures: failed.failures });
    }
    log.info('review.sign_in_failed', { reason: failed.locked ? 'locked' : 'invalid' });
    return failed.locked ? { kind: 'locked' } : { kind: 'invalid' };
  }
  await users.recordSignIn(user.username);
  await users.clearThrottle(key);
  if (input.previousToken) await users.deleteSession(sha256Hex(input.previousToken));
  await users.deleteExpiredSessions(sessionTimes(config));
  const token = newToken();
  const csrfToken = newToken();
  await users.createSession({ id: sha256Hex(token), username: user.username, csrfToken });
  await deps.review.recordEvent({ actor: user.username, action: 'auth.signed_in', intakeId: null, details: {} });
  return { kind: 'signed-in', token, csrfToken, user: { name: user.username, role: user.role } };
}

export function sessionTimes(config: ReviewConfig): { idleMs: number; maxMs: number } {
  return { idleMs: config.sessionIdleMs, maxMs: config.sessionMaxMs };
}

/** The signed-in user of a session token, or null when the session is unknown or has expired. */
export async function sessionUser(deps: Pick<SignInDeps, 'users' | 'config'>, token: string | null | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const user = await deps.users.useSession(sha256Hex(token), sessionTimes(deps.config));
  return user && isRole(user.role) ? user : null;
}

export async function signOut(deps: Pick<SignInDeps, 'users' | 'review'>, token: string, username: string): Promise<void> {
  await deps.users.deleteSession(sha256Hex(token));
  await deps.review.recordEvent({ actor: username, action: 'auth.signed_out', intakeId: null, details: {} });
}
