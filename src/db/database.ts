import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { TriageError } from '../shared/errors.js';
import * as schema from './schema.js';
import { redactUrl } from '../shared/redact-url.js';
import { claimDataDir, type DataDirClaim } from './data-dir-lock.js';

/** The drizzle database the repositories work with, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** The pg schema the tables live in (via search_path), or null for the default. */
  pgSchema: string | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (`DATABASE_URL`). When empty, the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string | null;
  /** Folder for the embedded PGlite database; `:memory:` or `memory://` keeps it in memory (tests). */
  dataDir: string;
  /**
   * Schema to keep all tables (and the migrations journal) in; created when missing and set as
   * search_path on every connection. Lower-case letters, digits and `_` only.
   */
  pgSchema?: string;
  /**
   * An already running PGlite engine to use instead of opening one from `dataDir`; `close()` then
   * leaves it running. Lets tests share one engine across per-test schemas, since starting an
   * engine takes seconds. Use one Database per engine at a time: search_path is per engine.
   */
  pglite?: PGlite;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface Internals {
  pool?: pg.Pool;
  pglite?: PGlite;
}

// The driver handles stay out of the public shape so callers only ever see `db`. Keyed by `db`,
// which survives callers spreading the Database into objects of their own.
const internals = new WeakMap<Db, Internals>();

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const pgSchema = options.pgSchema ?? null;
  if (pgSchema !== null && !SCHEMA_NAME.test(pgSchema)) {
    throw new TriageError('db.invalid-schema', `Invalid pg schema name "${pgSchema}": use lower-case letters, digits and "_".`);
  }
  const url = options.databaseUrl?.trim();
  return url ? openPostgres(url, pgSchema) : openPglite(options, pgSchema);
}

async function openPostgres(url: string, pgSchema: string | null, attempt = 1): Promise<Database> {
  let pool: pg.Pool | undefined;
  try {
    pool = new pg.Pool({
      connectionString: url,
      connectionTimeoutMillis: 10_000,
      ...(pgSchema ? { options: `-c search_path=${pgSchema}` } : {}),
    });
    // A connection dropped by the server must not crash the process: idle ones are reported by the
    // pool's error event, connections in use (a transaction) by their own, which nobody else hears.
    // The query running on it fails either way, and that error is what the caller handles.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    releaseWhenBeginFails(pool);
    await pool.query(pgSchema ? `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(pgSchema)}` : 'SELECT 1');
  } catch (error) {
    await pool?.end().catch(() => {});
    if (attempt === 1 && isConcurrentSchemaCreation(error)) return openPostgres(url, pgSchema, 2);
    throw unreachablePostgres(url, error);
  }
  const db: Db = drizzlePg(pool, { schema });
  internals.set(db, { pool });
  return withClose(db, 'postgres', pgSchema, () => pool.end());
}

/**
 * drizzle's transaction sends `begin` before its try/finally, so when the connection breaks between
 * taking a client from the pool and `begin` (PostgreSQL restarted, a network cut), the client is
 * never given back: each such break costs the pool a connection for good, and `pool.end()` then
 * waits forever. Here a client whose first query is a failed `begin` goes back to the pool, as
 * broken (it is destroyed); nothing else would release it.
 */
function releaseWhenBeginFails(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient>;
  // Only the promise form: pg-pool's own query() takes the callback form and releases itself.
  pool.connect = ((...args: unknown[]) => {
    if (args.length > 0) return connect(...args);
    return connect().then((client) => {
      const query = client.query;
      client.query = ((...queryArgs: unknown[]) => {
        client.query = query;
        const result = (query as (...a: unknown[]) => unknown).apply(client, queryArgs);
        const text = typeof queryArgs[0] === 'string' ? queryArgs[0] : (queryArgs[0] as { text?: unknown } | undefined)?.text;
        if (typeof text === 'string' && /^\s*begin\b/i.test(text) && result instanceof Promise) {
          result.catch((error: Error) => client.release(error));
        }
        return result;
      }) as typeof client.query;
      return client;
    });
  }) as typeof pool.connect;
}

/** A Database whose close() runs `end` once, however often it is called. */
function withClose(db: Db, kind: Database['kind'], pgSchema: string | null, end: () => Promise<void>): Database {
  let closed = false;
  return {
    db,
    kind,
    pgSchema,
    async close() {
      if (closed) return;
      closed = true;
      await end();
    },
  };
}

