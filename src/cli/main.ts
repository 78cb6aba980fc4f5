import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseConfig, type Config } from '../config/config.js';
import type { TriageResult } from '../contract/triage-result.js';
import { channelForPath } from '../extract/reader-registry.js';
import { parseMembersCsv } from '../members/members-csv.js';
import { createRegistry, type Registry } from '../members/registry.js';
import { failedRecord, triageItem, type TriageContext } from '../pipeline/triage-item.js';
import { readInputFile } from '../intake/read-input-file.js';
import { describeError, TriageError } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { HELP } from './help.js';
import type { OcrEngine } from '../ocr/ocr-model.js';
import { createTesseractPool } from '../ocr/tesseract-pool.js';
import { summary, tableHeader, tableRow } from './table-format.js';
import { walkInputs } from './walk-inputs.js';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  cwd: string;
  /** `triage worker` stops when this resolves; by default on SIGTERM or SIGINT. */
  stop?: Promise<unknown>;
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTty: !!process.stdout.isTTY,
  stderrIsTty: !!process.stderr.isTTY,
  cwd: process.cwd(),
};

class UsageError extends Error {}

/** Runs the `triage` command line; returns the exit status (0 all processed, 1 some failed, 2 usage or set-up error). */
export async function run(argv: string[], env: Record<string, string | undefined>, io: CliIo = defaultIo): Promise<number> {
  try {
    if (argv[0] === 'members') return await membersCommand(argv.slice(1), env, io);
    if (argv[0] === 'migrate') return await migrateCommand(argv.slice(1), env, io);
    if (argv[0] === 'users') return await usersCommand(argv.slice(1), env, io);
    if (QUEUE_COMMANDS.includes(argv[0] ?? '')) return await queueCommand(argv[0]!, argv.slice(1), env, io);
    return await triageCommand(argv, env, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`triage: ${err.message}\nRun "triage --help" for usage.\n`);
      return 2;
    }
    const e = describeError(err);
    io.stderr(`triage: ${e.message} [${e.code}]\n`);
    return 2;
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0]! : 'bad arguments');
  }
}

function config(env: Record<string, string | undefined>, io: CliIo, dataDir?: string): Config {
  try {
    const c = parseConfig(env, io.cwd);
    return dataDir ? { ...c, dataDir: path.resolve(io.cwd, dataDir) } : c;
  } catch (err) {
    if (err instanceof TriageError) throw new UsageError(err.message);
    throw err;
  }
}

async function loadMembersFile(file: string, io: CliIo) {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UsageError(`cannot read the members file ${file}`);
  }
  try {
    return parseMembersCsv(text, file);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : 'bad members file');
  }
}

// Storage is loaded only when used: a --no-store run never pays for the database driver.
async function openStore(cfg: Config, log: Logger) {
  const { openDatabase, migrateDatabase } = await import('../db/database.js');
  const { storeTriage } = await import('../intake/store-triage.js');
  const { createMembersRepository } = await import('../members/members-repository.js');
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, ...(cfg.pgSchema ? { pgSchema: cfg.pgSchema } : {}) });
  await migrateDatabase(database);
  log.debug('db.ready', { kind: database.kind });
  return { ...database, members: createMembersRepository(database.db), store: storeTriage };
}

