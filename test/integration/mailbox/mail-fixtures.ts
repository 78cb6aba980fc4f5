// The mail delivered in the mailbox tests: variants of the sample emails (each with a Message-ID of
// its own), the hostile emails of ../shared/peer-fixtures when present, and broken messages: binary
// data, an image, multiparts cut off, text without headers, MIME nesting bombs and messages over
// the size limit the tests set (TRIAGE_MAX_MESSAGE_MB=1).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { messageIdOf } from '../../../src/intake/message-id.js';
import { asServed } from '../../support/dovecot.js';

/** The size limit the mailbox tests run with (TRIAGE_MAX_MESSAGE_MB). */
export const TEST_MAX_MESSAGE_MB = 1;

export interface TestMessage {
  label: string;
  bytes: Buffer;
  /** The folder it must end in. */
  folder: 'done' | 'failed';
  /** For a message filed as failed: the code of its failed result, or of its refusal. */
  code: string | null;
  /** Whether an item is stored for it (not for a message over the size limit). */
  stored: boolean;
}

const BAD = path.resolve('test/fixtures/bad-input');
const PEERS = path.resolve('../shared/peer-fixtures');

/** Gives the message a Message-ID of its own (or a header line of its own when it has none). */
function vary(bytes: Buffer, tag: string): Buffer {
  const text = bytes.toString('latin1');
  return Buffer.from(/^message-id:\s*</im.test(text) ? text.replace(/^(message-id:\s*<)/im, `$1${tag}.`) : `X-Variant: ${tag}\n${text}`, 'latin1');
}

function nestingBomb(i: number, depth = 80): Buffer {
  let body = 'innen\n';
  for (let d = depth - 1; d >= 0; d--) body = `--b${d}\nContent-Type: ${d === depth - 1 ? 'text/plain' : `multipart/mixed; boundary="b${d + 1}"`}\n\n${body}\n--b${d}--\n`;
  return Buffer.from(
    `From: Tester <nest@example.org>\nTo: post@kasse.example\nSubject: Verschachtelt ${i}\nMessage-ID: <nest-${i}@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n\n${body}`,
    'latin1',
  );
}

function oversize(i: number): Buffer {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\n';
  return Buffer.from(
    `From: Tester <big@example.org>\nTo: post@kasse.example\nSubject: Groß ${i}\nMessage-ID: <big-${i}@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/plain\n\nAnbei.\n--x\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${line.repeat(Math.ceil((1.2 * 1024 * 1024) / line.length))}--x--\n`,
    'latin1',
  );
}

/** The broken messages: each fails with a code of its own, none is retried. */
export function brokenMessages(): TestMessage[] {
  const out: TestMessage[] = [];
  const binary = readFileSync(path.join(BAD, 'binary.eml'));
  const image = readFileSync(path.join(BAD, 'image-named.eml'));
  const truncated = readFileSync(path.join(BAD, 'truncated.eml'));
  const notes = readFileSync(path.join(BAD, 'notes.txt'));
  for (let i = 0; i < 3; i++) out.push({ label: `binary-${i}`, bytes: Buffer.concat([binary, Buffer.from([i, 0, 255 - i])]), folder: 'failed', code: 'email.not_a_message', stored: true });
  for (let i = 0; i < 2; i++) out.push({ label: `image-${i}`, bytes: Buffer.concat([image, Buffer.from([i, 0])]), folder: 'failed', code: 'email.not_a_message', stored: true });
  for (let i = 0; i < 3; i++) out.push({ label: `truncated-${i}`, bytes: vary(truncated, `t${i}`), folder: 'failed', code: 'email.truncated', stored: true });
  for (let i = 0; i < 3; i++) out.push({ label: `no-headers-${i}`, bytes: Buffer.concat([notes, Buffer.from(`Vorgang ${i}\n`)]), folder: 'failed', code: 'email.no_headers', stored: true });
  for (let i = 0; i < 2; i++) out.push({ label: `nesting-bomb-${i}`, bytes: nestingBomb(i), folder: 'failed', code: 'email.too_many_parts', stored: true });
  for (let i = 0; i < 2; i++) out.push({ label: `oversize-${i}`, bytes: oversize(i), folder: 'failed', code: 'intake.too_large', stored: false });
  return out;
}

/** The hostile emails of the peer parsers' test suites (none when ../shared is not there). */
export function peerMessages(): TestMessage[] {
  if (!existsSync(PEERS)) return [];
  const out: TestMessage[] = [];
  for (const dir of readdirSync(PEERS).sort()) {
    const folder = path.join(PEERS, dir);
    if (!existsSync(folder) || !/^[a-z-]+$/.test(dir)) continue;
    for (const f of readdirSync(folder).filter((n) => n.endsWith('.eml')).sort()) {
      const bytes = readFileSync(path.join(folder, f));
      // The size as the server will hand it out (CRLF line ends).
      const big = asServed(bytes).length > TEST_MAX_MESSAGE_MB * 1024 * 1024;
      out.push({ label: `peer-${dir}-${f}`, bytes, folder: big ? 'failed' : 'done', code: big ? 'intake.too_large' : null, stored: !big });
    }
  }
  return out;
}

/** `count` variants of the sample emails, each with a Message-ID of its own (`tag` keeps batches apart). */
export function sampleVariants(count: number, tag: string): TestMessage[] {
  const samples = readdirSync('samples')
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(path.join('samples', f)));
  return Array.from({ length: count }, (_, i) => ({ label: `sample-${tag}${i}`, bytes: vary(samples[i % samples.length]!, `${tag}${i}`), folder: 'done' as const, code: null, stored: true }));
}

/** `count` messages: the broken ones, the peer fixtures, and sample variants for the rest, the broken ones spread among them. */
export function mailboxMessages(count: number, tag = 'm'): TestMessage[] {
  const fixed = [...brokenMessages(), ...peerMessages()];
  const good = sampleVariants(Math.max(0, count - fixed.length), tag);
  const out: TestMessage[] = [];
  let f = 0;
  let g = 0;
  // Every seventh place holds a broken or hostile one while there are any.
  while (out.length < count) {
    if ((out.length % 7 === 3 && f < fixed.length) || g >= good.length) out.push(fixed[f++]!);
    else out.push(good[g++]!);
  }
  return out;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * How many items intake keeps for these messages (as the server hands them out): one per content,
 * and emails with the same Message-ID are one item too.
 */
export function expectedItems(messages: readonly Buffer[]): number {
  const hashes = new Set<string>();
  const ids = new Set<string>();
  let items = 0;
  for (const m of messages) {
    const hash = sha256(m);
    const id = messageIdOf(m);
    if (!hashes.has(hash) && (id === null || !ids.has(id))) items++;
    hashes.add(hash);
    if (id !== null) ids.add(id);
  }
  return items;
}
