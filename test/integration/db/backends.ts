// Both storage backends for the db integration tests: every test gets a freshly created schema
// (random name) on the backend and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../../src/db/database.js';
import type { TriageResult } from '../../../src/contract/triage-result.js';
import type { TriageRecord } from '../../../src/pipeline/triage-record.js';
import { decidedLetter } from '../../support/triage-results.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Opens a database on a new random schema; `migrate: false` leaves it empty. */
  open(options?: { migrate?: boolean; pgSchema?: string }): Promise<Database>;
  newSchemaName(): string;
  /** Runs plain SQL outside the repositories (set-up and checks only). */
  adminQuery<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  dropSchema(name: string): Promise<void>;
  shutdown(): Promise<void>;
}

function newSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

// One engine per test file: starting PGlite takes seconds, a schema takes milliseconds.
function pgliteBackend(): Backend {
  let engine: Promise<PGlite> | undefined;
  const getEngine = () => (engine ??= PGlite.create());
  return {
    name: 'pglite',
    newSchemaName,
    async open({ migrate = true, pgSchema = newSchemaName() } = {}) {
      const database = await openDatabase({ dataDir: ':memory:', pglite: await getEngine(), pgSchema });
      if (migrate) await migrateDatabase(database);
      return database;
    },
    async adminQuery<T>(text: string, params: unknown[] = []) {
      return (await (await getEngine()).query<T>(text, params)).rows;
    },
    async dropSchema(name) {
      await (await getEngine()).exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    },
    async shutdown() {
      if (engine) await (await engine).close();
    },
  };
}

function postgresBackend(): Backend {
  let admin: pg.Pool | undefined;
  const getAdmin = () => (admin ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 }));
  return {
    name: 'postgres',
    newSchemaName,
    async open({ migrate = true, pgSchema = newSchemaName() } = {}) {
      const database = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: ':memory:', pgSchema });
      if (migrate) await migrateDatabase(database);
      return database;
    },
    async adminQuery<T>(text: string, params: unknown[] = []) {
      return (await getAdmin().query(text, params)).rows as T[];
    },
    async dropSchema(name) {
      await getAdmin().query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    },
    async shutdown() {
      await admin?.end();
    },
  };
}

export function backends(): Backend[] {
  return [pgliteBackend(), postgresBackend()];
}

/** Runs `fn` on a freshly migrated database in its own schema and drops the schema afterwards. */
export async function withDatabase(backend: Backend, fn: (database: Database) => Promise<void>): Promise<void> {
  const pgSchema = backend.newSchemaName();
  const database = await backend.open({ pgSchema });
  try {
    await fn(database);
  } finally {
    await database.close();
    await backend.dropSchema(pgSchema);
  }
}

/** A complete, contract-shaped record; `result` fields can be overridden. */
export function makeRecord(result: Partial<TriageResult> = {}, reasons: string[] = ['Absender im Versichertenverzeichnis gefunden.']): TriageRecord {
  return {
    result: decidedLetter(result),
    fields: {
      name: { value: 'Jürgen Müßig', confidence: 0.93, evidence: [{ source: 'page:1', rule: 'name.signature-block', page: 1, box: { x: 10, y: 20, width: 200, height: 30 } }] },
      address: null,
      insuranceNumber: { value: 'A123456780', confidence: 0.99, evidence: [{ source: 'body', rule: 'kvnr.labelled', start: 4, end: 14, snippet: 'A123456780' }] },
      insuranceNumberValid: true,
      signature: { value: true, confidence: 0.8, evidence: [] },
      authCodeDisclosed: null,
      intents: { addressChange: null, representative: null, dataAccess: null, healthData: null },
      personalData: ['insurance-number'],
      unreadable: false,
    },
    facts: { messageId: null, cryptography: [], attachments: [], notes: ['scan 300 dpi'] },
    reasons,
    texts: [{ id: 'page:1', role: 'letter', text: 'Sehr geehrte Damen und Herren, …' }],
  };
}
