import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { LOCK_FILE } from '../../../src/db/data-dir-lock.js';
import { migrateDatabase, openDatabase } from '../../../src/db/database.js';
import { createIntakeRepository } from '../../../src/intake/intake-repository.js';
import { createMembersRepository } from '../../../src/members/members-repository.js';
import { backends, makeRecord } from './backends.js';

const TABLES = ['audit_events', 'intake_items', 'item_reads', 'members', 'outbox_acks', 'outbox_replies', 'results', 'review_state', 'sessions', 'sign_in_throttle', 'users'];
// Every committed migration is applied exactly once.
const MIGRATIONS = (JSON.parse(readFileSync('src/db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] }).entries.length;

for (const backend of backends()) {
  describe(`database on ${backend.name}`, () => {
    after(() => backend.shutdown());

    test('migrating a fresh schema twice creates the tables once and keeps working', async () => {
      const pgSchema = backend.newSchemaName();
      const database = await backend.open({ migrate: false, pgSchema });
      try {
        await migrateDatabase(database);
        await migrateDatabase(database);
        const tables = await backend.adminQuery<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [pgSchema],
        );
        assert.deepEqual(
          tables.map((t) => t.table_name),
          [...TABLES, '__drizzle_migrations'].sort(),
        );
        const applied = await backend.adminQuery(`SELECT * FROM "${pgSchema}"."__drizzle_migrations"`);
        assert.equal(applied.length, MIGRATIONS);
        assert.equal(await createMembersRepository(database.db).count(), 0);
      } finally {
        await database.close();
        await backend.dropSchema(pgSchema);
      }
    });

    test('each schema is its own world: data in one is not visible in another', async () => {
      const a = backend.newSchemaName();
      const b = backend.newSchemaName();
      try {
        const first = await backend.open({ pgSchema: a });
        await createMembersRepository(first.db).replaceAll([
          { insuranceNumber: 'A123456780', firstName: 'Anna', lastName: 'Ärger', street: 'Weg 1', postalCode: '10115', city: 'Berlin', portalAccount: false },
        ]);
        await first.close();
        const second = await backend.open({ pgSchema: b });
        assert.equal(await createMembersRepository(second.db).count(), 0);
        await second.close();
        const publicTables = await backend.adminQuery(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`,
          [TABLES],
        );
        assert.deepEqual(publicTables, []);
      } finally {
        await backend.dropSchema(a);
        await backend.dropSchema(b);
      }
    });
  });
}

describe('database on postgres only', () => {
  const [, postgres] = backends();
  after(() => postgres!.shutdown());

  test('two processes migrating the same schema at once both succeed', async () => {
    const pgSchema = postgres!.newSchemaName();
    const [one, two] = await Promise.all([
      postgres!.open({ migrate: false, pgSchema }),
      postgres!.open({ migrate: false, pgSchema }),
    ]);
    try {
      await Promise.all([migrateDatabase(one!), migrateDatabase(two!)]);
      const applied = await postgres!.adminQuery(`SELECT * FROM "${pgSchema}"."__drizzle_migrations"`);
      assert.equal(applied.length, MIGRATIONS);
    } finally {
      await one!.close();
      await two!.close();
      await postgres!.dropSchema(pgSchema);
    }
  });

  test('an unreachable PostgreSQL is reported as db.unreachable with a hint and without the password', async () => {
    await assert.rejects(
      openDatabase({ databaseUrl: 'postgres://triage:geheim-123@127.0.0.1:1/triage', dataDir: ':memory:' }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'db.unreachable');
        assert.match(error.message, /DATABASE_URL/);
        assert.match(error.message, /127\.0\.0\.1:1/);
        assert.doesNotMatch(error.message, /geheim/);
        assert.doesNotMatch(JSON.stringify(error), /geheim/);
        return true;
      },
    );
  });
});

describe('database on a PGlite folder', () => {
  test('a PGlite database in a folder keeps its data across a restart', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'triage-db-'));
    const dataDir = path.join(tmp, 'data', 'pglite');
    try {
      const first = await openDatabase({ dataDir });
      assert.equal(first.kind, 'pglite');
      await migrateDatabase(first);
      const stored = await createIntakeRepository(first.db).storeTriage({
        source: 'inbox/brief-001.pdf',
        channel: 'letter',
        raw: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]),
        rawWithheldReason: null,
        rawSize: 6,
        contentHash: 'a'.repeat(64),
        messageId: null,
        record: makeRecord(),
        actor: 'cli',
      });
      await createMembersRepository(first.db).replaceAll([
        { insuranceNumber: 'A123456780', firstName: 'Jürgen', lastName: 'Müßig', street: 'Königstraße 12', postalCode: '50667', city: 'Köln', portalAccount: true },
      ]);
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        await migrateDatabase(second);
        const item = await createIntakeRepository(second.db).getIntake(stored.intakeId);
        assert.deepEqual(item?.raw, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
        const [latest] = await createIntakeRepository(second.db).latestResults();
        assert.equal(latest?.resultId, stored.resultId);
        assert.equal((await createMembersRepository(second.db).findByInsuranceNumber('A123456780'))?.lastName, 'Müßig');
      } finally {
        await second.close();
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('one process at a time on an embedded database folder', () => {
  /** A second process holding the folder open until it is killed; resolves when it has opened it. */
  function holder(dataDir: string): Promise<ChildProcess> {
    const script = `
      import { openDatabase } from './src/db/database.ts';
      await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      console.log('open');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('open') && resolve(child));
      child.on('exit', (code) => reject(new Error(`holder exited (${code})`)));
    });
  }
  const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

  test('a second process is refused with db.in_use while another works on the folder, and takes it over once that one is killed', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'triage-lock-'));
    const dataDir = path.join(tmp, 'data');
    const child = await holder(dataDir);
    try {
      await assert.rejects(openDatabase({ dataDir }), (err: { code?: string; message?: string }) => {
        assert.equal(err.code, 'db.in_use');
        assert.match(err.message!, new RegExp(`pid ${child.pid}`));
        assert.match(err.message!, /DATABASE_URL/);
        return true;
      });
      child.kill('SIGKILL');
      await exited(child);
      // A killed process leaves its lock file: the next one sees its owner is gone.
      assert.ok(existsSync(path.join(dataDir, LOCK_FILE)));
      const next = await openDatabase({ dataDir });
      await migrateDatabase(next);
      await next.close();
      assert.equal(existsSync(path.join(dataDir, LOCK_FILE)), false, 'closing gives the folder up');
    } finally {
      child.kill('SIGKILL');
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