async function openPglite(options: OpenDatabaseOptions, pgSchema: string | null): Promise<Database> {
  const inMemory = options.dataDir === ':memory:' || options.dataDir.startsWith('memory://');
  const dataDir = inMemory ? undefined : path.resolve(options.dataDir);
  const owned = options.pglite === undefined;
  let client: PGlite | undefined;
  let claim: DataDirClaim | null = null;
  if (owned && dataDir) {
    try {
      await mkdir(dataDir, { recursive: true });
      // Before PGlite touches the folder: a second process on it would corrupt it.
      claim = await claimDataDir(dataDir);
    } catch (error) {
      if (error instanceof TriageError) throw error;
      throw new TriageError('db.unreachable', `Cannot open the local PGlite database in ${dataDir} (${errorText(error)}). Check that the folder is writable, or set DATABASE_URL to use PostgreSQL.`, { permanent: false });
    }
  }
  try {
    if (options.pglite) {
      client = options.pglite;
    } else {
      client = new PGlite(dataDir);
    }
    await client.waitReady;
    if (pgSchema) {
      await client.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(pgSchema)}; SET search_path TO ${quoteIdent(pgSchema)};`);
    }
  } catch (error) {
    if (owned) await client?.close().catch(() => {});
    await claim?.release();
    const where = dataDir ?? 'memory';
    throw new TriageError(
      'db.unreachable',
      `Cannot open the local PGlite database in ${where} (${errorText(error)}). ` +
        'Check that the folder is writable and not used by another running process, or set DATABASE_URL to use PostgreSQL.',
      { permanent: false },
    );
  }
  const db: Db = drizzlePglite(client, { schema });
  internals.set(db, { pglite: client });
  const engine = client;
  return withClose(db, 'pglite', pgSchema, async () => {
    try {
      if (owned) await engine.close();
    } finally {
      await claim?.release();
    }
  });
}

/**
 * Applies the committed migrations (src/db/migrations). Safe to run again and, on PostgreSQL, from
 * several processes at once.
 */
export async function migrateDatabase(database: Pick<Database, 'db' | 'pgSchema'>): Promise<void> {
  const handles = internals.get(database.db);
  if (!handles) throw new TriageError('db.unknown', 'migrateDatabase needs a database opened by openDatabase.');
  const config = {
    migrationsFolder: MIGRATIONS_FOLDER,
    ...(database.pgSchema ? { migrationsSchema: database.pgSchema } : {}),
  };
  if (handles.pglite) {
    await migratePglite(drizzlePglite(handles.pglite), config);
    return;
  }
  if (!handles.pool) throw new TriageError('db.unknown', 'The database has no driver.');
  // A session-level advisory lock belongs to one connection, so the whole migration runs on it.
  const client = await handles.pool.connect();
  const lockKey = `kk-triage:migrate:${database.pgSchema ?? ''}`;
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      await migratePg(drizzlePg(client), config);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    // Discarding the connection releases a lock that could not be unlocked.
    client.release(broken);
  }
}

/**
 * Fails with `db.not_migrated` unless every committed migration has been applied. Workers and the
 * queue client call this instead of migrating: only `triage migrate` changes the schema.
 */
export async function assertMigrated(database: Pick<Database, 'db' | 'pgSchema'>): Promise<void> {
  const handles = internals.get(database.db);
  if (!handles) throw new TriageError('db.unknown', 'assertMigrated needs a database opened by openDatabase.');
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = `${quoteIdent(database.pgSchema ?? 'drizzle')}.${quoteIdent('__drizzle_migrations')}`;
  let applied = 0;
  try {
    const query = `SELECT count(*)::int AS n FROM ${table}`;
    const rows = handles.pool ? (await handles.pool.query<{ n: number }>(query)).rows : (await handles.pglite!.query<{ n: number }>(query)).rows;
    applied = rows[0]?.n ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  if (applied < journal.entries.length) {
    throw new TriageError(
      'db.not_migrated',
      `The database${database.pgSchema ? ` (schema ${database.pgSchema})` : ''} has ${applied} of ${journal.entries.length} migrations applied. ` +
        'Run "triage migrate" once (with the same DATABASE_URL and TRIAGE_PG_SCHEMA) before starting workers or handing in items.',
    );
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function isConcurrentSchemaCreation(error: unknown): boolean {
  // Two processes running CREATE SCHEMA IF NOT EXISTS at once: the loser sees a unique violation.
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '42P06';
}

function unreachablePostgres(url: string, error: unknown): TriageError {
  let detail = errorText(error);
  for (const secret of passwordsOf(url)) detail = detail.split(secret).join('***');
  // No cause attached: the driver's error may carry the connection config, password included.
  return new TriageError(
    'db.unreachable',
    `Cannot connect to PostgreSQL at ${redactUrl(url, 'DATABASE_URL')} (${detail}). ` +
      'Check DATABASE_URL (host, port, user, password, database name) and that PostgreSQL is running and accepts connections; ' +
      'leave DATABASE_URL unset to use the embedded PGlite database instead.',
    { permanent: false },
  );
}

/** The password as written in the URL and decoded, so neither form leaks into a message. */
function passwordsOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (!password) return [];
    let decoded = password;
    try {
      decoded = decodeURIComponent(password);
    } catch {
      // keep the raw form only
    }
    return [...new Set([password, decoded])];
  } catch {
    return [];
  }
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
