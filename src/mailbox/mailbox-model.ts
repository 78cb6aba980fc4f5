// The mailbox poller's decisions, free of I/O so they can be tested on their own: what happens to a
// message before and after it is fetched, how it is filed on a server with or without MOVE, how a
// message is referred to in logs and as the item's source, and how long to wait before reconnecting.
// The coordination (fetch → store → file) is in poll-usecase.ts, the IMAP side in imap-mailbox.ts.
import { createHash } from 'node:crypto';
import { precheckEmail } from '../extract/readers/email-reader.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import { isTriageError, TriageError } from '../shared/errors.js';

/** The two folders a handled message ends in. */
export type Destination = 'done' | 'failed';

/**
 * Keywords that mark a handled message where the server has no MOVE: it is copied to its folder
 * and keeps this keyword in the folder read, so later passes skip it (nothing is ever deleted).
 */
export const HANDLED_KEYWORD: Record<Destination, string> = { done: '$TriageDone', failed: '$TriageFailed' };

/** Set on an original before it is copied (servers without MOVE): a copy may exist from here on. */
export const FILING_KEYWORD = '$TriageFiling';

/** Messages listed (uid and size) per FETCH; their bytes are then fetched one message at a time. */
export const LIST_BATCH = 50;

/** What to do with a listed message before its bytes are fetched. */
export type FirstLook = { action: 'fetch' } | { action: 'refuse'; code: string; destination: 'failed' };

/**
 * A message over the size limit is never downloaded: intake would refuse it (`intake.too_large`)
 * and store nothing, so it goes to the failed folder as it is.
 */
export function firstLook(size: number, limits: Pick<ReaderLimits, 'maxMessageBytes'>): FirstLook {
  return size > limits.maxMessageBytes ? { action: 'refuse', code: 'intake.too_large', destination: 'failed' } : { action: 'fetch' };
}

/** Where a fetched message goes once its item is stored, and the code it fails with (null: none foreseen). */
export interface Verdict {
  destination: Destination;
  code: string | null;
}

/**
 * The folder of a fetched message: `failed` when its structure is broken (binary data, no headers,
 * a MIME nesting bomb, a multipart cut off, empty, too large), else `done`. It is the read stage's
 * own first check on the same bytes, so the item of a message filed as failed gets a failed result
 * with the same code through the queue (bad input fails at once, it is never retried).
 */
export function verdictFor(bytes: Buffer, limits: ReaderLimits): Verdict {
  try {
    precheckEmail(bytes, limits);
    return { destination: 'done', code: null };
  } catch (err) {
    if (isTriageError(err)) return { destination: 'failed', code: err.code };
    throw err;
  }
}

/** What intake said about a message, or the error it refused it with. */
export type IntakeOutcome = { stored: true; intakeId: string; duplicate: boolean } | { stored: false; error: unknown };

/** What the poller does after handing a message to intake. */
export type AfterIntake =
  | { action: 'file'; destination: Destination }
  /** Intake failed for now (database or Redis away): leave the message where it is and end the pass. */
  | { action: 'retry-later'; code: string };

/**
 * A message is filed only after its item is committed. A refusal for good (`intake.too_large`, any
 * permanent `intake.*` error) files it as failed with nothing stored; a transient error leaves it in the
 * folder, to be handed in again on a later pass (its dedupe key then finds the item if it was stored).
 */
export function afterIntake(verdict: Verdict, outcome: IntakeOutcome): AfterIntake {
  if (outcome.stored) return { action: 'file', destination: verdict.destination };
  const err = outcome.error;
  // Only intake's own refusals are for good; anything else (a database or Redis error) may pass.
  if (isTriageError(err) && err.permanent && err.code.startsWith('intake.')) return { action: 'file', destination: 'failed' };
  return { action: 'retry-later', code: isTriageError(err) ? err.code : 'mailbox.intake_unavailable' };
}

/** How handled messages leave the folder read. */
export type FilingMode = 'move' | 'copy-and-mark';

/**
 * MOVE where the server has it (RFC 6851). Without it: COPY, then the handled keyword on the
 * original, never COPY + \Deleted + EXPUNGE (nothing is ever deleted). A server that has neither
 * MOVE nor keywords cannot mark what was handled: refused with a code.
 */
export function filingMode(server: { move: boolean; keywords: boolean }): FilingMode {
  if (server.move) return 'move';
  if (server.keywords) return 'copy-and-mark';
  throw new TriageError(
    'mailbox.cannot_file',
    'The IMAP server offers neither MOVE nor custom keywords on the folder read, so handled mail can neither leave the folder nor be marked (nothing is ever deleted). Use a server with MOVE (RFC 6851) or with keywords (PERMANENTFLAGS \\*).',
  );
}

/** Whether a message already carries a handled keyword (copy-and-mark servers). */
export function isMarkedHandled(flags: Iterable<string>): boolean {
  for (const f of flags) if (f === HANDLED_KEYWORD.done || f === HANDLED_KEYWORD.failed) return true;
  return false;
}

/** A message's stable reference in logs: UIDVALIDITY and UID, never subject or sender. */
export function messageRef(uidValidity: bigint | number, uid: number): string {
  return `${uidValidity}:${uid}`;
}

/**
 * The item's source: an IMAP URL (RFC 5092) naming server, folder, UIDVALIDITY and UID. Not the
 * user name: it may be a person's address, and the source is shown with the result.
 */
export function sourceOf(host: string, folder: string, uidValidity: bigint | number, uid: number): string {
  return `imap://${host}/${encodeURIComponent(folder)};UIDVALIDITY=${uidValidity}/;UID=${uid}`;
}

/**
 * A mailbox's key in Redis (claims): a hash of server, port, user and folder, so Redis never holds
 * the user name (it may be a person's address).
 */
export function mailboxKey(account: { host: string; port: number; user: string; folder: string }): string {
  return createHash('sha256').update(`${account.host}\0${account.port}\0${account.user}\0${account.folder}`).digest('hex').slice(0, 24);
}

/** How long a claim to handle a message lasts: ample to fetch, store and file it, short enough after a crash. */
export const CLAIM_TTL_MS = 30_000;

/** Stored messages are filed at the end of their batch, or after this long, well within their claims. */
export const FILE_WITHIN_MS = CLAIM_TTL_MS / 3;

/** `items` in slices of `size`, in order. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Backoff {
  /** First wait after a lost connection. */
  firstMs: number;
  /** Longest wait. */
  maxMs: number;
}

export const RECONNECT_BACKOFF: Backoff = { firstMs: 500, maxMs: 60_000 };

/**
 * The wait before reconnect attempt `attempt` (0 for the first): doubling from `firstMs` up to
 * `maxMs`, with up to a fifth taken off at random so several pollers do not knock at once.
 */
export function reconnectDelay(attempt: number, backoff: Backoff = RECONNECT_BACKOFF, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 30));
  return Math.round(full * (1 - 0.2 * random()));
}