async function triageCommand(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    members: { type: 'string' },
    format: { type: 'string' },
    'no-store': { type: 'boolean' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout('triage 0.1.0\n');
    return 0;
  }
  const format = (values.format as string | undefined) ?? (io.stdoutIsTty ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl') throw new UsageError(`--format must be table or jsonl, not ${format}`);
  if (positionals.length === 0) throw new UsageError('give at least one file or folder to triage');
  const cfg = config(env, io, values['data-dir'] as string | undefined);
  const log = createLogger(cfg.logLevel, io.stderr);

  let files: string[];
  try {
    files = await walkInputs(positionals.map((p) => path.resolve(io.cwd, p)));
  } catch (err) {
    throw new UsageError(describeError(err).message);
  }
  const store = values['no-store'] ? null : await openStore(cfg, log);
  let ocr: OcrEngine | null = null;
  try {
    let registry: Registry | null = null;
    if (values.members) {
      registry = createRegistry(await loadMembersFile(values.members as string, io));
    } else if (store) {
      const members = await store.members.list();
      registry = members.length > 0 ? createRegistry(members) : null;
    }
    // Workers start on the first page to read: a run without scans never loads the OCR engine.
    ocr = cfg.ocr.enabled ? createTesseractPool({ size: cfg.ocr.workers, model: cfg.ocr.model, recycleAfterPages: cfg.ocr.recycleAfterPages }) : null;
    log.info('run.start', { items: files.length, registry: registry?.size ?? 0, store: store?.kind ?? 'off' });

    const ctx: TriageContext = {
      registry,
      limits: cfg.limits,
      ocr,
      extract: { insurer: cfg.insurer },
      decide: { reviewConfidence: cfg.reviewConfidence },
    };
    const results: TriageResult[] = [];
    const t0 = performance.now();
    let lastProgress = t0;
    if (format === 'table') io.stdout(tableHeader());
    for (const [i, file] of files.entries()) {
      const shown = path.relative(io.cwd, file) || file;
      const source = shown.startsWith('..') ? file : shown;
      const { channel, ending } = channelForPath(file);
      let bytes: Buffer = Buffer.alloc(0);
      let unreadable: unknown = null;
      try {
        bytes = await readInputFile(file);
      } catch (err) {
        unreadable = err;
      }
      const started = performance.now();
      // A file that cannot be read fails with its own code; one of an unknown kind says so instead.
      const record = unreadable !== null && channel !== null ? failedRecord(source, channel, registry, unreadable) : await triageItem({ source, channel, bytes }, ctx, ending);
      if (store) await store.store(store.db, { source, channel, bytes }, record, 'cli');
      const r = record.result;
      results.push(r);
      log.debug('item.done', {
        index: i,
        channel: r.channel,
        status: r.status,
        error: r.error?.code ?? null,
        flags: r.flags,
        needsReview: r.needsReview,
        ms: Math.round(performance.now() - started),
      });
      io.stdout(format === 'jsonl' ? `${JSON.stringify(r)}\n` : tableRow(r));
      const now = performance.now();
      if (files.length > 20 && (now - lastProgress > 2000 || i + 1 === files.length)) {
        lastProgress = now;
        io.stderr(`triage: ${i + 1}/${files.length} items (${((i + 1) / ((now - t0) / 1000)).toFixed(1)} items/s)\n`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    if (format === 'table') io.stdout(summary(results, seconds));
    const failed = results.filter((r) => r.status === 'failed').length;
    log.info('run.done', { items: results.length, failed, seconds: Math.round(seconds * 10) / 10 });
    return failed > 0 ? 1 : 0;
  } finally {
    await ocr?.close();
    await store?.close();
  }
}

async function membersCommand(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help || positionals[0] !== 'import' || positionals.length !== 2) {
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    throw new UsageError('usage: triage members import FILE.csv');
  }
  const cfg = config(env, io, values['data-dir'] as string | undefined);
  const members = await loadMembersFile(positionals[1]!, io);
  const store = await openStore(cfg, createLogger(cfg.logLevel, io.stderr));
  try {
    await store.members.replaceAll(members);
    io.stderr(`triage: loaded ${members.length} members into the registry (${store.kind}); it replaces the previous registry.\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function migrateCommand(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values } = parse(argv, { 'data-dir': { type: 'string' } });
  const cfg = config(env, io, values['data-dir'] as string | undefined);
  const store = await openStore(cfg, createLogger(cfg.logLevel, io.stderr));
  await store.close();
  io.stderr(`triage: database migrated (${store.kind}).\n`);
  return 0;
}

/** `triage users add|list|unlock|password`: users of the review interface (src/review). */
async function usersCommand(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { role: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const cfg = config(env, io, values['data-dir'] as string | undefined);
  const users = await import('./users-command.js');
  try {
    return await users.usersCommand(positionals, { role: values.role as string | undefined }, cfg, env, io);
  } catch (err) {
    if (err instanceof users.UsersUsageError) throw new UsageError(err.message);
    throw err;
  }
}

const QUEUE_COMMANDS = ['worker', 'enqueue', 'results', 'failed', 'retry', 'watch', 'serve', 'mailbox'];

/** Resolves on the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

async function queueCommand(command: string, argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const q = await import('./queue-commands.js');
  const { values, positionals } = parse(argv, {
    queues: { type: 'string' },
    concurrency: { type: 'string' },
    interval: { type: 'string' },
    port: { type: 'string' },
    since: { type: 'string' },
    format: { type: 'string' },
    all: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const allowed: Record<string, string[]> = {
    worker: ['queues', 'concurrency'],
    enqueue: [],
    watch: ['interval'],
    serve: ['port'],
    results: ['since', 'format'],
    failed: ['format'],
    retry: ['all'],
    mailbox: [],
  };
  const stray = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined && !allowed[command]!.includes(k));
  if (stray.length > 0) throw new UsageError(`triage ${command} does not take --${stray.join(', --')}`);
  if (command !== 'enqueue' && command !== 'retry' && command !== 'watch' && positionals.length > 0) throw new UsageError(`triage ${command} takes no paths (got ${positionals[0]})`);
  const cfg = config(env, io);
  try {
    switch (command) {
      case 'worker':
        return await q.workerCommand(values, cfg, env, io, io.stop ?? stopSignal());
      case 'mailbox':
        return await (await import('./mailbox-command.js')).mailboxCommand(cfg, io, io.stop ?? stopSignal());
      case 'watch':
        return await (await import('./watch-command.js')).watchCommand(positionals, values, cfg, io, io.stop ?? stopSignal());
      case 'serve':
        return await (await import('./serve-command.js')).serveCommand(values, cfg, io, io.stop ?? stopSignal());
      case 'enqueue':
        return await q.enqueueCommand(positionals, cfg, io);
      case 'results':
        return await q.resultsCommand(values, cfg, io);
      case 'failed':
        return await q.failedCommand(values, cfg, io);
      default:
        return await q.retryCommand(values, positionals, cfg, io);
    }
  } catch (err) {
    if (err instanceof q.QueueUsageError) throw new UsageError(err.message);
    throw err;
  }
}
