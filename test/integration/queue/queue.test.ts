import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { channelForPath } from '../../../src/extract/reader-registry.js';
import { parseMembersCsv } from '../../../src/members/members-csv.js';
import { createRegistry } from '../../../src/members/registry.js';
import { readTookOcr } from '../../../src/pipeline/read-usecase.js';
import type { ReadOutput } from '../../../src/pipeline/stages.js';
import { triageItem } from '../../../src/pipeline/triage-item.js';
import type { Channel } from '../../../src/contract/triage-result.js';
import type { Attachment } from '../../../src/extract/extracted-fields.js';
import { createTriageClient, type TriageClient } from '../../../src/queue/client.js';
import { listDeadLetters } from '../../../src/queue/dead-letters.js';
import { connectRedis } from '../../../src/queue/redis.js';
import { createStageQueues } from '../../../src/queue/stage-queues.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.js';
import { createQueueEnv, sampleMessages, variedMessages, waitFor, type QueueEnv } from './harness.js';

const T = { timeout: 60_000 };
// Worker logs at debug level, kept to prove they hold no personal data.
const logLines: string[] = [];
const silent = createLogger('debug', (line) => void logLines.push(line));

async function resultCount(q: QueueEnv): Promise<number> {
  const [row] = await q.sql<{ n: number }>('select count(*)::int as n from results');
  return row!.n;
}

/** The email (headers and a plain body) as multipart/mixed with a small PNG attached. */
function withScanAttached(eml: string): Buffer {
  const split = eml.search(/\r?\n\r?\n/);
  const headers = eml.slice(0, split).replace(/^content-(type|transfer-encoding):.*(\r?\n[ \t].*)*\r?\n?/gim, '').replace(/^message-id:\s*</im, '$&scan.');
  const body = eml.slice(split).trim();
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');
  return Buffer.from(
    `${headers.trimEnd()}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n--b1\r\nContent-Type: image/png; name="scan.png"\r\nContent-Disposition: attachment; filename="scan.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${png}\r\n--b1--\r\n`,
    'latin1',
  );
}

