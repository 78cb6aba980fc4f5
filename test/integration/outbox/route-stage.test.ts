import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { parseConfig } from '../../../src/config/config.js';
import type { Db } from '../../../src/db/database.js';
import { createIntakeRepository } from '../../../src/intake/intake-repository.js';
import { createRouteDeps, runRouteStage, type RouteUsecaseDeps } from '../../../src/outbox/route-usecase.js';
import { TriageError } from '../../../src/shared/errors.js';
import { backends, withDatabase } from '../db/backends.js';
import { startPortalStub, type PortalStub } from './portal-stub.js';
import { PERSONAL_VALUES, PORTAL_RESULT, storeDecided, type StoredDecision } from './outbox-support.js';

const postgres = backends().find((b) => b.name === 'postgres')!;
const T = { timeout: 30_000 };
const TOKEN = 'portal-test-token-7f3a';

function depsFor(db: Db, env: Record<string, string>): RouteUsecaseDeps {
  return { ...createRouteDeps(db, parseConfig(env), 'worker'), now: () => new Date('2026-03-05T09:00:00Z') };
}

const route = (deps: RouteUsecaseDeps, d: StoredDecision, final = false) => runRouteStage(deps, d, { final });

async function reply(db: Db, resultId: string) {
  return createRouteDeps(db, parseConfig({}), 'x').outbox.findReply(resultId);
}

async function trail(db: Db, intakeId: string) {
  return (await createIntakeRepository(db).auditTrail(intakeId)).filter((e) => e.action.startsWith('reply.') || e.action.startsWith('ack.'));
}

function assertNoPersonalData(what: string, text: string): void {
  for (const value of PERSONAL_VALUES) assert.ok(!text.includes(value), `${what} contains "${value}"`);
}

