// The HTTP intake API against the real PostgreSQL and Redis (own schema and key prefix, removed
// after): what is stored, what is queued, what the caller is told. One test goes through
// `triage serve` on a real socket.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createIntakeApp } from '../../../src/api/intake-app.js';
import { openIntakeService, type IntakeService } from '../../../src/api/serve.js';
import { run, type CliIo } from '../../../src/cli/main.js';
import { createTriageClient } from '../../../src/queue/client.js';
import { connectRedis } from '../../../src/queue/redis.js';
import { createStageQueues, type StageQueues } from '../../../src/queue/stage-queues.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startWorkers, type RunningWorkers } from '../../../workers/start-workers.js';
import { createQueueEnv, SAMPLES, variedMessages, waitFor, type QueueEnv } from '../queue/harness.js';
import { runCli } from '../../support/run-cli.js';

const T = { timeout: 30_000 };
const KEY = '7d1f0c2b9e8a4f3c6b5d';
const ADMIN = 'adm-4e9b2c7a1f0d8e6b';
const bearer = { authorization: `Bearer ${KEY}` };
const FORM = readFileSync(path.join(SAMPLES, 'form-01-vollstaendig-osteopathie.json'));
const NOT_A_FORM = readFileSync('test/fixtures/bad-input/not-a-form.json');
const LETTER_PNG = readFileSync(path.join(SAMPLES, 'letter-01-klassisch-unterschrieben-bescheinigung.png'));
const LETTER_PDF = readFileSync(path.join(SAMPLES, 'letter-08-pdf-textebene-mit-verordnung.pdf'));

// Logs at debug level, kept to prove they hold neither keys nor bodies.
const logLines: string[] = [];
const log = createLogger('debug', (line) => void logLines.push(line));

