import type { ReviewRepository } from './review-repository.js';
import { isRole, passwordProblem, USERNAME, type Role } from './roles.js';
import { hashPassword } from './secrets.js';
import type { UserSummary, UsersRepository } from './users-repository.js';

export interface UsersDeps {
  users: UsersRepository;
  review: Pick<ReviewRepository, 'recordEvent'>;
}

export type UserChange =
  | { kind: 'done' }
  | { kind: 'invalid'; code: 'users.invalid_username' | 'users.invalid_role' | 'users.weak_password'; message: string }
  | { kind: 'exists' }
  | { kind: 'not-found' }
  | { kind: 'last-admin' };

/** Adds a review user with a scrypt hash of the password. `actor` is who did it (`cli` or an admin). */
export async function addUser(deps: UsersDeps, input: { username: string; password: string; role: string }, actor: string): Promise<UserChange> {
  if (!USERNAME.test(input.username)) {
    return { kind: 'invalid', code: 'users.invalid_username', message: 'user names have 2 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit' };
  }
  if (!isRole(input.role)) return { kind: 'invalid', code: 'users.invalid_role', message: 'the role must be caseworker, supervisor or admin' };
  const problem = passwordProblem(input.password);
  if (problem) return { kind: 'invalid', code: 'users.weak_password', message: problem };
  const created = await deps.users.create({ username: input.username, passwordHash: await hashPassword(input.password), role: input.role });
  if (!created) return { kind: 'exists' };
  await deps.review.recordEvent({ actor, action: 'user.created', intakeId: null, details: { username: input.username, role: input.role } });
  return { kind: 'done' };
}

export function listUsers(deps: UsersDeps): Promise<UserSummary[]> {
  return deps.users.list();
}

export async function unlockUser(deps: UsersDeps, username: string, actor: string): Promise<UserChange> {
  if (!(await deps.users.unlock(username))) return { kind: 'not-found' };
  await deps.review.recordEvent({ actor, action: 'user.unlocked', intakeId: null, details: { username } });
  return { kind: 'done' };
}

export async function changeRole(deps: UsersDeps, username: string, role: string, actor: string): Promise<UserChange> {
  if (!isRole(role)) return { kind: 'invalid', code: 'users.invalid_role', message: 'the role must be caseworker, supervisor or admin' };
  const outcome = await deps.users.setRole(username, role as Role);
  if (outcome !== 'changed') return { kind: outcome };
  await deps.review.recordEvent({ actor, action: 'user.role_changed', intakeId: null, details: { username, role } });
  return { kind: 'done' };
}

/** Sets a new password (ends the user's sessions and unlocks the account). */
export async function resetPassword(deps: UsersDeps, username: string, password: string, actor: string): Promise<UserChange> {
  const problem = passwordProblem(password);
  if (problem) return { kind: 'invalid', code: 'users.weak_password', message: problem };
  if (!(await deps.users.setPassword(username, await hashPassword(password)))) return { kind: 'not-found' };
  await deps.review.recordEvent({ actor, action: 'user.password_set', intakeId: null, details: { username } });
  return { kind: 'done' };
}
