import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Secret, type MailboxAccount } from '../../../src/config/mailbox-config.js';
import { DEFAULT_LIMITS } from '../../../src/extract/readers/reader-limits.js';
import type { ListedMessage, MailboxSession, WaitOutcome } from '../../../src/mailbox/imap-mailbox.js';
import type { Destination, FilingMode } from '../../../src/mailbox/mailbox-model.js';
import { pollMailbox, runPass, type FiledMessage, type PollDeps } from '../../../src/mailbox/poll-usecase.js';
import type { EnqueueReceipt } from '../../../src/queue/client.js';
import { TriageError } from '../../../src/shared/errors.js';
import type { Logger } from '../../../src/shared/logger.js';

const ACCOUNT: MailboxAccount = {
  name: 'mailbox-1',
  host: 'imap.kasse.example',
  port: 993,
  tls: 'on',
  user: 'posteingang',
  password: new Secret('pw'),
  folder: 'INBOX',
  doneFolder: 'Triage-Done',
  failedFolder: 'Triage-Failed',
};
const GOOD = readFileSync('samples/email-01-plain-utf8-mitgliedsbescheinigung.eml');
const BROKEN = readFileSync('test/fixtures/bad-input/truncated.eml');
const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/** An in-memory folder with the calls made on it, in order. */
class FakeMailbox {
  messages = new Map<number, { bytes: Buffer; flags: Set<string> }>();
  filed: { uid: number; to: Destination }[] = [];
  calls: string[] = [];
  /** UIDs another poller files right after they are listed. */
  takenByOthers = new Set<number>();
  /** Throws on the nth IMAP command (a dropped connection). */
  failAt: number | null = null;
  private commands = 0;
  constructor(readonly filing: FilingMode = 'move') {}

  add(...bytes: Buffer[]): this {
    for (const b of bytes) this.messages.set(this.messages.size + this.filed.length + 1, { bytes: b, flags: new Set() });
    return this;
  }

  private step(call: string): void {
    this.calls.push(call);
    if (this.failAt !== null && ++this.commands === this.failAt) throw new TriageError('mailbox.connection_lost', 'dropped', { permanent: false });
  }

  session(): MailboxSession {
    return {
      uidValidity: 7n,
      canIdle: true,
      filing: this.filing,
      unfiled: async () => {
        this.step('unfiled');
        return [...this.messages.keys()].sort((a, b) => a - b);
      },
      list: async (uids) => {
        this.step(`list ${uids.join(',')}`);
        const out: ListedMessage[] = [];
        for (const uid of uids) {
          const m = this.messages.get(uid);
          if (m) out.push({ uid, size: m.bytes.length, flags: m.flags });
        }
        for (const uid of this.takenByOthers) this.messages.delete(uid);
        return out;
      },
      source: async (uid) => {
        this.step(`fetch ${uid}`);
        return this.messages.get(uid)?.bytes ?? null;
      },
      file: async (uids, to) => {
        this.step(`file ${uids.join(',')} ${to}`);
        const gone = new Set<number>();
        for (const uid of uids) {
          if (!this.messages.has(uid)) {
            gone.add(uid);
            continue;
          }
          this.messages.delete(uid);
          this.filed.push({ uid, to });
        }
        return gone;
      },
      waitForMail: async (_ms: number, signal: AbortSignal): Promise<WaitOutcome> => {
        this.step('wait');
        return signal.aborted ? 'stopped' : 'timeout';
      },
      close: async () => {
        this.calls.push('close');
      },
    };
  }
}

/** Intake that stores by content and records each call as `store <uid>`. */
function fakeIntake(box: FakeMailbox, fail?: (bytes: Buffer) => unknown) {
  const stored = new Map<string, string>();
  return {
    stored,
    async enqueueBytes(bytes: Buffer, _channel: unknown, options?: { source?: string }): Promise<EnqueueReceipt> {
      box.calls.push(`store ${/UID=(\d+)$/.exec(options?.source ?? '')?.[1]}`);
      const error = fail?.(bytes);
      if (error) throw error;
      const key = bytes.toString('latin1');
      const existing = stored.get(key);
      if (existing) return { intakeId: existing, duplicate: true, decided: false, queued: true };
      const id = `item-${stored.size + 1}`;
      stored.set(key, id);
      return { intakeId: id, duplicate: false, decided: false, queued: true };
    },
  };
}