describe('intake API over PostgreSQL and Redis', () => {
  let q: QueueEnv;
  let service: IntakeService;
  let redis: ReturnType<typeof connectRedis>;
  let queues: StageQueues;
  let workers: RunningWorkers | undefined;

  before(async () => {
    q = await createQueueEnv({
      TRIAGE_API_KEYS: `form-backend:${KEY}`,
      TRIAGE_ADMIN_KEYS: `ops:${ADMIN}`,
      TRIAGE_MAX_MESSAGE_MB: '0.05',
      TRIAGE_MAX_SCAN_MB: '1',
    });
    service = await openIntakeService({ config: q.config, log });
    redis = connectRedis(q.config.redisUrl, { blocking: false });
    queues = createStageQueues(redis, q.config.queue);
  });
  after(async () => {
    await workers?.close(5000);
    await service?.close();
    await queues?.close();
    redis?.disconnect();
    await q?.cleanup();
  });

  const post = (route: string, body: BodyInit | Buffer, headers: Record<string, string>) => service.app.request(route, { method: 'POST', headers, body: body as BodyInit });
  const items = async () => (await q.sql<{ n: number }>('select count(*)::int as n from intake_items'))[0]!.n;

  test('a contact form is stored in intake_items, its read job queued, and the caller gets 202 with the intake id', T, async () => {
    const res = await post('/v1/contact-forms', FORM, { ...bearer, 'content-type': 'application/json' });
    assert.equal(res.status, 202);
    const body = (await res.json()) as { intakeId: string; duplicate: boolean };
    assert.equal(body.duplicate, false);
    assert.equal(res.headers.get('location'), `/v1/items/${body.intakeId}`);
    const [row] = await q.sql<{ channel: string; ending: string; raw_size: number }>('select channel, ending, raw_size from intake_items where id = $1', [body.intakeId]);
    assert.deepEqual(row, { channel: 'contact-form', ending: 'json', raw_size: FORM.length });
    const [audit] = await q.sql<{ actor: string }>("select actor from audit_events where intake_id = $1 and action = 'intake.stored'", [body.intakeId]);
    assert.equal(audit!.actor, 'form-backend', 'the key name, never the secret, is the actor');
    const job = await queues.queue('read').getJob(body.intakeId);
    assert.ok(job, 'the read job is queued under the intake id');
    assert.deepEqual(job.data, { intakeId: body.intakeId, run: 1 });

    const state = await service.app.request(`/v1/items/${body.intakeId}`, { headers: bearer });
    assert.equal(state.status, 200);
    const s = (await state.json()) as Record<string, unknown>;
    assert.equal(s.state, 'received');
    assert.equal(s.channel, 'contact-form');
  });

  test('the same form sent twice is one item: 200, the same id, duplicate true, one row', T, async () => {
    const before = await items();
    const first = (await (await post('/v1/contact-forms', FORM, { ...bearer, 'content-type': 'application/json' })).json()) as { intakeId: string };
    const again = await post('/v1/contact-forms', FORM, { 'x-api-key': KEY, 'content-type': 'application/json' });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { intakeId: first.intakeId, duplicate: true });
    assert.equal(await items(), before, 'the form of the first test is not stored again');
  });

  test('an email as message/rfc822 is stored as sent; a re-sent copy with the same Message-ID is the same item', T, async () => {
    const raw = variedMessages(1)[0]!.bytes;
    const before = await items();
    const res = await post('/v1/emails', raw, { ...bearer, 'content-type': 'message/rfc822' });
    assert.equal(res.status, 202);
    const { intakeId } = (await res.json()) as { intakeId: string };
    const resent = Buffer.concat([Buffer.from('Received: by relay.example.org; Mon, 1 Jan 2026 10:00:00 +0100\r\n'), raw]);
    const second = await post('/v1/emails', resent, { ...bearer, 'content-type': 'message/rfc822' });
    assert.equal(second.status, 200);
    assert.deepEqual(await second.json(), { intakeId, duplicate: true });
    assert.equal(await items(), before + 1);
    const [row] = await q.sql<{ channel: string; ending: string; message_id: string | null }>('select channel, ending, message_id from intake_items where id = $1', [intakeId]);
    assert.equal(row!.channel, 'email');
    assert.equal(row!.ending, 'eml');
    assert.ok(row!.message_id, 'the Message-ID is kept for dedupe');
  });

  test('a scan sent as multipart (field "file") or as a raw PDF body is stored with its ending', T, async () => {
    const form = new FormData();
    form.append('file', new Blob([LETTER_PNG], { type: 'image/png' }), 'letter-01.png');
    const res = await post('/v1/scans', form, bearer);
    assert.equal(res.status, 202);
    const png = (await res.json()) as { intakeId: string };
    const pdfRes = await post('/v1/scans', LETTER_PDF, { ...bearer, 'content-type': 'application/pdf' });
    assert.equal(pdfRes.status, 202);
    const pdf = (await pdfRes.json()) as { intakeId: string };
    const rows = await q.sql<{ id: string; channel: string; ending: string; raw_size: number }>('select id, channel, ending, raw_size from intake_items where id = any($1::uuid[]) order by ending', [[png.intakeId, pdf.intakeId]]);
    assert.deepEqual(
      rows.map((r) => [r.id, r.channel, r.ending, r.raw_size]),
      [
        [pdf.intakeId, 'letter', 'pdf', LETTER_PDF.length],
        [png.intakeId, 'letter', 'png', LETTER_PNG.length],
      ],
    );
    assert.ok(await queues.queue('read').getJob(png.intakeId));
  });

  test('without a key or with a wrong key the caller gets 401 and nothing is stored', T, async () => {
    const before = await items();
    const fresh = Buffer.from('{"formId":"kontakt","note":"unauthorised attempt"}');
    for (const headers of [{}, { authorization: 'Bearer not-the-right-key-000' }, { 'x-api-key': ADMIN }] as Record<string, string>[]) {
      const res = await post('/v1/contact-forms', fresh, { ...headers, 'content-type': 'application/json' });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /Bearer/);
    }
    assert.equal(await items(), before);
  });

  test('a body over the limit gets 413 and nothing is stored', T, async () => {
    const before = await items();
    const big = Buffer.concat([Buffer.from('Subject: gross\r\nMessage-ID: <big@example.org>\r\n\r\n'), Buffer.alloc(60 * 1024, 'x')]);
    const res = await post('/v1/emails', big, { ...bearer, 'content-type': 'message/rfc822' });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'api.too_large');
    const scan = new FormData();
    scan.append('file', new Blob([Buffer.alloc(1024 * 1024 + 10, 1)]), 'big.png');
    assert.equal((await post('/v1/scans', scan, bearer)).status, 413);
    assert.equal(await items(), before);
  });

  test('a wrong content type or file ending gets 415, invalid JSON 400, and nothing is stored', T, async () => {
    const before = await items();
    const text = await post('/v1/emails', 'Subject: x\r\n\r\ny', { ...bearer, 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    const docx = new FormData();
    docx.append('file', new Blob([Buffer.from('PK\u0003\u0004')]), 'Antrag.docx');
    const ending = await post('/v1/scans', docx, bearer);
    assert.equal(ending.status, 415);
    assert.equal(((await ending.json()) as { error: { code: string } }).error.code, 'api.unsupported_type');
    const invalid = await post('/v1/contact-forms', readFileSync('test/fixtures/bad-input/invalid.json'), { ...bearer, 'content-type': 'application/json' });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { error: { code: string } }).error.code, 'api.invalid_json');
    assert.equal(await items(), before);
  });

  test('a form that breaks the schema is stored and fails in the read stage with form.schema_violation, as the CLI does', { timeout: 60_000 }, async () => {
    const res = await post('/v1/contact-forms', NOT_A_FORM, { ...bearer, 'content-type': 'application/json' });
    assert.equal(res.status, 202);
    const { intakeId } = (await res.json()) as { intakeId: string };
    workers = await startWorkers({ config: q.config, env: q.env, cwd: process.cwd(), log, stages: ['read', 'decide'] });
    let state: Record<string, unknown> = {};
    await waitFor(
      'the form to be decided',
      async () => {
        state = (await (await service.app.request(`/v1/items/${intakeId}`, { headers: bearer })).json()) as Record<string, unknown>;
        return state.state !== 'received';
      },
      45_000,
      200,
    );
    assert.equal(state.state, 'failed');
    assert.equal(state.errorCode, 'form.schema_violation');
    assert.equal(state.needsReview, true);
    assert.deepEqual(Object.keys(state).sort(), ['channel', 'decidedAt', 'errorCode', 'intakeId', 'needsReview', 'receivedAt', 'state']);
  });

  test('with Redis unreachable the caller gets 503 with Retry-After; the item stored meanwhile is queued when sent again', T, async () => {
    // A Redis that was never reached: BullMQ would wait for it without end, the API answers in time.
    const deadRedis = connectRedis('redis://127.0.0.1:1', { blocking: false });
    const client = await createTriageClient({ config: q.config, actor: 'form-backend', redis: deadRedis });
    try {
      const app = createIntakeApp({
        enqueue: ({ bytes, channel, ending }) => client.enqueueBytes(bytes, channel, { ending }),
        items: { itemState: async () => null },
        health: async () => ({ postgres: true, redis: false }),
        config: q.config,
        log,
        storeTimeoutMs: 1500,
      });
      const form = Buffer.from(JSON.stringify({ ...JSON.parse(FORM.toString('utf8')), note: 'while Redis is down' }));
      const res = await app.request('/v1/contact-forms', { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: form });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'api.unavailable');

      const again = await post('/v1/contact-forms', form, { ...bearer, 'content-type': 'application/json' });
      assert.equal(again.status, 200, 'the item was stored before queuing failed');
      const { intakeId } = (await again.json()) as { intakeId: string };
      assert.ok(await queues.queue('read').getJob(intakeId), 'sending it again queued it');
    } finally {
      deadRedis.disconnect();
      await client.close();
    }
  });

  test('the queue dashboard answers 401 without an admin key and shows the three stage queues with one', T, async () => {
    assert.equal((await service.app.request('/admin/queues')).status, 401);
    const withApiKey = await service.app.request('/admin/queues', { headers: bearer });
    assert.equal(withApiKey.status, 401, 'an intake key is not an admin key');
    assert.match(withApiKey.headers.get('www-authenticate') ?? '', /^Basic/);
    const basic = { authorization: `Basic ${Buffer.from(`ops:${ADMIN}`).toString('base64')}` };
    const page = await service.app.request('/admin/queues', { headers: basic });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const api = await service.app.request('/admin/queues/api/queues', { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(api.status, 200);
    const { queues: shown } = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    assert.deepEqual(shown.map((s) => s.name).sort(), ['triage-decide', 'triage-read', 'triage-route']);
    assert.ok(shown.every((s) => s.readOnlyMode));
    const pause = await service.app.request('/admin/queues/api/queues/triage-read/pause', { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(pause.status, 405, 'the board is read-only on the server too');
  });

  test('/healthz answers 200 without a key while PostgreSQL and Redis answer', T, async () => {
    const res = await service.app.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', postgres: 'up', redis: 'up' });
  });

  test('"triage serve" listens on a real socket, takes a form over HTTP and stops on request', T, async () => {
    let stderr = '';
    let stop!: () => void;
    const io: CliIo = {
      stdout: () => {},
      stderr: (s) => void (stderr += s),
      stdoutIsTty: false,
      stderrIsTty: false,
      cwd: process.cwd(),
      stop: new Promise<void>((resolve) => (stop = resolve)),
    };
    const exit = run(['serve', '--port', '0'], q.env, io);
    let base = '';
    await waitFor(
      'the server to listen',
      async () => {
        base = /intake API at (http:\/\/[^/\s]+)\/v1/.exec(stderr)?.[1] ?? '';
        return base !== '' || /\[[a-z_.]+\]\n$/.test(stderr);
      },
      15_000,
      50,
    );
    try {
      assert.ok(base, `serve did not start: ${stderr}`);
      const form = Buffer.from(JSON.stringify({ ...JSON.parse(FORM.toString('utf8')), note: 'over a socket' }));
      const res = await fetch(`${base}/v1/contact-forms`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: form, signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 202);
      const { intakeId } = (await res.json()) as { intakeId: string };
      assert.equal((await q.sql('select 1 from intake_items where id = $1', [intakeId])).length, 1);
      const state = await fetch(`${base}/v1/items/${intakeId}`, { headers: bearer, signal: AbortSignal.timeout(10_000) });
      assert.equal(state.status, 200);
      const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(health.status, 200);
      // The same server carries the case workers' interface and review API (sign-in first).
      const page = await fetch(`${base}/`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.equal((await fetch(`${base}/api/basket`, { signal: AbortSignal.timeout(10_000) })).status, 401);
      // The dashboard: an admin key still opens it; without key or admin session it stays shut.
      assert.equal((await fetch(`${base}/admin/queues`, { signal: AbortSignal.timeout(10_000) })).status, 401);
      // A signed-in admin of the review interface opens it with the session cookie; a case worker may not.
      const sessionOf = async (name: string, role: string) => {
        const password = `Passwort-fuer-${name}-2026`;
        const added = await runCli(['users', 'add', name, '--role', role], { ...q.env, TRIAGE_NEW_USER_PASSWORD: password });
        assert.equal(added.code, 0, added.stderr);
        const signedIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }), signal: AbortSignal.timeout(10_000) });
        assert.equal(signedIn.status, 200);
        return { cookie: (signedIn.headers.get('set-cookie') ?? '').split(';')[0]! };
      };
      const admin = await sessionOf('board.admin', 'admin');
      const board = await fetch(`${base}/admin/queues`, { headers: admin, signal: AbortSignal.timeout(10_000) });
      assert.equal(board.status, 200, 'an admin session opens the dashboard');
      assert.match(await board.text(), /<base href="\/admin\/queues\/?"/, "bull-board's page, which finds its scripts through <base>");
      assert.equal(board.headers.get('content-security-policy'), null, "the review interface's policy (base-uri 'none', no inline style) would break the board");
      assert.match((await fetch(`${base}/`, { signal: AbortSignal.timeout(10_000) })).headers.get('content-security-policy') ?? '', /base-uri 'none'/, 'the review interface keeps its policy');
      const asAdmin = await fetch(`${base}/admin/queues/api/queues`, { headers: admin, signal: AbortSignal.timeout(10_000) });
      assert.equal(asAdmin.status, 200);
      assert.deepEqual(((await asAdmin.json()) as { queues: { name: string }[] }).queues.map((x) => x.name).sort(), ['triage-decide', 'triage-read', 'triage-route']);
      const asCaseworker = await fetch(`${base}/admin/queues`, { headers: await sessionOf('board.sachbearbeitung', 'caseworker'), signal: AbortSignal.timeout(10_000) });
      assert.equal(asCaseworker.status, 403, 'a case worker session does not');
    } finally {
      stop();
      assert.equal(await exit, 0, stderr);
    }
    assert.match(stderr, /server stopped/);
    assert.ok(!stderr.includes(KEY) && !stderr.includes(ADMIN), 'keys are never printed');
  });

  test('"triage serve" without API keys serves the review interface only: the intake API is not there', T, async () => {
    let stderr = '';
    let stop!: () => void;
    const io: CliIo = { stdout: () => {}, stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, cwd: process.cwd(), stop: new Promise<void>((resolve) => (stop = resolve)) };
    const { TRIAGE_API_KEYS: _keys, ...env } = q.env;
    const exit = run(['serve', '--port', '0'], env, io);
    let base = '';
    await waitFor('the server to listen', async () => (base = /review interface at (http:\/\/[^/\s]+)\//.exec(stderr)?.[1] ?? '') !== '' || /\[[a-z_.]+\]\n$/.test(stderr), 15_000, 50);
    try {
      assert.ok(base, `serve did not start: ${stderr}`);
      assert.match(stderr, /intake API off .*TRIAGE_API_KEYS/);
      const before = (await q.sql<{ n: number }>('select count(*)::int as n from intake_items'))[0]!.n;
      const res = await fetch(`${base}/v1/contact-forms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: FORM, signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 404);
      assert.equal((await q.sql<{ n: number }>('select count(*)::int as n from intake_items'))[0]!.n, before, 'nothing stored');
      assert.equal((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) })).status, 200);
    } finally {
      stop();
      assert.equal(await exit, 0, stderr);
    }
  });

  test('"triage serve" with API keys but no PostgreSQL refuses to start and names DATABASE_URL', T, async () => {
    let stderr = '';
    const io: CliIo = { stdout: () => {}, stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, cwd: process.cwd(), stop: Promise.resolve() };
    const { DATABASE_URL: _url, ...env } = q.env;
    assert.equal(await run(['serve', '--port', '0'], env, io), 2);
    assert.match(stderr, /DATABASE_URL/);
  });

  test('no log line holds a key or a body', T, async () => {
    const all = logLines.join('');
    assert.ok(logLines.some((l) => l.includes('"api.request"')), 'requests are logged');
    for (const secret of [KEY, ADMIN, 'Schiffer-Lambertz', 'P529480630', 'while Redis is down', 'unauthorised attempt', 'over a socket']) assert.ok(!all.includes(secret), `log holds ${secret}`);
  });
});
