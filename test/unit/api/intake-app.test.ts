// The intake app with stand-in dependencies: what reaches the store, and what the caller is told.
// The same app against real PostgreSQL and Redis: test/integration/api/intake-api.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIntakeApp, type EnqueueInput, type HealthReport, type IntakeAppDeps } from '../../../src/api/intake-app.js';
import { parseConfig } from '../../../src/config/config.js';
import type { ItemState } from '../../../src/intake/intake-repository.js';
import { TriageError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';

const T = { timeout: 10_000 };
const KEY = 'k3y-for-the-form-backend-0001';
const ID = '0b6c1f5e-6f4d-4a53-9d0e-2f4b8c1a7e90';
const auth = { authorization: `Bearer ${KEY}` };

function setup(options: { enqueue?: (input: EnqueueInput) => Promise<{ intakeId: string; duplicate: boolean; decided: boolean; queued: boolean }>; health?: HealthReport; state?: ItemState | null } = {}) {
  const config = parseConfig({ TRIAGE_API_KEYS: `form-backend:${KEY}`, TRIAGE_MAX_MESSAGE_MB: '0.01', TRIAGE_MAX_SCAN_MB: '0.02' }, '/srv');
  const stored: EnqueueInput[] = [];
  const logs: string[] = [];
  const deps: IntakeAppDeps = {
    async enqueue(input) {
      stored.push(input);
      return options.enqueue ? options.enqueue(input) : { intakeId: ID, duplicate: false, decided: false, queued: true };
    },
    items: { itemState: async () => (options.state === undefined ? null : options.state) },
    health: async () => options.health ?? { postgres: true, redis: true },
    config,
    log: createLogger('debug', (line) => void logs.push(line)),
  };
  return { app: createIntakeApp(deps), stored, logs };
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(typeof body.error.message, 'string');
  return body.error;
}

describe('intake API: handing in', () => {
  it('a contact form is stored as sent, with the key name as who handed it in, and answered 202 with where to ask for its state', T, async () => {
    const { app, stored } = setup();
    const body = '{"formId":"kontakt","fields":{}}';
    const res = await app.request('/v1/contact-forms', { method: 'POST', headers: { ...auth, 'content-type': 'application/json; charset=utf-8' }, body });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { intakeId: ID, duplicate: false });
    assert.equal(res.headers.get('location'), `/v1/items/${ID}`);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.bytes.toString('utf8'), body);
    assert.deepEqual({ channel: stored[0]!.channel, ending: stored[0]!.ending, actor: stored[0]!.actor }, { channel: 'contact-form', ending: 'json', actor: 'form-backend' });
  });

  it('an item handed in before is answered 200 with the same id and duplicate true', T, async () => {
    const { app } = setup({ enqueue: async () => ({ intakeId: ID, duplicate: true, decided: true, queued: false }) });
    const res = await app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822' }, body: 'From: a@example.org\r\n\r\nHallo' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { intakeId: ID, duplicate: true });
  });

  it('when PostgreSQL or Redis is down the caller gets 503 with Retry-After and is told to send again', T, async () => {
    const redisDown = setup({
      enqueue: async () => {
        throw new TriageError('queue.redis_unreachable', 'Could not add the read job', { permanent: false });
      },
    });
    const res = await redisDown.app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822' }, body: 'Subject: x\r\n\r\ny' });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
    const error = await errorOf(res);
    assert.equal(error.code, 'api.unavailable');
    assert.match(error.message, /Send it again/);

    const pgDown = setup({
      enqueue: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    });
    const res2 = await pgDown.app.request('/v1/contact-forms', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res2.status, 503);
    assert.ok(!(await res2.text()).includes('127.0.0.1'), 'driver messages are not passed on');
    assert.ok(pgDown.logs.some((l) => l.includes('"api.store_unavailable"') && l.includes('ECONNREFUSED')));
  });

  it('a request without a valid key is refused with 401 and WWW-Authenticate before anything is read', T, async () => {
    const { app, stored } = setup();
    for (const headers of [{}, { authorization: 'Bearer wrong-key-wrong-key-1' }, { 'x-api-key': `${KEY}x` }, { authorization: `Basic ${Buffer.from(`form-backend:${KEY}`).toString('base64')}` }] as Record<string, string>[]) {
      const res = await app.request('/v1/contact-forms', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.equal((await errorOf(res)).code, 'api.unauthorized');
    }
    const ok = await app.request('/v1/contact-forms', { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(ok.status, 202);
    assert.equal(stored.length, 1);
  });

  it('invalid JSON is refused with 400 and nothing of the body is repeated in the answer or the log', T, async () => {
    const { app, stored, logs } = setup();
    const res = await app.request('/v1/contact-forms', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"name": "Erika Mustermann", A123456780' });
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.match(text, /api\.invalid_json/);
    assert.ok(!text.includes('Mustermann') && !text.includes('A123456780'));
    assert.ok(logs.every((l) => !l.includes('Mustermann') && !l.includes(KEY)));
    assert.equal(stored.length, 0);
  });

  it('a wrong content type is refused with 415, an empty body with 400', T, async () => {
    const { app, stored } = setup();
    const wrong = await app.request('/v1/contact-forms', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(wrong.status, 415);
    assert.equal((await errorOf(wrong)).code, 'api.unsupported_type');
    const email = await app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(email.status, 415);
    const empty = await app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822' }, body: '' });
    assert.equal(empty.status, 400);
    assert.equal((await errorOf(empty)).code, 'api.empty_body');
    assert.equal(stored.length, 0);
  });

  it('a body over the limit is refused with 413, whether it announces its length or streams in chunks', T, async () => {
    const { app, stored } = setup();
    const big = Buffer.alloc(20 * 1024, 'a'); // over TRIAGE_MAX_MESSAGE_MB=0.01 (about 10 KB)
    const announced = await app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822', 'content-length': String(big.length) }, body: big });
    assert.equal(announced.status, 413);
    const error = await errorOf(announced);
    assert.equal(error.code, 'api.too_large');
    assert.match(error.message, /TRIAGE_MAX_MESSAGE_MB/);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(1024).fill(97));
        controller.close();
      },
    });
    const streamed = await app.request('/v1/emails', { method: 'POST', headers: { ...auth, 'content-type': 'message/rfc822' }, body: stream, duplex: 'half' } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(stored.length, 0);
  });

  it('a raw scan body takes its ending from the content type', T, async () => {
    const { app, stored } = setup();
    const res = await app.request('/v1/scans', { method: 'POST', headers: { ...auth, 'content-type': 'image/png' }, body: Buffer.from('\x89PNG\r\n\x1a\n') });
    assert.equal(res.status, 202);
    assert.deepEqual({ channel: stored[0]!.channel, ending: stored[0]!.ending }, { channel: 'letter', ending: 'png' });
  });

  it('a multipart scan needs exactly one field "file" named with a scan ending', T, async () => {
    const { app, stored } = setup();
    const post = (form: FormData) => app.request('/v1/scans', { method: 'POST', headers: auth, body: form });
    const docx = new FormData();
    docx.append('file', new Blob(['x']), 'Brief.docx');
    assert.equal((await post(docx)).status, 415);
    const none = new FormData();
    none.append('upload', new Blob(['x']), 'a.pdf');
    assert.equal((await post(none)).status, 400);
    const two = new FormData();
    two.append('file', new Blob(['x']), 'a.pdf');
    two.append('file', new Blob(['y']), 'b.pdf');
    assert.equal((await errorOf(await post(two))).code, 'api.too_many_files');
    const empty = new FormData();
    empty.append('file', new Blob([]), 'a.pdf');
    assert.equal((await errorOf(await post(empty))).code, 'api.empty_body');
    assert.equal(stored.length, 0);
    const tiff = new FormData();
    tiff.append('file', new Blob(['II*\0']), 'Scan 0001.TIFF');
    assert.equal((await post(tiff)).status, 202);
    assert.equal(stored[0]!.ending, 'tiff');
  });
});

describe('intake API: state, health, dashboard', () => {
  it("an item's state carries state fields only", T, async () => {
    const state: ItemState = { intakeId: ID, channel: 'email', receivedAt: new Date('2026-03-01T08:00:00Z'), result: { status: 'failed', errorCode: 'email.no_headers', needsReview: true, decidedAt: new Date('2026-03-01T08:00:01Z') } };
    const { app } = setup({ state });
    const res = await app.request(`/v1/items/${ID}`, { headers: auth });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      intakeId: ID,
      channel: 'email',
      receivedAt: '2026-03-01T08:00:00.000Z',
      state: 'failed',
      needsReview: true,
      errorCode: 'email.no_headers',
      decidedAt: '2026-03-01T08:00:01.000Z',
    });
    const unknown = setup({ state: null });
    assert.equal((await unknown.app.request(`/v1/items/${ID}`, { headers: auth })).status, 404);
    assert.equal((await unknown.app.request(`/v1/items/${ID}`)).status, 401);
  });

  it('/healthz needs no key and says 503 with Retry-After when PostgreSQL or Redis does not answer', T, async () => {
    const up = await setup().app.request('/healthz');
    assert.equal(up.status, 200);
    assert.deepEqual(await up.json(), { status: 'ok', postgres: 'up', redis: 'up' });
    const down = await setup({ health: { postgres: true, redis: false } }).app.request('/healthz');
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '5');
    assert.deepEqual(await down.json(), { status: 'unavailable', postgres: 'up', redis: 'down' });
  });

  it('the dashboard is off without an admin key, and unknown paths get a JSON 404', T, async () => {
    const { app } = setup();
    const res = await app.request('/admin/queues', { headers: auth });
    assert.equal(res.status, 404);
    assert.equal((await errorOf(res)).code, 'api.dashboard_disabled');
    const other = await app.request('/v2/anything', { headers: auth });
    assert.equal(other.status, 404);
    assert.equal((await errorOf(other)).code, 'api.not_found');
    const method = await app.request('/v1/emails', { headers: auth });
    assert.equal(method.status, 405);
    assert.equal(method.headers.get('allow'), 'POST');
  });
});
