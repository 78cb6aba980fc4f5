import assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/config.js';
import type { Channel } from '../../../src/contract/triage-result.js';
import {
  classifyError,
  collisionName,
  errorCode,
  isCandidate,
  isIgnoredName,
  retryDelayMs,
  settle,
  tooLarge,
  type FileState,
  type SeenFile,
} from '../../../src/intake/hot-folder.js';
import { createHotFolder, type HotFolderOptions } from '../../../src/intake/watch-usecase.js';
import type { EnqueueReceipt } from '../../../src/queue/client.js';
import { TriageError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';

const SETTLE = 1000;
const file = (size: number, mtimeMs = 100, ino = 7): FileState => ({ size, mtimeMs, ino });
const scanOf = (entries: Record<string, FileState>) => new Map(Object.entries(entries));

describe('hot folder: when a file is settled', () => {
  it('a file seen for the first time is never handed in, however old it is', () => {
    const out = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 50_000, SETTLE);
    assert.deepEqual(out.settled, []);
    assert.equal(out.nextCheckAt, 50_000 + SETTLE);
  });

  it('a file unchanged across two scans the settle time apart is handed in', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 0, SETTLE);
    const second = settle(first.seen, scanOf({ 'a.pdf': file(10) }), SETTLE, SETTLE);
    assert.deepEqual(second.settled, ['a.pdf']);
  });

  it('two scans closer together than the settle time do not settle a file', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 0, SETTLE);
    const second = settle(first.seen, scanOf({ 'a.pdf': file(10) }), SETTLE - 1, SETTLE);
    assert.deepEqual(second.settled, []);
    assert.equal(second.nextCheckAt, SETTLE, 'the next scan to settle it is due when the settle time is over');
  });

  it('a file that grew between scans starts settling again from the scan that saw it grow', () => {
    let seen: Map<string, SeenFile> = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 0, SETTLE).seen;
    seen = settle(seen, scanOf({ 'a.pdf': file(20, 200) }), 5000, SETTLE).seen;
    assert.deepEqual(settle(seen, scanOf({ 'a.pdf': file(20, 200) }), 5000 + SETTLE - 1, SETTLE).settled, []);
    assert.deepEqual(settle(seen, scanOf({ 'a.pdf': file(20, 200) }), 5000 + SETTLE, SETTLE).settled, ['a.pdf']);
  });

  it('a file rewritten in place with the same size but a new modification time is not settled', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10, 100) }), 0, SETTLE);
    assert.deepEqual(settle(first.seen, scanOf({ 'a.pdf': file(10, 101) }), 10 * SETTLE, SETTLE).settled, []);
  });

  it('a file replaced under the same name (a new inode) is not settled', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10, 100, 1) }), 0, SETTLE);
    assert.deepEqual(settle(first.seen, scanOf({ 'a.pdf': file(10, 100, 2) }), 10 * SETTLE, SETTLE).settled, []);
  });

  it('with a settle time of 0 a file still has to be seen unchanged by two scans', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 0, 0);
    assert.deepEqual(first.settled, []);
    assert.deepEqual(settle(first.seen, scanOf({ 'a.pdf': file(10) }), 0, 0).settled, ['a.pdf']);
    assert.deepEqual(settle(first.seen, scanOf({ 'a.pdf': file(11) }), 0, 0).settled, []);
  });

  it('a file that disappeared is forgotten, and one coming back under its name settles from scratch', () => {
    const first = settle(new Map(), scanOf({ 'a.pdf': file(10) }), 0, SETTLE);
    const gone = settle(first.seen, scanOf({}), SETTLE, SETTLE);
    assert.equal(gone.seen.size, 0);
    assert.deepEqual(settle(gone.seen, scanOf({ 'a.pdf': file(10) }), 2 * SETTLE, SETTLE).settled, []);
  });

  it('settled files come in path order', () => {
    const entries = { 'b.eml': file(1), 'a/z.json': file(2), 'a.pdf': file(3) };
    const first = settle(new Map(), scanOf(entries), 0, SETTLE);
    assert.deepEqual(settle(first.seen, scanOf(entries), SETTLE, SETTLE).settled, ['a.pdf', 'a/z.json', 'b.eml']);
  });
});

