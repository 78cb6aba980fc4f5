import { REVIEW_ROLES } from '../db/schema.js';

/**
 * Who may do what in the review: a caseworker reviews and decides; a supervisor also assigns work
 * and reads the audit log; an admin also manages users and sees the queue dashboard. Each role can
 * do everything the roles before it can.
 */
export const ROLES = REVIEW_ROLES;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a user with `role` may do what needs `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** User names: letters, digits, `.`, `_`, `-`, `@`; 2 to 64 characters, compared as given. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

/** Shortest password accepted for a review user. */
export const MIN_PASSWORD_LENGTH = 12;

/** Why a password is refused, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'the password must have at most 1024 characters';
  if (password.trim() !== password) return 'the password must not start or end with white space';
  return null;
}
