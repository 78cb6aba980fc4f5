// The review server of the end-to-end tests, built the way `triage serve` does it, on an embedded
// database of its own: the registry imported, the inputs triaged by the real CLI and stored, one
// case worker added, then the real review API (src/review/review-app.ts) and the interface
// (src/review/ui/static.ts) on one hono app on a free port of 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { parseConfig } from '../../../src/config/config.js';
import { migrateDatabase, openDatabase, type Database } from '../../../src/db/database.js';
import { intakeItems } from '../../../src/db/schema.js';
import { createReviewApp } from '../../../src/review/review-app.js';
import { createReviewRepository } from '../../../src/review/review-repository.js';
import { serveReviewUi } from '../../../src/review/ui/static.js';
import { createUsersRepository } from '../../../src/review/users-repository.js';
import { addUser } from '../../../src/review/users-usecase.js';
import { createLogger } from '../../../src/shared/logger.js';
import { runCli } from '../../support/run-cli.js';

export interface ReviewUser {
  username: string;
  password: string;
  role: 'caseworker' | 'supervisor' | 'admin';
}

export interface RunningReviewServer {
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** Intake id per input file name (base name), as stored by the CLI. */
  intakeIds: Map<string, string>;
  close(): Promise<void>;
}

export interface StartReviewServerOptions {
  /** Registry CSV imported with `triage members import`: the rules that run again after a correction read it. */
  membersCsv: string;
  /** Files and folders handed to `triage --data-dir DIR PATH...`. */
  inputs: string[];
  users: ReviewUser[];
}

export async function startReviewServer(options: StartReviewServerOptions): Promise<RunningReviewServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'triage-e2e-'));
  const env = { TRIAGE_LOG_LEVEL: 'error' };
  let database: Database | undefined;
  let server: ServerType | undefined;
  try {
    const imported = await runCli(['members', 'import', '--data-dir', dataDir, options.membersCsv], env);
    if (imported.code !== 0) throw new Error(`triage members import failed (${imported.code}): ${imported.stderr}`);
    const triaged = await runCli(['--data-dir', dataDir, '--format', 'jsonl', ...options.inputs], env);
    if (triaged.code !== 0) throw new Error(`triage failed (${triaged.code}): ${triaged.stderr.slice(0, 2000)}`);

    const config = parseConfig({ ...env, TRIAGE_DATA_DIR: dataDir, TRIAGE_COOKIE_SECURE: 'off' });
    const log = createLogger('error');
    database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    const review = createReviewRepository(database.db);
    const users = createUsersRepository(database.db);
    for (const user of options.users) {
      const added = await addUser({ users, review }, user, 'e2e-test');
      if (added.kind !== 'done') throw new Error(`adding user ${user.username} failed: ${JSON.stringify(added)}`);
    }
    const intakeIds = new Map<string, string>();
    for (const row of await database.db.select({ id: intakeItems.id, source: intakeItems.source }).from(intakeItems)) {
      intakeIds.set(path.basename(row.source), row.id);
    }

    const app = new Hono();
    app.route('/', createReviewApp({ db: database.db, config, log }));
    app.route('/', serveReviewUi());
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const db = database;
    const srv = server;
    let closing: Promise<void> | undefined;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      intakeIds,
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            srv.close(() => resolve());
            (srv as import('node:http').Server).closeAllConnections?.();
          });
          await db.close();
          await rm(dataDir, { recursive: true, force: true });
        })();
        return closing;
      },
    };
  } catch (err) {
    server?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