describe('hot folder: which files are handed in', () => {
  it('hidden files, Office lock files and files still written under a temporary name are left alone', () => {
    for (const name of ['.scan.pdf', '.DS_Store', '~$brief.docx', 'brief.pdf.part', 'BRIEF.PDF.PART', 'x.partial', 'x.filepart', 'x.crdownload', 'x.tmp', 'x.TEMP', 'Thumbs.db', 'desktop.ini']) {
      assert.equal(isIgnoredName(name), true, name);
      assert.equal(isCandidate(name), false, name);
    }
  });

  it('a file with an unknown ending or no ending is handed in (it becomes a failed item, never a skipped file)', () => {
    for (const name of ['brief.pdf', 'mail.eml', 'form.json', 'notes.txt', 'scan.docx', 'README', 'brief.part.pdf', 'tmp.pdf']) assert.equal(isCandidate(name), true, name);
  });

  it('files in done/ and failed/ are never handed in again, files in other subfolders are', () => {
    assert.equal(isCandidate('done/brief.pdf'), false);
    assert.equal(isCandidate('failed/brief.pdf'), false);
    assert.equal(isCandidate('failed/brief.pdf.error.json'), false);
    assert.equal(isCandidate('done/batch-7/brief.pdf'), false);
    assert.equal(isCandidate('batch-7/brief.pdf'), true);
    assert.equal(isCandidate('batch-7/done/brief.pdf'), true, 'only the hot folder\'s own done/ is excluded');
    assert.equal(isCandidate('done.pdf'), true);
  });

  it('files in hidden folders (snapshots, trash) are not handed in', () => {
    assert.equal(isCandidate('.snapshot/brief.pdf'), false);
    assert.equal(isCandidate('batch/.Trash/brief.pdf'), false);
  });
});

describe('hot folder: names in done/ and failed/', () => {
  it('the first choice is the file\'s own name', () => {
    assert.equal(collisionName('brief.pdf', 1), 'brief.pdf');
    assert.equal(collisionName(path.join('batch', 'brief.pdf'), 1), path.join('batch', 'brief.pdf'));
  });

  it('a taken name gets a number before the ending, so the ending still tells the kind', () => {
    assert.equal(collisionName('brief.pdf', 2), 'brief-2.pdf');
    assert.equal(collisionName('brief.pdf', 3), 'brief-3.pdf');
    assert.equal(collisionName('archive.tar.gz', 2), 'archive.tar-2.gz');
    assert.equal(collisionName(path.join('batch', 'brief.pdf'), 2), path.join('batch', 'brief-2.pdf'));
  });

  it('a name without an ending gets the number at its end', () => {
    assert.equal(collisionName('README', 2), 'README-2');
  });
});