describe('queue: intake, workers, dead letters', () => {
  let q: QueueEnv;
  let client: TriageClient;
  let workers: RunningWorkers | undefined;

  before(async () => {
    q = await createQueueEnv();
    client = await createTriageClient({ config: q.config, actor: 'test' });
  });
  after(async () => {
    await workers?.close(5000);
    await client?.close();
    await q?.cleanup();
  });

  test('the same email handed in twice is one item with one job', T, async () => {
    // A variant (own Message-ID), so the batch test below still sees every sample as new.
    const raw = variedMessages(1)[0]!.bytes;
    const first = await client.enqueueEmail(raw);
    const second = await client.enqueueEmail(raw);
    assert.equal(second, first);
    // A re-sent copy (new Received header, same Message-ID) is the same item too.
    const resent = await client.enqueueEmail(Buffer.concat([Buffer.from('Received: by relay.example.org; Mon, 1 Jan 2026 10:00:00 +0100\r\n'), raw]));
    assert.equal(resent, first);
    assert.deepEqual(await q.sql('select count(*)::int as n from intake_items'), [{ n: 1 }]);
    const redis = connectRedis(q.config.redisUrl, { blocking: false });
    const queues = createStageQueues(redis, q.config.queue);
    try {
      assert.equal(await queues.queue('read').count(), 1);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });

  test('a mixed batch of emails and forms ends with exactly one result each, the same as the CLI gives', T, async () => {
    await q.cli(['members', 'import', 'test/samples/members.csv']);
    const files = sampleMessages();
    const out = await q.cli(['enqueue', ...files.map((f) => path.join('samples', f))]);
    assert.equal(out.code, 0, out.stderr);
    const ids = out.stdout.trim().split('\n').map((l) => l.split('\t')[0]!);
    assert.equal(ids.length, files.length);

    // An email with a scan attached (OCR is off here: the attachment is noted, not read).
    await client.enqueueEmail(withScanAttached(readFileSync('samples/email-01-plain-utf8-mitgliedsbescheinigung.eml', 'latin1')));

    workers = await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log: silent });
    // Two more: the email of the test above and the one with a scan.
    await waitFor('a result for every item', async () => (await resultCount(q)) >= files.length + 2, 45_000);

    const perItem = await q.sql<{ intake_id: string; n: number }>('select intake_id, count(*)::int as n from results group by intake_id');
    assert.equal(perItem.length, files.length + 2, 'every item has a result');
    assert.ok(perItem.every((r) => r.n === 1), 'no item has two results');

    const exported = await q.cli(['results', '--format', 'jsonl']);
    assert.equal(exported.code, 0, exported.stderr);
    const bySource = new Map(exported.results.map((r) => [r.source, r]));
    const registry = createRegistry(parseMembersCsv(readFileSync('test/samples/members.csv', 'utf8')));
    const ctx = { registry, limits: q.config.limits, ocr: null, extract: { insurer: q.config.insurer }, decide: { reviewConfidence: q.config.reviewConfidence } };
    for (const f of files) {
      const source = path.join('samples', f);
      const { channel, ending } = channelForPath(f);
      const expected = await triageItem({ source, channel, bytes: readFileSync(source) }, ctx, ending);
      assert.deepEqual(bySource.get(source), expected.result, `${f}: the queue decided as the CLI does`);
    }
    // The two samples that disclose an authentication code keep only their redacted texts.
    assert.deepEqual(
      (await q.sql<{ source: string }>("select source from intake_items where raw is null and raw_withheld_reason like 'auth-code-disclosed%' order by source")).map((r) => r.source),
      ['samples/email-10-authcode-app-neues-handy.eml', 'samples/form-06-authcode-portal-gesperrt.json'],
    );
    // Every reply by post or portal reached the route stage; no other reply did.
    const routed = async () => (await q.sql<{ n: number }>("select count(*)::int as n from audit_events where action = 'reply.queued'"))[0]!.n;
    const replies = (await q.sql<{ n: number }>("select count(*)::int as n from results where reply_channel in ('post', 'portal')"))[0]!.n;
    assert.ok(replies > 10, 'most samples get a reply by post or portal');
    await waitFor('the route stage', async () => (await routed()) >= replies, 20_000);
    assert.equal(await routed(), replies);
    // Nothing is left over between the stages.
    assert.deepEqual(await q.sql('select count(*)::int as n from item_reads'), [{ n: 0 }]);
    // What took no OCR was decided in its read job (no stored read); a scan or PDF attached goes through the decide stage.
    const stages = await q.sql<{ channel: Channel; attachments: Attachment[]; stored_read: boolean }>(
      "select r.channel, coalesce(r.facts->'attachments', '[]'::jsonb) as attachments, exists (select 1 from audit_events a where a.intake_id = r.intake_id and a.action = 'item.read') as stored_read from results r",
    );
    const tookOcr = (r: (typeof stages)[number]) => readTookOcr({ channel: r.channel, facts: { messageId: null, cryptography: [], notes: [], attachments: r.attachments } } as unknown as ReadOutput);
    assert.ok(stages.some((r) => !r.stored_read), 'some items were decided in their read job');
    assert.ok(stages.some((r) => r.stored_read), 'the email with a scan went through the decide stage');
    assert.deepEqual(stages.filter((r) => r.stored_read !== tookOcr(r)), [], 'an item keeps its read for the decide stage exactly when reading it took OCR');
  });

  test('a worker process that only reads hands every item to the decide stage', T, async () => {
    const own = await createQueueEnv();
    const readOnly = await startWorkers({ config: own.config, env: own.env, cwd: process.cwd(), log: silent, stages: ['read'] });
    const ownClient = await createTriageClient({ config: own.config, actor: 'test' });
    const redis = connectRedis(own.config.redisUrl, { blocking: false });
    const queues = createStageQueues(redis, own.config.queue);
    try {
      await ownClient.enqueueEmail(variedMessages(1)[0]!.bytes);
      await waitFor('a decide job', async () => (await queues.queue('decide').count()) === 1, 30_000);
      assert.equal(await resultCount(own), 0, 'nothing was decided in the read job');
      assert.deepEqual(await own.sql('select count(*)::int as n from item_reads'), [{ n: 1 }], 'the read waits for the decide stage');
    } finally {
      await readOnly.close(5000);
      await queues.close();
      redis.disconnect();
      await ownClient.close();
      await own.cleanup();
    }
  });

  test('the client takes a contact form as an object and a scan as bytes; their source is the intake id', T, async () => {
    workers ??= await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log: silent });
    const form = JSON.parse(readFileSync('samples/form-07-adressaenderung-umzug.json', 'utf8')) as { fields: Record<string, string> };
    form.fields.subject = 'Umzug (über den Client)';
    const formId = await client.enqueueContactForm(form);
    // OCR is off in these tests: the scan fails for good with its code, and is kept.
    const scanId = await client.enqueueScan(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 'brief.png');
    await waitFor('both results', async () => (await q.sql('select 1 from results where intake_id in ($1, $2)', [formId, scanId])).length === 2, 30_000);
    const rows = await q.sql<{ intake_id: string; result: { source: string; channel: string; status: string } }>('select intake_id, result from results where intake_id in ($1, $2)', [formId, scanId]);
    const byId = new Map(rows.map((r) => [r.intake_id, r.result]));
    assert.equal(byId.get(formId)?.source, formId);
    assert.equal(byId.get(formId)?.channel, 'contact-form');
    assert.equal(byId.get(formId)?.status, 'processed');
    assert.equal(byId.get(scanId)?.source, scanId);
    assert.equal(byId.get(scanId)?.channel, 'letter');
    assert.equal(byId.get(scanId)?.status, 'failed');
    assert.deepEqual(await q.sql('select ending from intake_items where id = $1', [scanId]), [{ ending: 'png' }]);
    // A scan over the size limit is refused and nothing is stored.
    const small = { ...q.config, limits: { ...q.config.limits, maxScanBytes: 4 } };
    const strict = await createTriageClient({ config: small, actor: 'test' });
    try {
      await assert.rejects(strict.enqueueScan(Buffer.from('too large'), 'x.pdf'), /intake\.too_large|more than the limit/);
    } finally {
      await strict.close();
    }
  });

  test('bad input ends as a stored failed result and a dead letter; retry runs it again', T, async () => {
    workers ??= await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log: silent });
    const before = await resultCount(q);
    const out = await q.cli(['enqueue', 'test/fixtures/bad-input/notes.txt', 'test/fixtures/bad-input/invalid.json']);
    assert.equal(out.code, 0, out.stderr);
    const [notes, invalid] = out.stdout.trim().split('\n').map((l) => l.split('\t')[0]!);
    await waitFor('two failed results', async () => (await resultCount(q)) >= before + 2, 30_000);

    const failed = await q.sql<{ intake_id: string; status: string; error_code: string; source: string }>(
      'select r.intake_id, r.status, r.error_code, i.source from results r join intake_items i on i.id = r.intake_id where r.intake_id in ($1, $2) order by i.source',
      [notes, invalid],
    );
    assert.deepEqual(
      failed.map((r) => [r.source, r.status, r.error_code]),
      [
        ['test/fixtures/bad-input/invalid.json', 'failed', 'form.invalid_json'],
        ['test/fixtures/bad-input/notes.txt', 'failed', 'intake.unsupported_type'],
      ],
    );

    const listed = await q.cli(['failed', '--format', 'jsonl']);
    assert.equal(listed.code, 0, listed.stderr);
    const letters = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { intakeId: string; code: string; stage: string; run: number })
      .filter((l) => l.intakeId === notes || l.intakeId === invalid);
    assert.deepEqual(
      letters.map((l) => [l.intakeId, l.stage, l.run, l.code]).sort(),
      [
        [invalid, 'read', 1, 'form.invalid_json'],
        [notes, 'read', 1, 'intake.unsupported_type'],
      ].sort(),
    );
    // Bad input is not retried: it failed on its first attempt.
    const redis = connectRedis(q.config.redisUrl, { blocking: false });
    const queues = createStageQueues(redis, q.config.queue);
    try {
      const dead = await listDeadLetters(queues);
      assert.ok(dead.every((d) => d.attempts === 1), 'bad input fails at once');

      const retried = await q.cli(['retry', notes!]);
      assert.equal(retried.code, 0, retried.stderr);
      await waitFor('the retried run to fail again', async () => (await listDeadLetters(queues)).some((d) => d.intakeId === notes && d.run === 2), 30_000);
      const runs = await q.sql<{ job_key: string }>('select job_key from results where intake_id = $1 order by created_at', [notes]);
      assert.deepEqual(runs.map((r) => r.job_key), [`${notes}:1`, `${notes}:2`]);
      const notesLetters = (await listDeadLetters(queues)).filter((d) => d.intakeId === notes);
      assert.deepEqual(notesLetters.map((d) => d.run), [2], 'the retried dead letter is replaced by its new run');
      const deadBefore = (await listDeadLetters(queues)).length;

      const all = await q.cli(['retry', '--all']);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stderr, new RegExp(`requeued ${deadBefore} dead letter`));
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });
});