function deps(box: FakeMailbox, intake: PollDeps['intake'], extra: Partial<PollDeps> = {}): PollDeps & { filedMessages: FiledMessage[] } {
  const filedMessages: FiledMessage[] = [];
  return { account: ACCOUNT, limits: DEFAULT_LIMITS, intake, open: async () => box.session(), log: quiet, pollIntervalMs: 1000, onFiled: (f) => void filedMessages.push(f), filedMessages, ...extra };
}

const running = () => new AbortController().signal;

describe('mailbox poller: one pass over the folder', () => {
  it('each message is stored before it is filed, oldest first; a batch is filed with one command per folder', async () => {
    const box = new FakeMailbox().add(GOOD, BROKEN, Buffer.concat([GOOD, Buffer.from('\n')]));
    await runPass(box.session(), deps(box, fakeIntake(box)), running());
    assert.deepEqual(box.calls, ['unfiled', 'list 1,2,3', 'fetch 1', 'store 1', 'fetch 2', 'store 2', 'fetch 3', 'store 3', 'file 1,3 done', 'file 2 failed']);
  });

  it('a broken message is stored (its item fails with the code) and filed as failed', async () => {
    const box = new FakeMailbox().add(BROKEN);
    const d = deps(box, fakeIntake(box));
    await runPass(box.session(), d, running());
    assert.deepEqual(box.filed, [{ uid: 1, to: 'failed' }]);
    assert.deepEqual(d.filedMessages.map((f) => [f.intakeId, f.destination, f.code]), [['item-1', 'failed', 'email.truncated']]);
  });

  it('a message over the size limit is filed as failed without being downloaded or stored', async () => {
    const box = new FakeMailbox().add(GOOD);
    const d = deps(box, fakeIntake(box), { limits: { ...DEFAULT_LIMITS, maxMessageBytes: 100 } });
    await runPass(box.session(), d, running());
    assert.deepEqual(box.calls, ['unfiled', 'list 1', 'file 1 failed']);
    assert.deepEqual(d.filedMessages.map((f) => [f.intakeId, f.code]), [[null, 'intake.too_large']]);
  });

  it('the same message delivered twice is one item; both copies are filed', async () => {
    const box = new FakeMailbox().add(GOOD, GOOD);
    const d = deps(box, fakeIntake(box));
    await runPass(box.session(), d, running());
    assert.deepEqual(d.filedMessages.map((f) => [f.intakeId, f.duplicate]), [['item-1', false], ['item-1', true]]);
    assert.equal(box.filed.length, 2);
  });

  it('a message another poller filed first is no error, whether it was gone before fetching or before filing', async () => {
    const box = new FakeMailbox().add(GOOD);
    box.takenByOthers.add(1);
    const counts = await runPass(box.session(), deps(box, fakeIntake(box)), running());
    assert.deepEqual(box.calls, ['unfiled', 'list 1', 'fetch 1']);
    assert.equal(counts.handled, 0);

    const later = new FakeMailbox().add(GOOD);
    const intake = fakeIntake(later);
    const d = deps(later, {
      async enqueueBytes(bytes, channel, options) {
        later.messages.delete(1); // another poller moves it meanwhile
        return intake.enqueueBytes(bytes, channel, options);
      },
    });
    await runPass(later.session(), d, running());
    assert.deepEqual(d.filedMessages.map((f) => [f.intakeId, f.gone]), [['item-1', true]]);
  });

  it('a message claimed by another poller is left to it', async () => {
    const box = new FakeMailbox().add(GOOD);
    const d = deps(box, fakeIntake(box), { claims: { claim: async () => false } });
    await runPass(box.session(), d, running());
    assert.deepEqual(box.calls, ['unfiled', 'list 1']);
    assert.equal(box.messages.size, 1);
  });

  it('while intake is unavailable the message stays in the folder and the pass stops', async () => {
    const box = new FakeMailbox().add(GOOD, GOOD);
    const d = deps(box, fakeIntake(box, () => new Error('ECONNREFUSED')));
    const counts = await runPass(box.session(), d, running());
    assert.equal(counts.intakeUnavailable, true);
    assert.deepEqual(box.calls, ['unfiled', 'list 1,2', 'fetch 1', 'store 1']);
    assert.equal(box.messages.size, 2);
  });

  it('when intake becomes unavailable midway, what it stored before is still filed', async () => {
    const box = new FakeMailbox().add(GOOD, Buffer.concat([GOOD, Buffer.from('\n')]));
    let calls = 0;
    const intake = fakeIntake(box);
    const d = deps(box, {
      async enqueueBytes(bytes, channel, options) {
        if (++calls === 2) throw new Error('ECONNREFUSED');
        return intake.enqueueBytes(bytes, channel, options);
      },
    });
    const counts = await runPass(box.session(), d, running());
    assert.equal(counts.intakeUnavailable, true);
    assert.deepEqual(box.filed, [{ uid: 1, to: 'done' }]);
    assert.equal(box.messages.size, 1);
  });

  it('a message intake refuses for good is filed as failed with nothing stored', async () => {
    const box = new FakeMailbox().add(GOOD);
    const d = deps(box, fakeIntake(box, () => new TriageError('intake.too_large', 'too large')));
    await runPass(box.session(), d, running());
    assert.deepEqual(box.filed, [{ uid: 1, to: 'failed' }]);
    assert.deepEqual(d.filedMessages.map((f) => [f.intakeId, f.code]), [[null, 'intake.too_large']]);
  });

  it('messages marked as handled (servers without MOVE) are skipped', async () => {
    const box = new FakeMailbox('copy-and-mark').add(GOOD, BROKEN);
    box.messages.get(1)!.flags.add('$TriageDone');
    await runPass(box.session(), deps(box, fakeIntake(box)), running());
    assert.deepEqual(box.filed, [{ uid: 2, to: 'failed' }]);
  });

  it('on stop the message in hand is finished and no further one is taken', async () => {
    const box = new FakeMailbox().add(GOOD, Buffer.concat([GOOD, Buffer.from('\n')]));
    const stop = new AbortController();
    const intake = fakeIntake(box);
    const d = deps(box, {
      async enqueueBytes(bytes, channel, options) {
        stop.abort();
        return intake.enqueueBytes(bytes, channel, options);
      },
    });
    await runPass(box.session(), d, stop.signal);
    assert.deepEqual(box.filed, [{ uid: 1, to: 'done' }]);
    assert.equal(box.messages.size, 1);
  });

  it('a mailbox of thousands of messages is listed in batches of 50', async () => {
    const box = new FakeMailbox();
    for (let i = 0; i < 120; i++) box.add(Buffer.concat([GOOD, Buffer.from(`X${i}\n`)]));
    await runPass(box.session(), deps(box, fakeIntake(box)), running());
    const lists = box.calls.filter((c) => c.startsWith('list'));
    assert.deepEqual(
      lists.map((l) => l.split(',').length),
      [50, 50, 20],
    );
    assert.equal(box.filed.length, 120);
  });
});