describe('hot folder: errors and limits', () => {
  const limits = { maxMessageBytes: 100, maxScanBytes: 1000 };

  it('emails and contact forms over the message limit are refused as intake.too_large, scans up to the scan limit are not', () => {
    assert.equal(tooLarge(101, 'email', limits)?.code, 'intake.too_large');
    assert.equal(tooLarge(101, 'contact-form', limits)?.code, 'intake.too_large');
    assert.equal(tooLarge(100, 'email', limits), null);
    assert.equal(tooLarge(1000, 'letter', limits), null);
    assert.equal(tooLarge(1001, 'letter', limits)?.code, 'intake.too_large');
    assert.equal(tooLarge(1001, null, limits)?.code, 'intake.too_large', 'an unknown kind has the scan limit');
    assert.match(tooLarge(101, 'email', limits)!.message, /TRIAGE_MAX_MESSAGE_MB/);
  });

  it('only a permanent intake error sends a file to failed/; PostgreSQL, Redis and system errors leave it in place', () => {
    assert.equal(classifyError(new TriageError('intake.too_large', 'x')), 'refused');
    assert.equal(classifyError(new TriageError('db.unreachable', 'x', { permanent: false })), 'transient');
    assert.equal(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), 'transient');
    assert.equal(classifyError(new Error('anything else')), 'transient');
  });

  it('a warning carries a code, never an error text', () => {
    assert.equal(errorCode(new TriageError('queue.redis_unreachable', 'Could not add …', { permanent: false })), 'queue.redis_unreachable');
    assert.equal(errorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })), 'ECONNREFUSED');
    assert.equal(errorCode(new Error('Failed query: insert …', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })), 'ECONNRESET', 'the driver error inside a wrapped one');
    assert.equal(errorCode(new Error('Müller, Hauptstraße 1')), 'internal.transient');
  });

  it('the wait after transient errors starts at the interval, doubles and stops at the cap', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => retryDelayMs(n, 2000, 60_000)), [2000, 4000, 8000, 16_000]);
    assert.equal(retryDelayMs(10, 2000, 60_000), 60_000);
    assert.equal(retryDelayMs(500, 2000, 60_000), 60_000);
    assert.equal(retryDelayMs(3, 120_000, 60_000), 120_000, 'never shorter than the interval');
  });

  it('the scan interval and the settle time come from TRIAGE_WATCH_INTERVAL_MS and TRIAGE_WATCH_SETTLE_MS, 2 s each by default', () => {
    assert.deepEqual(parseConfig({}).watch, { intervalMs: 2000, settleMs: 2000 });
    assert.deepEqual(parseConfig({ TRIAGE_WATCH_INTERVAL_MS: '500', TRIAGE_WATCH_SETTLE_MS: '0' }).watch, { intervalMs: 500, settleMs: 0 });
    assert.throws(() => parseConfig({ TRIAGE_WATCH_INTERVAL_MS: '0', TRIAGE_WATCH_SETTLE_MS: 'soon' }), (err: TriageError) => {
      assert.match(err.message, /TRIAGE_WATCH_INTERVAL_MS/);
      assert.match(err.message, /TRIAGE_WATCH_SETTLE_MS/);
      return true;
    });
  });
});