describe('queue: what the workers log', () => {
  test('worker logs hold ids, codes and counts, never names, insurance numbers or addresses', () => {
    assert.ok(logLines.length > 20, 'the workers logged their jobs');
    const members = readFileSync('test/samples/members.csv', 'utf8').split('\n').slice(1).filter(Boolean);
    // Numbers, names and streets (postal codes are left out: five digits turn up inside timestamps and ids).
    const personal = members.flatMap((line) => line.split(',').slice(0, 4)).filter((v) => v.length >= 4);
    const text = logLines.join('');
    for (const value of personal) assert.ok(!text.includes(value), `a log line contains "${value}"`);
    assert.ok(!/[A-Z]\d{9}/.test(text), 'a log line contains an insurance number');
  });
});

describe('queue: start-up checks', () => {
  test('a worker refuses an unmigrated schema and says how to fix it', T, async () => {
    const q = await createQueueEnv();
    try {
      const env = { ...q.env, TRIAGE_PG_SCHEMA: `${q.schema}_empty` };
      const out = await (await import('../../support/run-cli.js')).runCli(['worker'], env);
      assert.equal(out.code, 2);
      assert.match(out.stderr, /triage migrate/);
      assert.match(out.stderr, /db\.not_migrated/);
      await q.sql(`drop schema if exists "${q.schema}_empty" cascade`);
    } finally {
      await q.cleanup();
    }
  });

  test('a worker refuses an unreachable Redis with a clear error', T, async () => {
    const q = await createQueueEnv();
    try {
      const out = await (await import('../../support/run-cli.js')).runCli(['worker'], { ...q.env, REDIS_URL: 'redis://127.0.0.1:1' });
      assert.equal(out.code, 2);
      assert.match(out.stderr, /queue\.redis_unreachable/);
      assert.match(out.stderr, /REDIS_URL/);
    } finally {
      await q.cleanup();
    }
  });

  test('the queue commands need PostgreSQL, not the embedded database', T, async () => {
    const out = await (await import('../../support/run-cli.js')).runCli(['enqueue', 'samples/form-01-vollstaendig-osteopathie.json'], { TRIAGE_QUEUE_PREFIX: 'qtest-none' });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /queue\.needs_postgres/);
  });
});
