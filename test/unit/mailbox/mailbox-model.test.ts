import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../../src/extract/readers/reader-limits.js';
import {
  afterIntake,
  filingMode,
  firstLook,
  inBatches,
  isMarkedHandled,
  mailboxKey,
  messageRef,
  reconnectDelay,
  sourceOf,
  verdictFor,
} from '../../../src/mailbox/mailbox-model.js';
import { TriageError } from '../../../src/shared/errors.js';

const sample = readFileSync('samples/email-01-plain-utf8-mitgliedsbescheinigung.eml');

describe('mailbox: what happens to a message', () => {
  it('a message over the size limit is never downloaded: it goes to the failed folder as intake.too_large', () => {
    assert.deepEqual(firstLook(DEFAULT_LIMITS.maxMessageBytes + 1, DEFAULT_LIMITS), { action: 'refuse', code: 'intake.too_large', destination: 'failed' });
    assert.deepEqual(firstLook(DEFAULT_LIMITS.maxMessageBytes, DEFAULT_LIMITS), { action: 'fetch' });
  });

  it('a readable email goes to the done folder', () => {
    assert.deepEqual(verdictFor(sample, DEFAULT_LIMITS), { destination: 'done', code: null });
  });

  it('a broken email goes to the failed folder with the code its item will fail with', () => {
    assert.deepEqual(verdictFor(readFileSync('test/fixtures/bad-input/binary.eml'), DEFAULT_LIMITS), { destination: 'failed', code: 'email.not_a_message' });
    assert.deepEqual(verdictFor(readFileSync('test/fixtures/bad-input/truncated.eml'), DEFAULT_LIMITS), { destination: 'failed', code: 'email.truncated' });
    assert.deepEqual(verdictFor(Buffer.from('Bitte rufen Sie zurück.\n'), DEFAULT_LIMITS), { destination: 'failed', code: 'email.no_headers' });
  });

  it('a stored message, new or stored before, is filed where its verdict says', () => {
    assert.deepEqual(afterIntake({ destination: 'done', code: null }, { stored: true, intakeId: 'a', duplicate: false }), { action: 'file', destination: 'done' });
    assert.deepEqual(afterIntake({ destination: 'failed', code: 'email.truncated' }, { stored: true, intakeId: 'a', duplicate: true }), { action: 'file', destination: 'failed' });
  });

  it('a message intake refuses for good is filed as failed, with nothing stored', () => {
    const refused = new TriageError('intake.too_large', 'too large');
    assert.deepEqual(afterIntake({ destination: 'failed', code: 'intake.too_large' }, { stored: false, error: refused }), { action: 'file', destination: 'failed' });
  });

  it('when the database or Redis is away the message stays in the folder for a later pass', () => {
    assert.deepEqual(afterIntake({ destination: 'done', code: null }, { stored: false, error: new Error('ECONNREFUSED') }), { action: 'retry-later', code: 'mailbox.intake_unavailable' });
    const conflict = new TriageError('db.conflict', 'retry', { permanent: false });
    assert.deepEqual(afterIntake({ destination: 'done', code: null }, { stored: false, error: conflict }), { action: 'retry-later', code: 'db.conflict' });
    // Only intake's own refusals file a message as failed; any other error leaves it where it is.
    const other = new TriageError('queue.needs_postgres', 'set DATABASE_URL');
    assert.deepEqual(afterIntake({ destination: 'done', code: null }, { stored: false, error: other }), { action: 'retry-later', code: 'queue.needs_postgres' });
  });
});

describe('mailbox: filing on the server', () => {
  it('MOVE where the server has it; else copy and mark with a keyword; never delete', () => {
    assert.equal(filingMode({ move: true, keywords: false }), 'move');
    assert.equal(filingMode({ move: false, keywords: true }), 'copy-and-mark');
    assert.throws(() => filingMode({ move: false, keywords: false }), (err: unknown) => err instanceof TriageError && err.code === 'mailbox.cannot_file');
  });

  it('a message marked $TriageDone or $TriageFailed was handled before and is skipped', () => {
    assert.equal(isMarkedHandled(new Set(['\\Seen', '$TriageDone'])), true);
    assert.equal(isMarkedHandled(new Set(['$TriageFailed'])), true);
    assert.equal(isMarkedHandled(new Set(['\\Seen', '$Junk'])), false);
  });
});

describe('mailbox: references and timing', () => {
  it('a message is referred to by UIDVALIDITY and UID, and its item names server, folder, UIDVALIDITY and UID but not the user', () => {
    assert.equal(messageRef(1795602836n, 42), '1795602836:42');
    assert.equal(sourceOf('imap.kasse.example', 'Posteingang/Widerspruch', 1795602836n, 42), 'imap://imap.kasse.example/Posteingang%2FWiderspruch;UIDVALIDITY=1795602836/;UID=42');
  });

  it('the Redis key of a mailbox is a hash: it holds neither the user nor the server name', () => {
    const key = mailboxKey({ host: 'imap.kasse.example', port: 993, user: 'erika.mustermann@kasse.example', folder: 'INBOX' });
    assert.match(key, /^[0-9a-f]{24}$/);
    assert.notEqual(key, mailboxKey({ host: 'imap.kasse.example', port: 993, user: 'posteingang', folder: 'INBOX' }));
  });

  it('batches keep the order and hold at most their size', () => {
    assert.deepEqual(inBatches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(inBatches([], 50), []);
  });

  it('reconnect waits double from half a second up to a minute, less up to a fifth at random', () => {
    const none = () => 0;
    assert.deepEqual([0, 1, 2, 3].map((a) => reconnectDelay(a, undefined, none)), [500, 1000, 2000, 4000]);
    assert.equal(reconnectDelay(20, undefined, none), 60_000);
    assert.equal(reconnectDelay(1000, undefined, none), 60_000);
    assert.equal(reconnectDelay(3, undefined, () => 1), 3200);
  });
});
