import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { createTriageClient, type TriageClient } from '../../../src/queue/client.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.js';
import { createQueueEnv, sampleMessages, SAMPLES, waitFor, type QueueEnv } from '../queue/harness.js';
import { startPortalStub, type PortalStub } from './portal-stub.js';

const T = { timeout: 120_000 };
const TOKEN = 'e2e-portal-token-51c9';
const logLines: string[] = [];
const log = createLogger('debug', (line) => void logLines.push(line));

interface ReplyRow {
  id: string;
  intake_id: string;
  channel: 'post' | 'portal';
  status: string;
  attempts: number;
}

describe('reply outbox through the queue', () => {
  let q: QueueEnv;
  let client: TriageClient;
  let workers: RunningWorkers | undefined;
  let portal: PortalStub;
  let outboxDir: string;

  before(async () => {
    portal = await startPortalStub();
    outboxDir = mkdtempSync(path.join(tmpdir(), 'triage-outbox-e2e-'));
    q = await createQueueEnv({
      TRIAGE_OUTBOX_DIR: outboxDir,
      TRIAGE_PORTAL_URL: portal.url,
      TRIAGE_PORTAL_TOKEN: TOKEN,
      TRIAGE_ACK_EMAIL: 'on',
      TRIAGE_ACK_FROM: 'keine-antwort@gk-nordrhein.example',
    });
    client = await createTriageClient({ config: q.config, actor: 'test' });
  });
  after(async () => {
    await workers?.close(5000);
    await client?.close();
    await q?.cleanup();
    await portal?.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  test('sample emails and forms handed in through the client end as PDFs for the print service and messages in the portal inbox, each once', T, async () => {
    const imported = await q.cli(['members', 'import', 'test/samples/members.csv']);
    assert.equal(imported.code, 0, imported.stderr);
    // The portal stumbles on every first delivery: each portal reply goes through a BullMQ retry.
    portal.failFirstAttemptWith(503);
    const files = sampleMessages();
    for (const file of files) {
      const bytes = readFileSync(path.join(SAMPLES, file));
      if (file.endsWith('.eml')) await client.enqueueEmail(bytes);
      else await client.enqueueContactForm(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
    }
    workers = await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log });

    const expected = async () => (await q.sql<{ n: number }>("select count(*)::int as n from results where status = 'processed' and reply_channel in ('post', 'portal')"))[0]!.n;
    await waitFor('a result for every item', async () => (await q.sql<{ n: number }>('select count(*)::int as n from results'))[0]!.n >= files.length, 60_000);
    const replies = await expected();
    await waitFor('every reply delivered', async () => (await q.sql<{ n: number }>("select count(*)::int as n from outbox_replies where status = 'delivered'"))[0]!.n >= replies, 45_000);

    const rows = await q.sql<ReplyRow>('select id, intake_id, channel, status, attempts from outbox_replies order by id');
    assert.equal(rows.length, replies, 'one reply per result with a secure route');
    const post = rows.filter((r) => r.channel === 'post');
    const portalRows = rows.filter((r) => r.channel === 'portal');
    assert.ok(post.length >= 5 && portalRows.length >= 2, `post ${post.length}, portal ${portalRows.length}`);

    // Post: one finished PDF per reply in the print folder, nothing half written.
    const pdfs = readdirSync(outboxDir).filter((f) => f !== 'ack').sort();
    assert.deepEqual(pdfs, post.map((r) => `${r.id}.pdf`).sort());
    for (const r of post) {
      const parser = new PDFParse({ data: new Uint8Array(readFileSync(path.join(outboxDir, `${r.id}.pdf`))) });
      const text = (await parser.getText()).text;
      await parser.destroy();
      assert.match(text, new RegExp(`Aktenzeichen: ${r.intake_id}`));
    }

    // Portal: each reply accepted once, after a 503 that BullMQ retried with the same idempotency key.
    const accepted = portal.accepted();
    assert.deepEqual(accepted.map((a) => a.headers['idempotency-key']).sort(), portalRows.map((r) => r.id).sort());
    for (const r of portalRows) {
      const attempts = portal.requests.filter((p) => p.headers['idempotency-key'] === r.id);
      assert.deepEqual(attempts.map((a) => a.status), [503, 200], 'retried after the 503');
      assert.equal(r.attempts, 2);
      assert.equal(attempts[1]!.headers.authorization, `Bearer ${TOKEN}`);
      assert.match(attempts[1]!.body.insuranceNumber, /^[A-Z][0-9]{9}$/);
    }

    // Emails with a secure reply got the data-free acknowledgement, as a file for the mail relay.
    const acks = await q.sql<{ id: string; message: string }>('select id, message from outbox_acks');
    const emailReplies = (await q.sql<{ n: number }>("select count(*)::int as n from outbox_replies r join intake_items i on i.id = r.intake_id where i.channel = 'email' and i.raw is not null"))[0]!.n;
    assert.equal(acks.length, emailReplies);
    assert.deepEqual(readdirSync(path.join(outboxDir, 'ack')).sort(), acks.map((a) => `${a.id}.eml`).sort());

    // No personal data in the logs or the reply events.
    const members = readFileSync('test/samples/members.csv', 'utf8').trim().split('\n').slice(1);
    // Numbers, names and streets (postcodes could be a pid or a duration).
    const personal = members.flatMap((line) => line.split(',').slice(0, 4)).filter((v) => v.length >= 4);
    const logs = logLines.join('');
    for (const value of personal) assert.ok(!logs.includes(value), `a log line contains "${value}"`);
    // The reply events hold ids, channels and codes, nothing else.
    const events = await q.sql<{ action: string; details: Record<string, string> }>("select action, details from audit_events where action like 'reply.%' or action like 'ack.%'");
    assert.ok(events.length >= 2 * rows.length);
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const { action, details } of events) {
      for (const [key, value] of Object.entries(details)) {
        const ok = ['resultId', 'replyId', 'ackId'].includes(key) ? UUID.test(value) : key === 'channel' ? ['post', 'portal'].includes(value) : false;
        assert.ok(ok, `${action} carries ${key}`);
      }
    }
    // The To header holds the sender's own address (which may spell the name); nothing else may.
    assert.ok(acks.length >= 5, `${acks.length} acknowledgements`);
    for (const ack of acks) {
      const rest = ack.message.replace(/^To: [^\r\n]*\r\n/m, '').toLowerCase();
      for (const value of personal) assert.ok(!rest.includes(value.toLowerCase()), `an acknowledgement contains "${value}"`);
    }
  });
});
