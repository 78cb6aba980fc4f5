// A review database as a fresh clone would have it: the samples triaged by the `triage` command
// (its own OCR, its own migration) into PGlite under a temporary folder, or into PostgreSQL in a
// schema of its own; then users, and the review app on that database.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseConfig, type Config } from '../../../src/config/config.js';
import { migrateDatabase, openDatabase, type Database } from '../../../src/db/database.js';
import { isValidInsuranceNumber } from '../../../src/extract/insurance-number.js';
import { createReviewApp } from '../../../src/review/review-app.js';
import { createLogger } from '../../../src/shared/logger.js';
import { runCli } from '../../support/run-cli.js';
import { TEST_DATABASE_URL } from '../db/backends.js';

export const SAMPLES = path.resolve('samples');

/** The samples the review tests work on, by role in the tests. */
export const ITEMS = {
  /** Matched member, no signature found: `missing-signature`. */
  unsignedLetter: 'letter-02-rechts-gez-ohne-unterschrift.jpg',
  /** Scanned upside down; the sender is registered under another number than written: `member-mismatch`. */
  misnumberedLetter: 'letter-05-kopfueber-eingescannt.png',
  /** A contact form without insurance number from a registered member: `member-mismatch`, `missing-insurance-number`. */
  formWithoutNumber: 'form-09-ohne-nummer-am-markt-kur.json',
  /** An HTML-only email. */
  htmlEmail: 'email-04-html-only-familie-krankengeld.eml',
  /** An email disclosing an authentication code (5038): its original is not kept. */
  authCodeEmail: 'email-10-authcode-app-neues-handy.eml',
  /** An email with an invalid insurance number. */
  invalidNumberEmail: 'email-13-ungueltige-nummer-zuzahlung.eml',
  /** A contact form from someone not insured. */
  strangerForm: 'form-11-nicht-versichert-wechsel.json',
} as const;
export type ItemName = keyof typeof ITEMS;

/** A valid insurance number that differs from `other` (same letter, check digit computed). */
export function anotherValidNumber(other: string): string {
  const body = `${other[0]}${String((Number(other.slice(1, 9)) + 1111) % 100_000_000).padStart(8, '0')}`;
  for (let d = 0; d <= 9; d++) if (isValidInsuranceNumber(`${body}${d}`)) return `${body}${d}`;
  throw new Error('no check digit fits');
}

/** Jonas Albers (letter-05) is registered under this number; the letter gives N258610939. */
export const ALBERS_NUMBER = anotherValidNumber('N258610939');

export const PASSWORD = {
  anna: 'anna-correct-horse-1',
  bernd: 'bernd-battery-staple-2',
  sabine: 'sabine-supervises-3',
  adam: 'adam-administers-4',
  lisa: 'lisa-locks-herself-5',
  rita: 'rita-rate-limited-6',
} as const;
export const ROLE_OF = { anna: 'caseworker', bernd: 'caseworker', sabine: 'supervisor', adam: 'admin', lisa: 'caseworker', rita: 'caseworker' } as const;
export type UserName = keyof typeof PASSWORD;

export interface ReviewEnv {
  backend: 'pglite' | 'postgres';
  database: Database;
  config: Config;
  app: ReturnType<typeof createReviewApp>;
  /** Intake id per item name. */
  ids: Record<ItemName, string>;
  /** Intake id per name of the extra inputs (see createReviewEnv). */
  extraIds: Record<string, string>;
  logLines: string[];
  cleanup(): Promise<void>;
}

/**
 * Triages the items with the `triage` command into a new database, adds the users, builds the app.
 * `extraInputs` (name → file path) are triaged with them, for tests that need inputs of their own.
 */
export async function createReviewEnv(backend: 'pglite' | 'postgres', options: { extraInputs?: Record<string, string> } = {}): Promise<ReviewEnv> {
  const dir = await mkdtemp(path.join(tmpdir(), 'review-'));
  const schema = `t_review_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> =
    backend === 'pglite' ? { TRIAGE_DATA_DIR: path.join(dir, 'data') } : { DATABASE_URL: TEST_DATABASE_URL, TRIAGE_PG_SCHEMA: schema };
  const registry = path.join(dir, 'members.csv');
  const csv = await readFile('test/samples/members.csv', 'utf8');
  await writeFile(registry, `${csv.trimEnd()}\n${ALBERS_NUMBER},Jonas,Albers,Rheinufer 21,47051,Duisburg,false\n`);

  const imported = await runCli(['members', 'import', registry], env);
  if (imported.code !== 0) throw new Error(`members import failed: ${imported.stderr}`);
  const extra = options.extraInputs ?? {};
  const files = [...Object.values(ITEMS).map((f) => path.join(SAMPLES, f)), ...Object.values(extra)];
  const triaged = await runCli(['--format', 'jsonl', ...files], env);
  if (triaged.results.length !== files.length) throw new Error(`triage stored ${triaged.results.length} of ${files.length}: ${triaged.stderr}`);
  for (const [name, user] of Object.entries(ROLE_OF)) {
    const added = await runCli(['users', 'add', name, '--role', user], { ...env, TRIAGE_NEW_USER_PASSWORD: PASSWORD[name as UserName] });
    if (added.code !== 0) throw new Error(`users add failed: ${added.stderr}`);
  }

  const config = parseConfig(env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(config.pgSchema ? { pgSchema: config.pgSchema } : {}) });
  await migrateDatabase(database);
  const logLines: string[] = [];
  const app = createReviewApp({ db: database.db, config, log: createLogger('debug', (l) => void logLines.push(l)) });
  const rows = (await database.db.execute(
    // Sources are the paths as given to the command (absolute here).
    (await import('drizzle-orm')).sql`select id::text as id, source from intake_items`,
  )) as unknown as { rows: { id: string; source: string }[] };
  const ids = Object.fromEntries(
    Object.entries(ITEMS).map(([name, file]) => {
      const row = rows.rows.find((r) => r.source.endsWith(file));
      if (!row) throw new Error(`${file} was not stored`);
      return [name, row.id];
    }),
  ) as Record<ItemName, string>;
  const extraIds = Object.fromEntries(
    Object.entries(extra).map(([name, file]) => {
      const row = rows.rows.find((r) => r.source === file);
      if (!row) throw new Error(`${file} was not stored`);
      return [name, row.id];
    }),
  );
  return {
    backend,
    database,
    config,
    app,
    ids,
    extraIds,
    logLines,
    async cleanup() {
      await database.close();
      if (backend === 'postgres') {
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Call {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

/** Calls the app like a browser on the same site would (JSON bodies, the session cookie, the CSRF header). */
export async function call(
  app: ReviewEnv['app'],
  method: string,
  route: string,
  options: { session?: Session | null; csrf?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.session) headers.cookie = options.session.cookie;
  const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await app.request(route, { method, headers, ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, bytes, body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : null };
}

export async function signIn(app: ReviewEnv['app'], user: UserName): Promise<Session> {
  const res = await call(app, 'POST', '/api/session', { body: { username: user, password: PASSWORD[user] } });
  if (res.status !== 200) throw new Error(`sign-in of ${user} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken };
}
