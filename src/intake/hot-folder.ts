// The mailroom hot folder's decisions (`triage watch DIR`), free of I/O so they can be tested on
// their own: which files are handed in, when a file is settled (its writer is done), where a handled
// file goes without overwriting another, and how long to wait after a transient error.
// The coordination (scan, hand in, move) is in watch-usecase.ts.
import path from 'node:path';
import type { Channel } from '../contract/triage-result.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import { isTriageError, TriageError } from '../shared/errors.js';

/** Handed-in files move here, under their path relative to the hot folder. */
export const DONE_DIR = 'done';
/** Files intake refuses for good move here, each with `<name>.error.json` beside it. */
export const FAILED_DIR = 'failed';
/** Ending of the sidecar written next to a file in `failed/`. */
export const ERROR_SIDECAR = '.error.json';

/** Endings of files still being written by copy tools, browsers and scanners (renamed when complete). */
const TEMPORARY_ENDINGS = ['.part', '.partial', '.filepart', '.crdownload', '.tmp', '.temp'];
/** Files a file manager puts into a shared folder on its own. */
const SYSTEM_FILES = ['thumbs.db', 'desktop.ini'];

/**
 * Whether a file name is never handed in: hidden files (`.name`), Office lock files (`~$name`),
 * files still being written under a temporary name (`*.part`, `*.partial`, `*.filepart`,
 * `*.crdownload`, `*.tmp`, `*.temp`) and `Thumbs.db` / `desktop.ini`. Every other name is handed in,
 * whatever its ending: an unknown ending becomes a failed item with a code, never a skipped file.
 */
export function isIgnoredName(name: string): boolean {
  if (name === '' || name.startsWith('.') || name.startsWith('~$')) return true;
  const lower = name.toLowerCase();
  return SYSTEM_FILES.includes(lower) || TEMPORARY_ENDINGS.some((e) => lower.endsWith(e));
}

function segments(rel: string): string[] {
  return rel.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

/**
 * Whether a folder (relative to the hot folder) is walked: not `done/` or `failed/` at the top,
 * not a hidden folder (`.snapshot`, `.Trash`) anywhere.
 */
export function isWatchedFolder(relDir: string): boolean {
  const parts = segments(relDir);
  if (parts.length === 0) return true;
  if (parts[0] === DONE_DIR || parts[0] === FAILED_DIR) return false;
  return parts.every((p) => !p.startsWith('.'));
}

/** Whether a file (relative to the hot folder) is handed in once it has settled. */
export function isCandidate(relFile: string): boolean {
  const parts = segments(relFile);
  const name = parts.pop();
  if (name === undefined || isIgnoredName(name)) return false;
  return isWatchedFolder(parts.join('/'));
}

/** What a scan sees of a file; a change in any of them means its writer is still at work. */
export interface FileState {
  size: number;
  mtimeMs: number;
  /** Inode: a file replaced under the same name (write to a temporary name, then rename) is a new file. */
  ino: number;
}

/** A file as seen by earlier scans: its state and since when it has had that state. */
export interface SeenFile extends FileState {
  since: number;
}

export function sameState(a: FileState, b: FileState): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

export interface SettleOutcome {
  /** What the next scan compares against: every file of this scan (vanished files are forgotten). */
  seen: Map<string, SeenFile>;
  /** Files whose writer is done, in path order. */
  settled: string[];
  /** The earliest moment a file still settling can be settled (to scan again then), or null. */
  nextCheckAt: number | null;
}

/**
 * A file is settled when an earlier scan saw it with the same size, modification time and inode,
 * at least `settleMs` ago: unchanged across two scans that far apart. The time is the watcher's
 * own clock, never the file's mtime (a network share's clock may differ).
 */
export function settle(previous: ReadonlyMap<string, SeenFile>, current: ReadonlyMap<string, FileState>, now: number, settleMs: number): SettleOutcome {
  const seen = new Map<string, SeenFile>();
  const settled: string[] = [];
  let nextCheckAt: number | null = null;
  for (const [rel, state] of current) {
    const before = previous.get(rel);
    const unchanged = before !== undefined && sameState(before, state);
    const since = unchanged ? before.since : now;
    seen.set(rel, { ...state, since });
    if (unchanged && now - since >= settleMs) {
      settled.push(rel);
    } else {
      // Unchanged in the next scan, it is settled at since + settleMs (and never before that scan).
      const at = Math.max(since + settleMs, now + 1);
      nextCheckAt = nextCheckAt === null ? at : Math.min(nextCheckAt, at);
    }
  }
  settled.sort();
  return { seen, settled, nextCheckAt };
}

/**
 * The `n`th name tried for a file moved into `done/` or `failed/`: the name itself first, then
 * `brief-2.pdf`, `brief-3.pdf` … (the suffix before the ending, so the ending still tells the kind).
 * An existing file is never overwritten: the mover takes the first name that is free.
 */
export function collisionName(rel: string, n: number): string {
  if (n <= 1) return rel;
  const dir = path.dirname(rel);
  const base = path.basename(rel);
  const dot = base.lastIndexOf('.');
  const named = dot > 0 ? `${base.slice(0, dot)}-${n}${base.slice(dot)}` : `${base}-${n}`;
  return dir === '.' ? named : path.join(dir, named);
}

/**
 * The size limit intake applies to an item of this kind (the same rule as `receiveItem`): emails and
 * contact forms up to `maxMessageBytes`, scans and unknown kinds up to `maxScanBytes`. The hot folder
 * checks it before reading, so a huge file is refused without being loaded into memory.
 */
export function tooLarge(size: number, channel: Channel | null, limits: Pick<ReaderLimits, 'maxMessageBytes' | 'maxScanBytes'>): TriageError | null {
  const isMessage = channel === 'email' || channel === 'contact-form';
  const limit = isMessage ? limits.maxMessageBytes : limits.maxScanBytes;
  if (size <= limit) return null;
  return new TriageError(
    'intake.too_large',
    `The item has ${size} bytes, more than the limit of ${limit}; nothing was stored. ` +
      `Raise ${isMessage ? 'TRIAGE_MAX_MESSAGE_MB' : 'TRIAGE_MAX_SCAN_MB'} if such items are expected.`,
  );
}

/**
 * What a failed hand-in means for the file: `refused` (intake will refuse it every time: it goes to
 * `failed/`) or `transient` (PostgreSQL, Redis or the share is away: it stays and is tried again).
 * Only a permanent TriageError refuses a file; anything else, connection errors included, is transient.
 */
export function classifyError(err: unknown): 'refused' | 'transient' {
  return isTriageError(err) && err.permanent ? 'refused' : 'transient';
}

/**
 * A code for the log: the TriageError's code, or a system error code (`ECONNREFUSED`), also from the
 * error's cause (drizzle wraps driver errors), never a message (it may quote the query or the input).
 */
export function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 3 && e; depth++) {
    if (isTriageError(e)) return e.code;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'internal.transient';
}

/** Wait after the `failures`th transient error in a row: the scan interval, doubling, at most `capMs`. */
export function retryDelayMs(failures: number, intervalMs: number, capMs = 60_000): number {
  const cap = Math.max(capMs, intervalMs);
  return Math.min(cap, intervalMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
}
