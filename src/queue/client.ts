import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { Channel } from '../contract/triage-result.js';
import { assertMigrated, openDatabase, type Database } from '../db/database.js';
import { channelForPath } from '../extract/reader-registry.js';
import { createIntakeRepository, type IntakeReceipt } from '../intake/intake-repository.js';
import { readInputFile } from '../intake/read-input-file.js';
import { receiveItem } from '../intake/receive-item.js';
import { TriageError } from '../shared/errors.js';
import { connectRedis } from './redis.js';
import { createStageQueues, type StageQueues } from './stage-queues.js';

/** What intake did with one item. */
export interface EnqueueReceipt extends IntakeReceipt {
  /** A read job was added (or was already there): false only for an item that already has a result. */
  queued: boolean;
}

/** Hands items to the queue workers: every item is stored in PostgreSQL first, then queued. */
export interface TriageClient {
  /** An email as it arrived (RFC 5322 bytes). Resolves to the intake id. */
  enqueueEmail(raw: Buffer | string): Promise<string>;
  /** A contact-form submission: the object, or its JSON text. Resolves to the intake id. */
  enqueueContactForm(json: unknown): Promise<string>;
  /** A scanned letter: a file path (kept as source), or bytes with a name giving the ending. Resolves to the intake id. */
  enqueueScan(scan: string | Buffer, name?: string): Promise<string>;
  /** Any file, its kind from its ending (an unknown ending is kept and fails with a code); `source` defaults to the path. */
  enqueueFile(file: string, source?: string): Promise<EnqueueReceipt>;
  /** Bytes of a known kind (or null for unknown), with an optional source and ending. */
  enqueueBytes(bytes: Buffer, channel: Channel | null, options?: { ending?: string; source?: string }): Promise<EnqueueReceipt>;
  close(): Promise<void>;
}

export interface TriageClientOptions {
  config: Config;
  /** Recorded in the audit trail as who handed the items in. */
  actor?: string;
  /** An open database to use (it is not closed by `close()`); by default one is opened from the config. */
  database?: Database;
  /** A Redis connection to use (it is not closed by `close()`). */
  redis?: Redis;
}

const DEFAULT_ENDING: Record<Channel, string> = { email: 'eml', 'contact-form': 'json', letter: '' };

/** Opens the client: needs PostgreSQL (DATABASE_URL) with the migrations applied and a reachable Redis. */
export async function createTriageClient(options: TriageClientOptions): Promise<TriageClient> {
  const { config } = options;
  const actor = options.actor ?? 'client';
  const database = options.database ?? (await openQueueDatabase(config));
  let redis: Redis | undefined;
  let queues: StageQueues | undefined;
  try {
    await assertMigrated(database);
    redis = options.redis ?? connectRedis(config.redisUrl, { blocking: false });
    queues = createStageQueues(redis, config.queue);
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
  const intake = createIntakeRepository(database.db);
  const q = queues;

  async function enqueueBytes(bytes: Buffer, channel: Channel | null, opts: { ending?: string; source?: string } = {}): Promise<EnqueueReceipt> {
    const ending = opts.ending ?? (channel ? DEFAULT_ENDING[channel] : '');
    const receipt = await receiveItem(intake, { bytes, channel, ending, source: opts.source }, { limits: config.limits, actor });
    // A stored item without a result is queued again: that mends a crash between storing and queuing.
    if (receipt.decided) return { ...receipt, queued: false };
    await q.add('read', { intakeId: receipt.intakeId, run: 1 });
    return { ...receipt, queued: true };
  }

  async function enqueueFile(file: string, source = file): Promise<EnqueueReceipt> {
    const { channel, ending } = channelForPath(file);
    return enqueueBytes(await readInputFile(file), channel, { ending, source });
  }

  return {
    async enqueueEmail(raw) {
      return (await enqueueBytes(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'), 'email')).intakeId;
    },
    async enqueueContactForm(json) {
      const bytes = Buffer.isBuffer(json) ? json : Buffer.from(typeof json === 'string' ? json : JSON.stringify(json), 'utf8');
      return (await enqueueBytes(bytes, 'contact-form')).intakeId;
    },
    async enqueueScan(scan, name) {
      if (typeof scan === 'string') return (await enqueueFile(scan)).intakeId;
      const ending = name ? channelForPath(name).ending : '';
      return (await enqueueBytes(scan, 'letter', { ending })).intakeId;
    },
    enqueueFile,
    enqueueBytes,
    async close() {
      await q.close();
      if (!options.redis) redis?.disconnect();
      if (!options.database) await database.close();
    },
  };
}

/** The queue needs one database all processes share: PostgreSQL, not the embedded PGlite. */
export async function openQueueDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) {
    throw new TriageError(
      'queue.needs_postgres',
      'The queue needs a PostgreSQL server that every worker shares: set DATABASE_URL (postgres://…). The embedded PGlite database serves the plain "triage PATH" command only.',
    );
  }
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(config.pgSchema ? { pgSchema: config.pgSchema } : {}) });
}