describe('route stage against PostgreSQL', () => {
  let portal: PortalStub;
  let dir: string;
  before(async () => {
    portal = await startPortalStub();
    dir = mkdtempSync(path.join(tmpdir(), 'triage-outbox-int-'));
  });
  after(async () => {
    await portal.close();
    await postgres.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a post reply lands as a print-ready PDF named by its reply id in the print folder, once', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const outboxDir = path.join(dir, 'post-once');
      const deps = depsFor(db, { TRIAGE_OUTBOX_DIR: outboxDir });
      const decided = await storeDecided(db);
      await route(deps, decided);
      await route(deps, decided); // the same route job again (a crash before it completed)
      const stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'delivered');
      assert.equal(stored?.attempts, 1, 'not delivered twice');
      assert.deepEqual(readdirSync(outboxDir), [`${stored.id}.pdf`]);
      const pdf = readFileSync(path.join(outboxDir, `${stored.id}.pdf`));
      assert.deepEqual(pdf, stored.document, 'the file is the stored document');
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const text = (await parser.getText()).text;
      await parser.destroy();
      assert.match(text, /Jürgen Müßig\nKönigstraße 12\n50667 Köln/);
      assert.match(text, new RegExp(`Aktenzeichen: ${decided.intakeId}`));
      assert.ok(!text.includes('A123456780'), 'no insurance number in the letter');
      const events = await trail(db, decided.intakeId);
      assert.deepEqual(events.map((e) => e.action), ['reply.queued', 'reply.delivered']);
      assertNoPersonalData('the audit trail', JSON.stringify(events));
    });
  });

  test('without a print folder a post reply waits in the outbox table as pending, with its PDF', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, {});
      const decided = await storeDecided(db);
      await route(deps, decided);
      await route(deps, decided);
      const stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'pending');
      assert.equal(stored?.document.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.deepEqual((await trail(db, decided.intakeId)).map((e) => e.action), ['reply.queued', 'reply.pending'], 'pending is recorded once');
    });
  });

  test('a portal reply is posted to the member portal with the bearer token, the reply id as idempotency key and the member number', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      const before = portal.requests.length;
      await route(deps, decided);
      await route(deps, decided);
      const stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'delivered');
      const sent = portal.requests.slice(before);
      assert.equal(sent.length, 1, 'a delivered reply is not posted again');
      const [request] = sent;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.path, '/api/v1/inbox');
      assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request!.headers['idempotency-key'], stored.id);
      assert.equal(request!.headers['content-type'], 'application/json');
      assert.equal(request!.body.insuranceNumber, 'A123456780');
      assert.equal(request!.body.reference, decided.intakeId);
      assert.equal(request!.body.replyId, stored.id);
      assert.match(request!.body.subject, /^Eingangsbestätigung: Ihr Schreiben vom \d\d\.\d\d\.\d{4}$/);
      assert.match(request!.body.text, /in Ihr Postfach im Online-Portal/);
      assert.deepEqual(Buffer.from(request!.body.document.base64, 'base64'), stored.document);
      assert.equal(request!.body.document.contentType, 'application/pdf');
    });
  });

  test('a portal answering 503 makes the reply wait for a retry, and the retry with the same idempotency key delivers it', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      const before = portal.requests.length;
      portal.answer(503);
      await assert.rejects(route(deps, decided), (err: unknown) => err instanceof TriageError && err.code === 'outbox.portal_unavailable' && !err.permanent);
      let stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'pending');
      assert.equal(stored?.errorCode, 'outbox.portal_unavailable');
      await route(deps, decided);
      stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'delivered');
      assert.equal(stored?.attempts, 2);
      assert.equal(stored?.errorCode, null);
      const keys = portal.requests.slice(before).map((r) => r.headers['idempotency-key']);
      assert.deepEqual(keys, [stored.id, stored.id]);
    });
  });

  test('a portal that does not answer in time is a transient error too', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN, TRIAGE_PORTAL_TIMEOUT_MS: '200' });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      portal.delay(1000);
      try {
        await assert.rejects(route(deps, decided), (err: unknown) => err instanceof TriageError && err.code === 'outbox.portal_unavailable' && !err.permanent && /TRIAGE_PORTAL_TIMEOUT_MS/.test(err.message));
      } finally {
        portal.delay(0);
      }
    });
  });

  test('a portal refusing the reply with 400 fails it for good with outbox.portal_rejected, for a case worker', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      portal.answer(400);
      let error: TriageError | undefined;
      await assert.rejects(route(deps, decided), (err: unknown) => {
        error = err as TriageError;
        return err instanceof TriageError && err.code === 'outbox.portal_rejected' && err.permanent;
      });
      assertNoPersonalData('the error message', error!.message);
      const stored = await reply(db, decided.resultId);
      assert.equal(stored?.status, 'failed');
      assert.equal(stored?.errorCode, 'outbox.portal_rejected');
      const events = await trail(db, decided.intakeId);
      assert.deepEqual(events.map((e) => e.action), ['reply.queued', 'reply.failed']);
      assert.equal(events[1]!.details.code, 'outbox.portal_rejected');
    });
  });

  test('a wrong portal token fails with outbox.portal_unauthorized, which names the variable to fix', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      portal.answer(401);
      await assert.rejects(route(deps, decided), (err: unknown) => err instanceof TriageError && err.code === 'outbox.portal_unauthorized' && /TRIAGE_PORTAL_TOKEN/.test(err.message) && !err.message.includes(TOKEN));
    });
  });

  test('on the last attempt a transient portal error marks the reply failed', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, { TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: TOKEN });
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      portal.answer(502);
      await assert.rejects(route(deps, decided, true));
      assert.equal((await reply(db, decided.resultId))?.status, 'failed');
    });
  });

  test('with no portal configured a portal reply waits in the outbox table as pending instead of failing', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, {});
      const decided = await storeDecided(db, { result: PORTAL_RESULT });
      const outcome = await route(deps, decided);
      assert.equal(outcome.kind, 'routed');
      assert.equal((await reply(db, decided.resultId))?.status, 'pending');
      const events = await trail(db, decided.intakeId);
      assert.deepEqual(events.map((e) => e.action), ['reply.queued', 'reply.pending']);
      assert.equal(events[1]!.details.via, 'outbox-table');
    });
  });

  test('an email sender gets the data-free acknowledgement once, in the table and as a file for the mail relay', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const outboxDir = path.join(dir, 'ack');
      const deps = depsFor(db, { TRIAGE_OUTBOX_DIR: outboxDir, TRIAGE_ACK_EMAIL: 'on', TRIAGE_ACK_FROM: 'keine-antwort@kasse.example' });
      const raw = Buffer.from('From: "Müßig, Jürgen" <j.muessig@example.org>\r\nSubject: Meine Adresse Königstraße 12\r\n\r\nVersichertennummer A123456780\r\n');
      const decided = await storeDecided(db, { channel: 'email', raw });
      await route(deps, decided);
      await route(deps, decided);
      const ack = await deps.outbox.findAck(decided.resultId);
      assert.ok(ack?.sentAt, 'handed to the pickup folder');
      const files = readdirSync(path.join(outboxDir, 'ack'));
      assert.deepEqual(files, [`${ack.id}.eml`]);
      const message = readFileSync(path.join(outboxDir, 'ack', files[0]!), 'utf8');
      assert.equal(message, ack.message);
      assert.match(message, /^From: keine-antwort@kasse\.example\r\nTo: j\.muessig@example\.org\r\n/);
      assertNoPersonalData('the acknowledgement', message);
      assert.ok(!message.includes('Adresse'), 'no subject echo');
      assert.deepEqual((await trail(db, decided.intakeId)).map((e) => e.action).sort(), ['ack.queued', 'reply.delivered', 'reply.queued']);
    });
  });

  test('a letter or contact form gets no acknowledgement email, and nothing is acknowledged when it is off', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const on = depsFor(db, { TRIAGE_ACK_EMAIL: 'on', TRIAGE_ACK_FROM: 'keine-antwort@kasse.example' });
      const letter = await storeDecided(db, { channel: 'letter' });
      await route(on, letter);
      assert.equal(await on.outbox.findAck(letter.resultId), null);
      const off = depsFor(db, {});
      const email = await storeDecided(db, { channel: 'email', raw: Buffer.from('From: a@example.org\r\n\r\nHallo\r\n') });
      await route(off, email);
      assert.equal(await off.outbox.findAck(email.resultId), null);
    });
  });

  test('a result without a secure reply route gets no reply at all', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const deps = depsFor(db, {});
      const decided = await storeDecided(db, { result: { reply: { channel: 'none', address: null } } });
      assert.equal((await route(deps, decided)).kind, 'routed');
      assert.equal(await reply(db, decided.resultId), null);
    });
  });

  test('a route job for a result that is not stored fails with queue.result_missing', T, async () => {
    await withDatabase(postgres, async ({ db }) => {
      const decided = await storeDecided(db);
      await assert.rejects(route(depsFor(db, {}), { ...decided, resultKey: `${decided.intakeId}:9` }), (err: unknown) => err instanceof TriageError && err.code === 'queue.result_missing');
    });
  });
});