// The use case with a fake intake, a fake clock and real files.
const root = mkdtempSync(path.join(tmpdir(), 'triage-hot-folder-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

interface Handed {
  channel: Channel | null;
  ending: string | undefined;
  source: string | undefined;
  bytes: Buffer;
}

function setup(intake: (bytes: Buffer, channel: Channel | null, opts: { ending?: string; source?: string }) => Promise<EnqueueReceipt>, extra: Partial<HotFolderOptions> = {}) {
  const dir = path.join(root, `d${++dirs}`);
  mkdirSync(dir);
  const clock = { t: 1_000_000 };
  const logs: string[] = [];
  const handed: Handed[] = [];
  const folder = createHotFolder({
    dir,
    intervalMs: 100,
    settleMs: 500,
    limits: { maxMessageBytes: 1000, maxScanBytes: 1000 },
    client: {
      enqueueBytes: async (bytes, channel, opts = {}) => {
        handed.push({ bytes, channel, ending: opts.ending, source: opts.source });
        return intake(bytes, channel, opts);
      },
    },
    log: createLogger('debug', (l) => void logs.push(l)),
    fsWatch: false,
    now: () => clock.t,
    ...extra,
  });
  /** Two scans the settle time apart: what a real watcher does for a file at rest. */
  const settleAndScan = async () => {
    await folder.scan();
    clock.t += 500;
    return folder.scan();
  };
  return { dir, clock, logs, handed, folder, settleAndScan };
}

let ids = 0;
const stored = async (): Promise<EnqueueReceipt> => ({ intakeId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, duplicate: false, decided: false, queued: true });

describe('hot folder: handing files in', () => {
  it('a settled file is handed in with its absolute path as source and moves to done/ after intake resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inIntake = new Promise<void>((r) => (entered = r));
    const h = setup(async () => {
      entered();
      await gate;
      return stored();
    });
    writeFileSync(path.join(h.dir, 'brief.pdf'), 'pdf bytes');
    await h.folder.scan();
    h.clock.t += 500;
    const scanning = h.folder.scan();
    await inIntake;
    assert.equal(h.handed.length, 1, 'intake was called');
    assert.ok(existsSync(path.join(h.dir, 'brief.pdf')), 'the file stays in place while intake has not resolved');
    release();
    const summary = await scanning;
    assert.equal(summary.reports.length, 1);
    assert.equal(summary.reports[0]!.outcome, 'done');
    assert.equal(summary.reports[0]!.source, path.join(h.dir, 'brief.pdf'));
    assert.equal(summary.reports[0]!.movedTo, path.join('done', 'brief.pdf'));
    assert.equal(h.handed[0]!.source, path.join(h.dir, 'brief.pdf'));
    assert.equal(h.handed[0]!.channel, 'letter');
    assert.equal(h.handed[0]!.ending, 'pdf');
    assert.ok(!existsSync(path.join(h.dir, 'brief.pdf')));
    assert.equal(readFileSync(path.join(h.dir, 'done', 'brief.pdf'), 'utf8'), 'pdf bytes');
  });

  it('a file in a subfolder keeps its subfolder under done/', async () => {
    const h = setup(stored);
    mkdirSync(path.join(h.dir, 'batch-7'));
    writeFileSync(path.join(h.dir, 'batch-7', 'mail.eml'), 'Subject: x\r\n\r\nhello');
    const summary = await h.settleAndScan();
    assert.equal(summary.reports[0]?.movedTo, path.join('done', 'batch-7', 'mail.eml'));
    assert.equal(h.handed[0]!.source, path.join(h.dir, 'batch-7', 'mail.eml'));
    assert.ok(existsSync(path.join(h.dir, 'done', 'batch-7', 'mail.eml')));
  });

  it('a file whose name is taken in done/ gets a numbered name and the file already there is untouched', async () => {
    const h = setup(stored);
    mkdirSync(path.join(h.dir, 'done'));
    writeFileSync(path.join(h.dir, 'done', 'brief.pdf'), 'yesterday');
    writeFileSync(path.join(h.dir, 'done', 'brief-2.pdf'), 'the day before');
    writeFileSync(path.join(h.dir, 'brief.pdf'), 'today');
    const summary = await h.settleAndScan();
    assert.equal(summary.reports[0]?.movedTo, path.join('done', 'brief-3.pdf'));
    assert.equal(readFileSync(path.join(h.dir, 'done', 'brief.pdf'), 'utf8'), 'yesterday');
    assert.equal(readFileSync(path.join(h.dir, 'done', 'brief-2.pdf'), 'utf8'), 'the day before');
    assert.equal(readFileSync(path.join(h.dir, 'done', 'brief-3.pdf'), 'utf8'), 'today');
  });

  it('ignored files stay where they are and are never handed in', async () => {
    const h = setup(stored);
    for (const name of ['.hidden.pdf', 'brief.pdf.part', '~$notiz.docx', 'upload.tmp']) writeFileSync(path.join(h.dir, name), 'x');
    const summary = await h.settleAndScan();
    assert.equal(summary.files, 0);
    assert.equal(h.handed.length, 0);
    assert.deepEqual(readdirSync(h.dir).sort(), ['.hidden.pdf', 'brief.pdf.part', 'upload.tmp', '~$notiz.docx']);
  });

  it('a file renamed from its temporary name is handed in once it has settled under the new name', async () => {
    const h = setup(stored);
    writeFileSync(path.join(h.dir, 'brief.pdf.part'), 'complete');
    await h.folder.scan();
    h.clock.t += 500;
    const { renameSync } = await import('node:fs');
    renameSync(path.join(h.dir, 'brief.pdf.part'), path.join(h.dir, 'brief.pdf'));
    assert.equal((await h.folder.scan()).reports.length, 0, 'new under this name: not settled yet');
    h.clock.t += 500;
    assert.equal((await h.folder.scan()).reports[0]?.outcome, 'done');
  });

  it('a file intake refuses for good moves to failed/ with a sidecar holding only the code and message', async () => {
    const h = setup(async () => {
      throw new TriageError('intake.some_refusal', 'Refused for a reason that does not change.');
    });
    writeFileSync(path.join(h.dir, 'form.json'), '{}');
    const summary = await h.settleAndScan();
    assert.equal(summary.reports[0]?.outcome, 'failed');
    assert.equal(summary.reports[0]?.intakeId, null);
    assert.equal(summary.reports[0]?.code, 'intake.some_refusal');
    assert.ok(existsSync(path.join(h.dir, 'failed', 'form.json')));
    assert.deepEqual(JSON.parse(readFileSync(path.join(h.dir, 'failed', 'form.json.error.json'), 'utf8')), {
      code: 'intake.some_refusal',
      message: 'Refused for a reason that does not change.',
    });
  });

  it('a file over the size limit is refused without being read or handed in', async () => {
    const h = setup(stored);
    writeFileSync(path.join(h.dir, 'huge.eml'), Buffer.alloc(1001, 65));
    const summary = await h.settleAndScan();
    assert.equal(h.handed.length, 0);
    assert.equal(summary.reports[0]?.code, 'intake.too_large');
    assert.equal(JSON.parse(readFileSync(path.join(h.dir, 'failed', 'huge.eml.error.json'), 'utf8')).code, 'intake.too_large');
  });

  it('a refused file whose name is taken in failed/ gets a numbered name with its own sidecar', async () => {
    const h = setup(stored);
    mkdirSync(path.join(h.dir, 'failed'));
    writeFileSync(path.join(h.dir, 'failed', 'huge.eml'), 'earlier');
    writeFileSync(path.join(h.dir, 'failed', 'huge.eml.error.json'), '{"code":"earlier"}');
    writeFileSync(path.join(h.dir, 'huge.eml'), Buffer.alloc(1001, 65));
    const summary = await h.settleAndScan();
    assert.equal(summary.reports[0]?.movedTo, path.join('failed', 'huge-2.eml'));
    assert.equal(readFileSync(path.join(h.dir, 'failed', 'huge.eml.error.json'), 'utf8'), '{"code":"earlier"}');
    assert.equal(JSON.parse(readFileSync(path.join(h.dir, 'failed', 'huge-2.eml.error.json'), 'utf8')).code, 'intake.too_large');
  });

  it('on a transient error the file stays, a warning names only the code, and it is handed in after the backoff', async () => {
    let down = 2;
    const h = setup(async () => {
      if (down-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return stored();
    });
    writeFileSync(path.join(h.dir, 'mueller-brief.pdf'), 'x');
    const first = await h.settleAndScan();
    assert.equal(first.reports.length, 0);
    assert.ok(first.retryAt !== null);
    assert.ok(existsSync(path.join(h.dir, 'mueller-brief.pdf')));
    const warnings = h.logs.filter((l) => l.includes('"watch.retry"'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /"code":"ECONNREFUSED"/);
    assert.doesNotMatch(warnings[0]!, /mueller|brief|127\.0\.0\.1/);

    // Within the backoff nothing is tried.
    await h.folder.scan();
    assert.equal(h.handed.length, 1);
    h.clock.t = first.retryAt!;
    assert.equal((await h.folder.scan()).reports.length, 0, 'second attempt fails too');
    assert.equal(h.handed.length, 2);
    h.clock.t += 60_000;
    const third = await h.folder.scan();
    assert.equal(third.reports[0]?.outcome, 'done');
    assert.equal(third.retryAt, null);
  });

  it('a file that keeps failing is tried after the others, so it does not hold the folder up', async () => {
    const h = setup(async (bytes) => {
      if (bytes.toString() === 'bad') throw new Error('transient');
      return stored();
    });
    writeFileSync(path.join(h.dir, 'a.pdf'), 'bad');
    writeFileSync(path.join(h.dir, 'b.pdf'), 'good');
    const first = await h.settleAndScan();
    assert.equal(first.reports.length, 0, 'a.pdf failed first and held the rest of the scan back');
    h.clock.t += 60_000;
    const second = await h.folder.scan();
    assert.deepEqual(
      second.reports.map((r) => path.basename(r.source)),
      ['b.pdf'],
    );
    assert.ok(existsSync(path.join(h.dir, 'a.pdf')));
  });

  it('a move cut short (linked into done/ but still in the hot folder) is completed without a second copy', async () => {
    const h = setup(stored);
    writeFileSync(path.join(h.dir, 'brief.pdf'), 'x');
    mkdirSync(path.join(h.dir, 'done'));
    linkSync(path.join(h.dir, 'brief.pdf'), path.join(h.dir, 'done', 'brief.pdf'));
    const summary = await h.settleAndScan();
    assert.equal(summary.reports[0]?.movedTo, path.join('done', 'brief.pdf'));
    assert.deepEqual(readdirSync(path.join(h.dir, 'done')), ['brief.pdf']);
    assert.ok(!existsSync(path.join(h.dir, 'brief.pdf')));
  });

  it('a re-hand-in of a file stored under its own path reports done, a copy under another name duplicate', async () => {
    const sources = new Map<string, string>();
    const byContent = new Map<string, string>();
    const h = setup(
      async (bytes, _channel, opts) => {
        const known = byContent.get(bytes.toString());
        if (known) return { intakeId: known, duplicate: true, decided: false, queued: true };
        const receipt = await stored();
        byContent.set(bytes.toString(), receipt.intakeId);
        sources.set(receipt.intakeId, opts.source!);
        return receipt;
      },
      { sourceOf: async (id) => sources.get(id) ?? null },
    );
    // Stored before under this very path (the watcher died before moving it).
    const earlier = await stored();
    byContent.set('same', earlier.intakeId);
    sources.set(earlier.intakeId, path.join(h.dir, 'a.pdf'));
    writeFileSync(path.join(h.dir, 'a.pdf'), 'same');
    writeFileSync(path.join(h.dir, 'b.pdf'), 'same');
    const summary = await h.settleAndScan();
    assert.deepEqual(
      summary.reports.map((r) => [path.basename(r.source), r.outcome, r.intakeId]),
      [
        ['a.pdf', 'done', earlier.intakeId],
        ['b.pdf', 'duplicate', earlier.intakeId],
      ],
    );
  });

  it('on stop the watcher finishes the file in hand, moves it, and hands in no further file', { timeout: 10_000 }, async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inIntake = new Promise<void>((r) => (entered = r));
    const h = setup(
      async () => {
        entered();
        await gate;
        return stored();
      },
      { now: Date.now, settleMs: 0, intervalMs: 20 },
    );
    writeFileSync(path.join(h.dir, 'a.pdf'), 'a');
    writeFileSync(path.join(h.dir, 'b.pdf'), 'b');
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = h.folder.run(stopped);
    await inIntake;
    stop();
    release();
    await running;
    assert.equal(h.handed.length, 1);
    assert.ok(existsSync(path.join(h.dir, 'done', 'a.pdf')), 'the file in hand was finished');
    assert.ok(existsSync(path.join(h.dir, 'b.pdf')), 'the next file was left for the next start');
  });
});