describe('mailbox poller: running until stopped', () => {
  it('a dropped connection is reopened and the poller carries on where it was', async () => {
    const box = new FakeMailbox().add(GOOD, Buffer.concat([GOOD, Buffer.from('\n')]));
    box.failAt = 4; // the second message's fetch (after unfiled, list and the first one's fetch; stores are not commands)
    const stop = new AbortController();
    let opened = 0;
    const d = deps(box, fakeIntake(box), {
      backoff: { firstMs: 1, maxMs: 5 },
      open: async () => {
        opened++;
        box.failAt = null;
        return box.session();
      },
      onFiled: () => {
        if (box.messages.size === 0) stop.abort();
      },
    });
    await pollMailbox(d, box.session(), stop.signal);
    assert.equal(opened, 1);
    assert.deepEqual(box.filed, [{ uid: 1, to: 'done' }, { uid: 2, to: 'done' }]);
    assert.equal(box.calls.filter((c) => c === 'close').length, 2, 'the broken session and the last one are closed');
  });

  it('a server that cannot be reached is tried again with backoff until it answers', async () => {
    const box = new FakeMailbox().add(GOOD);
    box.failAt = 1;
    const stop = new AbortController();
    let attempts = 0;
    const d = deps(box, fakeIntake(box), {
      backoff: { firstMs: 1, maxMs: 2 },
      open: async () => {
        if (++attempts < 3) throw new TriageError('mailbox.unreachable', 'down', { permanent: false });
        box.failAt = null;
        return box.session();
      },
      onFiled: () => stop.abort(),
    });
    await pollMailbox(d, box.session(), stop.signal);
    assert.equal(attempts, 3);
    assert.deepEqual(box.filed, [{ uid: 1, to: 'done' }]);
  });
});
