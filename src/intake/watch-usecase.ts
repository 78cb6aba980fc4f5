// The mailroom hot folder (`triage watch DIR`): scans the folder, hands every settled file to intake
// and moves it to done/ only after intake has stored and queued its item; a file intake refuses for
// good goes to failed/ with an error sidecar; on a transient error the file stays and is tried again.
//
// The periodic scan is the source of truth (fs.watch misses events on network shares); fs.watch is
// only a hint to scan sooner. The decisions themselves (candidates, settling, names) are in
// hot-folder.ts.
import { watch, type Dirent, type FSWatcher, type Stats } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { channelForPath } from '../extract/reader-registry.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { TriageClient } from '../queue/client.js';
import { describeError, TriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import {
  classifyError,
  collisionName,
  DONE_DIR,
  ERROR_SIDECAR,
  errorCode,
  FAILED_DIR,
  isCandidate,
  isWatchedFolder,
  retryDelayMs,
  sameState,
  settle,
  tooLarge,
  type FileState,
  type SeenFile,
} from './hot-folder.js';

/** `done`: the item was stored and queued; `duplicate`: the same content was handed in before under another name; `failed`: refused for good. */
export type WatchOutcome = 'done' | 'failed' | 'duplicate';

export interface WatchReport {
  /** Null for a refused file: nothing was stored. */
  intakeId: string | null;
  outcome: WatchOutcome;
  /** The file's absolute path in the hot folder when it was found: the item's `source`. */
  source: string;
  /** Where the file is now, relative to the hot folder (`done/…` or `failed/…`). */
  movedTo: string;
  /** The refusal's code (failed files only). */
  code?: string;
}

export interface ScanSummary {
  /** Candidate files in the folder (not in done/ or failed/, not ignored). */
  files: number;
  /** Files still settling (or held back by a transient error). */
  waiting: number;
  /** The files handled in this scan, in order. */
  reports: WatchReport[];
  /** A transient error holds hand-ins back until the time in `retryAt`. */
  retryAt: number | null;
  /** When a file still settling can be settled at the earliest (a scan then finds it), or null. */
  nextCheckAt: number | null;
}

export interface HotFolderOptions {
  /** The hot folder (absolute, or relative to the process's working directory). */
  dir: string;
  /** Scan interval (TRIAGE_WATCH_INTERVAL_MS). */
  intervalMs: number;
  /** How long a file must stay unchanged to count as written completely (TRIAGE_WATCH_SETTLE_MS). */
  settleMs: number;
  /** Intake's size limits: a larger file is refused before it is read. */
  limits: Pick<ReaderLimits, 'maxMessageBytes' | 'maxScanBytes'>;
  /** Intake: stores the item in PostgreSQL and queues it before it resolves. */
  client: Pick<TriageClient, 'enqueueBytes'>;
  /**
   * The source a stored item was handed in with, to tell a file handed in again (the watcher died
   * before moving it) from a copy of another file. Without it every re-hand-in reports `duplicate`.
   */
  sourceOf?: (intakeId: string) => Promise<string | null>;
  log: Logger;
  /** Called once per file handled (moved to done/ or failed/). */
  onFile?: (report: WatchReport) => void;
  /** Use fs.watch as a hint to scan sooner (default true); the periodic scan runs either way. */
  fsWatch?: boolean;
  /** Clock for settling and backoff (tests); Date.now by default. */
  now?: () => number;
  /** Longest wait after repeated transient errors (default 60 s, never below the interval). */
  maxRetryDelayMs?: number;
}

export interface HotFolder {
  /** One pass: looks at every file and hands in the settled ones (one scan at a time). */
  scan(): Promise<ScanSummary>;
  /** Scans every interval (sooner on a file-system event) until `stop` resolves; the file in hand is finished first. */
  run(stop: Promise<unknown>): Promise<void>;
}

/** Errors of `link` on file systems (often network shares) that have no hard links, or refuse them for files of another owner. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function errno(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function stateOf(s: Stats): FileState {
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return false;
    throw err;
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** The file was gone when it was to be read or moved (another process took it): nothing to do. */
const GONE = Symbol('gone');
/** The file changed after it had settled: its writer is still at work; it must settle again. */
const CHANGED = Symbol('changed');

export function createHotFolder(options: HotFolderOptions): HotFolder {
  const root = path.resolve(options.dir);
  const { client, log, intervalMs, settleMs, limits } = options;
  const now = options.now ?? Date.now;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;

  let seen = new Map<string, SeenFile>();
  /** Transient failures in a row (any file): sets the wait before the next hand-in. */
  let failuresInRow = 0;
  let retryAt = 0;
  /** Transient failures per file: a file that keeps failing is tried after the others. */
  const fileFailures = new Map<string, number>();
  const notedSpecial = new Set<string>();
  let stopping = false;
  let scanning: Promise<ScanSummary> | null = null;

  /** Candidate files under the hot folder with their state, done/ and failed/ left out. */
  async function list(): Promise<Map<string, FileState>> {
    const found = new Map<string, FileState>();
    const visit = async (relDir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(path.join(root, relDir), { withFileTypes: true });
      } catch (err) {
        if (relDir === '') {
          throw new TriageError('watch.folder_unreachable', `Cannot read the hot folder (${errorCode(err)}); check that it exists and is mounted.`, { permanent: false });
        }
        log.warn('watch.subfolder_unreadable', { code: errorCode(err) });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const rel = relDir === '' ? entry.name : path.join(relDir, entry.name);
        if (entry.isDirectory()) {
          if (isWatchedFolder(rel)) await visit(rel);
        } else if (entry.isFile()) {
          if (!isCandidate(rel)) continue;
          try {
            found.set(rel, stateOf(await stat(path.join(root, rel))));
          } catch {
            // Gone since the folder was listed.
          }
        } else if (isCandidate(rel) && !notedSpecial.has(rel)) {
          // Symbolic links, pipes, sockets: not followed (a link may point anywhere, a pipe blocks a reader).
          notedSpecial.add(rel);
          log.warn('watch.not_a_file', { kind: entry.isSymbolicLink() ? 'symlink' : 'special' });
        }
      }
    };
    await visit('');
    return found;
  }

  /** Reads the file and checks it is still exactly what settled; a change while reading means its writer is back. */
  async function readSettled(abs: string, state: FileState): Promise<Buffer | typeof GONE | typeof CHANGED> {
    let handle;
    try {
      handle = await open(abs, 'r');
    } catch (err) {
      const code = errno(err);
      if (code === 'ENOENT') return GONE;
      if (code === 'EACCES' || code === 'EPERM') {
        throw new TriageError('intake.unreadable_file', `The file cannot be read (${code}); give the watcher read permission and put the file back into the hot folder. Nothing was stored.`);
      }
      throw err;
    }
    try {
      if (!sameState(stateOf(await handle.stat()), state)) return CHANGED;
      const bytes = await handle.readFile();
      if (bytes.length !== state.size || !sameState(stateOf(await handle.stat()), state)) return CHANGED;
      return bytes;
    } finally {
      await handle.close();
    }
  }

  /**
   * Moves the file into done/ or failed/ under its relative path, never over another file: a taken
   * name gets a suffix. A hard link, then the original removed, so a crash in between leaves the
   * file in both places and the next run completes the move (it finds its own link).
   */
  async function moveInto(rel: string, target: string, sidecar?: { code: string; message: string }): Promise<string | typeof GONE> {
    const src = path.join(root, rel);
    const writeSidecar = (dest: string) => writeFile(`${dest}${ERROR_SIDECAR}`, `${JSON.stringify(sidecar, null, 2)}\n`);
    for (let n = 1; n <= 100_000; n++) {
      const destRel = path.join(target, collisionName(rel, n));
      const dest = path.join(root, destRel);
      if (!(await sameFile(src, dest))) {
        if ((await exists(dest)) || (sidecar && (await exists(`${dest}${ERROR_SIDECAR}`)))) continue;
        await mkdir(path.dirname(dest), { recursive: true });
        try {
          await link(src, dest);
        } catch (err) {
          const code = errno(err);
          if (code === 'EEXIST') continue;
          if (code === 'ENOENT' && !(await exists(src))) return GONE;
          if (!NO_HARD_LINKS.has(code)) throw err;
          // No hard links here (a network share, or a file of another owner): rename, checked free just above.
          await rename(src, dest);
          if (sidecar) await writeSidecar(dest);
          return destRel;
        }
      }
      if (sidecar) await writeSidecar(dest);
      try {
        await unlink(src);
      } catch (err) {
        if (errno(err) !== 'ENOENT') throw err;
      }
      return destRel;
    }
    throw new TriageError('watch.no_free_name', 'No free name for the file in the target folder; clear out done/ or failed/.', { permanent: false });
  }

  async function refuse(rel: string, source: string, err: unknown): Promise<WatchReport | null> {
    const { code, message } = describeError(err);
    const moved = await moveInto(rel, FAILED_DIR, { code, message });
    if (moved === GONE) return null;
    log.info('watch.refused', { code });
    return { intakeId: null, outcome: 'failed', source, movedTo: moved, code };
  }

  /** Hands one settled file in and moves it; throws only transient errors (the file stays). */
  async function handIn(rel: string, state: FileState): Promise<WatchReport | null> {
    const abs = path.join(root, rel);
    const source = abs;
    const { channel, ending } = channelForPath(rel);
    let receipt;
    try {
      const big = tooLarge(state.size, channel, limits);
      if (big) throw big;
      const bytes = await readSettled(abs, state);
      if (bytes === GONE || bytes === CHANGED) {
        seen.delete(rel);
        return null;
      }
      receipt = await client.enqueueBytes(bytes, channel, { ending, source });
    } catch (err) {
      if (classifyError(err) === 'refused') return refuse(rel, source, err);
      throw err;
    }
    // The item is stored in PostgreSQL and queued: only now does the file leave the hot folder.
    let outcome: WatchOutcome = 'done';
    if (receipt.duplicate) {
      // Stored before under this very path: the watcher stopped before moving it last time.
      const earlier = options.sourceOf ? await options.sourceOf(receipt.intakeId).catch(() => null) : null;
      outcome = earlier === source ? 'done' : 'duplicate';
    }
    const moved = await moveInto(rel, DONE_DIR);
    if (moved === GONE) {
      log.info('watch.file_gone', { intakeId: receipt.intakeId });
      return null;
    }
    log.debug('watch.handed_in', { intakeId: receipt.intakeId, outcome });
    return { intakeId: receipt.intakeId, outcome, source, movedTo: moved };
  }

  async function scanOnce(): Promise<ScanSummary> {
    const current = await list();
    const outcome = settle(seen, current, now(), settleMs);
    seen = outcome.seen;
    for (const rel of fileFailures.keys()) if (!seen.has(rel)) fileFailures.delete(rel);
    const order = [...outcome.settled].sort((a, b) => (fileFailures.get(a) ?? 0) - (fileFailures.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
    const reports: WatchReport[] = [];
    for (const rel of order) {
      if (stopping || now() < retryAt) break;
      const state = seen.get(rel);
      if (!state) continue;
      try {
        const report = await handIn(rel, state);
        failuresInRow = 0;
        retryAt = 0;
        fileFailures.delete(rel);
        if (report) {
          seen.delete(rel);
          reports.push(report);
          options.onFile?.(report);
        }
      } catch (err) {
        // PostgreSQL, Redis or the share away: the file stays; all hand-ins wait, longer each time.
        failuresInRow++;
        fileFailures.set(rel, (fileFailures.get(rel) ?? 0) + 1);
        const delay = retryDelayMs(failuresInRow, intervalMs, maxRetryDelayMs);
        retryAt = now() + delay;
        log.warn('watch.retry', { code: errorCode(err), failures: failuresInRow, retryInMs: delay });
        break;
      }
    }
    return {
      files: current.size,
      waiting: current.size - reports.length,
      reports,
      retryAt: retryAt > now() ? retryAt : null,
      nextCheckAt: outcome.nextCheckAt,
    };
  }

  function scan(): Promise<ScanSummary> {
    if (!scanning) scanning = scanOnce().finally(() => (scanning = null));
    return scanning;
  }

  async function run(stop: Promise<unknown>): Promise<void> {
    // A wake-up cuts the wait short: at once on stop, after `hintGap` since the last scan on a file-system event.
    let wake: ((soonMs?: number) => void) | null = null;
    let lastScanAt = 0;
    let folderDown = false;
    const hintGap = Math.min(intervalMs, 250);
    const minGap = Math.min(intervalMs, 50);
    void stop.then(
      () => {
        stopping = true;
        wake?.();
      },
      () => {
        stopping = true;
        wake?.();
      },
    );
    let watcher: FSWatcher | null = null;
    if (options.fsWatch !== false) {
      try {
        watcher = watch(root, { persistent: false }, () => wake?.(Math.max(0, lastScanAt + hintGap - Date.now())));
        watcher.on('error', () => watcher?.close());
      } catch {
        watcher = null; // the periodic scan alone
      }
    }
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const target = Date.now() + ms;
        let timer: NodeJS.Timeout;
        const finish = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        timer = setTimeout(finish, ms);
        wake = (soonMs) => {
          if (soonMs === undefined) return finish();
          if (Date.now() + soonMs < target) {
            clearTimeout(timer);
            timer = setTimeout(finish, soonMs);
          }
        };
      });
    try {
      while (!stopping) {
        lastScanAt = Date.now();
        let summary: ScanSummary | null = null;
        try {
          summary = await scan();
          if (folderDown) log.info('watch.folder_back', {});
          folderDown = false;
        } catch (err) {
          // Warned once per outage (an unmounted share would otherwise warn every interval).
          if (!folderDown) log.warn('watch.scan_failed', { code: errorCode(err) });
          folderDown = true;
        }
        if (stopping) break;
        const t = now();
        let delay = intervalMs;
        if (summary?.nextCheckAt != null) delay = Math.min(delay, summary.nextCheckAt - t);
        if (summary?.retryAt != null) delay = Math.min(delay, summary.retryAt - t);
        await sleep(Math.max(delay, minGap));
      }
    } finally {
      watcher?.close();
    }
  }

  return { scan, run };
}
