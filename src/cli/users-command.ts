// `triage users add|list|unlock|password`: local users of the review interface. Loaded only when it runs.
import { createInterface } from 'node:readline';
import type { Config } from '../config/config.js';
import { migrateDatabase, openDatabase } from '../db/database.js';
import { createReviewRepository } from '../review/review-repository.js';
import { ROLES } from '../review/roles.js';
import { createUsersRepository } from '../review/users-repository.js';
import { addUser, listUsers, resetPassword, unlockUser, type UserChange, type UsersDeps } from '../review/users-usecase.js';

export class UsersUsageError extends Error {}

export interface UsersCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads the new password when TRIAGE_NEW_USER_PASSWORD is unset; default: a hidden prompt on a terminal, else the first line of stdin. */
  readPassword?: () => Promise<string>;
}

const USAGE = `usage: triage users add USERNAME --role ${ROLES.join('|')}
       triage users list
       triage users unlock USERNAME
       triage users password USERNAME
(the password comes from TRIAGE_NEW_USER_PASSWORD, else a prompt, else the first line of stdin; never an argument)`;

/** Runs a users subcommand; 0 done, 1 refused (exists, not found, weak password). */
export async function usersCommand(
  positionals: string[],
  values: { role?: string | undefined },
  cfg: Config,
  env: Record<string, string | undefined>,
  io: UsersCommandIo,
): Promise<number> {
  const [sub, username, ...rest] = positionals;
  if (rest.length > 0 || !sub) throw new UsersUsageError(USAGE);
  if (sub === 'list' ? username !== undefined : username === undefined) throw new UsersUsageError(USAGE);
  if (values.role !== undefined && sub !== 'add') throw new UsersUsageError(`--role is only for "triage users add"\n${USAGE}`);
  if (sub === 'add' && values.role === undefined) throw new UsersUsageError(`give the role with --role ${ROLES.join('|')}`);
  if (!['add', 'list', 'unlock', 'password'].includes(sub)) throw new UsersUsageError(USAGE);

  const password = sub === 'add' || sub === 'password' ? await newPassword(env, io) : '';
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, ...(cfg.pgSchema ? { pgSchema: cfg.pgSchema } : {}) });
  try {
    await migrateDatabase(database);
    const deps: UsersDeps = { users: createUsersRepository(database.db), review: createReviewRepository(database.db) };
    switch (sub) {
      case 'list': {
        const users = await listUsers(deps);
        io.stdout(`${'user'.padEnd(24)} ${'role'.padEnd(11)} state\n`);
        for (const u of users) io.stdout(`${u.username.padEnd(24)} ${u.role.padEnd(11)} ${u.lockedAt ? 'locked' : 'active'}${u.failedSignIns ? ` (${u.failedSignIns} failed sign-ins)` : ''}\n`);
        return 0;
      }
      case 'add':
        return report(await addUser(deps, { username: username!, password, role: values.role! }, 'cli'), io, `user ${username} added as ${values.role}.`);
      case 'unlock':
        return report(await unlockUser(deps, username!, 'cli'), io, `user ${username} unlocked.`);
      default:
        return report(await resetPassword(deps, username!, password, 'cli'), io, `new password set for ${username}; their sessions ended and the account is unlocked.`);
    }
  } finally {
    await database.close();
  }
}

function report(change: UserChange, io: UsersCommandIo, done: string): number {
  switch (change.kind) {
    case 'done':
      io.stderr(`triage: ${done}\n`);
      return 0;
    case 'invalid':
      io.stderr(`triage: ${change.message} [${change.code}]\n`);
      return 1;
    case 'exists':
      io.stderr('triage: a user with this name exists [users.exists]\n');
      return 1;
    case 'not-found':
      io.stderr('triage: there is no user with this name [users.not_found]\n');
      return 1;
    case 'last-admin':
      io.stderr('triage: the last admin keeps the admin role [users.last_admin]\n');
      return 1;
  }
}

async function newPassword(env: Record<string, string | undefined>, io: UsersCommandIo): Promise<string> {
  const fromEnv = env.TRIAGE_NEW_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (io.readPassword) return io.readPassword();
  if (process.stdin.isTTY) {
    const [first, second] = await promptHidden(['New password: ', 'Repeat it: ']);
    if (first !== second) throw new UsersUsageError('the two passwords differ');
    return first!;
  }
  return firstLineOfStdin();
}

/** Questions on stderr whose answers are not echoed (one readline for all, so no typed line is lost). */
async function promptHidden(questions: string[]): Promise<string[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const writable = rl as unknown as { _writeToOutput: (s: string) => void };
  let echo = true;
  writable._writeToOutput = (s: string) => {
    if (echo) process.stderr.write(s);
  };
  const answers: string[] = [];
  try {
    for (const question of questions) {
      echo = true;
      const answer = new Promise<string>((resolve) => rl.question(question, resolve));
      echo = false;
      answers.push(await answer);
      process.stderr.write('\n');
    }
  } finally {
    rl.close();
  }
  return answers;
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
