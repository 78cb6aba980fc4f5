// A reviewed item gets its reply (issue 5): closing it makes one reply by the route it has then,
// through the route stage's adapters (post: a PDF in the print folder; portal: the local stub
// inbox), on PGlite and on PostgreSQL. Never a second reply: not on closing again, not on a retry,
// not from the recovery sweep or a route job, and not after one made at first decision.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { parseConfig, type Config } from '../../../src/config/config.js';
import { createOutboxRepository } from '../../../src/outbox/outbox-repository.js';
import { createRouteDeps, runRouteStage } from '../../../src/outbox/route-usecase.js';
import { createReplyRetry, createReviewApp, REPLY_RETRY_ACTOR } from '../../../src/review/review-app.js';
import { createLogger } from '../../../src/shared/logger.js';
import { startPortalStub, type PortalStub } from '../outbox/portal-stub.js';
import { ALBERS_NUMBER, call, createReviewEnv, signIn, type ReviewEnv, type Session } from './review-harness.js';

const T = { timeout: 120_000 };

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`a reviewed item's reply on ${backend}`, () => {
    let env: ReviewEnv;
    let portal: PortalStub;
    let printFolder: string;
    let config: Config;
    let app: ReviewEnv['app'];
    const sessions = {} as Record<'anna' | 'bernd', Session>;

    const rows = async <R>(query: ReturnType<typeof sql>) => ((await env.database.db.execute(query)) as unknown as { rows: R[] }).rows;
    const repliesOf = (intakeId: string) =>
      rows<{ id: string; result_id: string; channel: string; status: string; attempts: number }>(
        sql`select id::text, result_id::text, channel, status, attempts from outbox_replies where intake_id = ${intakeId}::uuid`,
      );
    const pdfs = async () => (await readdir(printFolder)).filter((f) => f.endsWith('.pdf'));
    /** The item's first result stored as the queue stores it (with its run key), as if decided by a worker. */
    const asDecidedByWorker = async (intakeId: string) => {
      const [first] = await rows<{ id: string }>(sql`select id::text from results where intake_id = ${intakeId}::uuid order by created_at asc, id asc limit 1`);
      const resultKey = `${intakeId}:1`;
      await env.database.db.execute(sql`update results set job_key = ${resultKey} where id = ${first!.id}::uuid`);
      return { intakeId, resultKey, resultId: first!.id };
    };
    const claim = async (who: 'anna' | 'bernd', item: string) => assert.equal((await call(app, 'POST', `/api/items/${item}/claim`, { session: sessions[who] })).status, 200);

    before(async () => {
      env = await createReviewEnv(backend);
      portal = await startPortalStub();
      printFolder = await mkdtemp(path.join(tmpdir(), 'print-'));
      const outbox = parseConfig({ TRIAGE_OUTBOX_DIR: printFolder, TRIAGE_PORTAL_URL: portal.url, TRIAGE_PORTAL_TOKEN: 'portal-token-for-tests' }).outbox;
      config = { ...env.config, outbox };
      app = createReviewApp({ db: env.database.db, config, log: createLogger('error', () => {}) });
      sessions.anna = await signIn(app, 'anna');
      sessions.bernd = await signIn(app, 'bernd');
    });
    after(async () => {
      await portal?.close();
      await env?.cleanup();
      if (printFolder) await rm(printFolder, { recursive: true, force: true });
    });

    test('closing a corrected letter makes one post reply to the registered address: its PDF lies in the print folder', T, async () => {
      const item = env.ids.misnumberedLetter;
      const open = await call(app, 'GET', `/api/items/${item}`, { session: sessions.anna });
      assert.deepEqual(open.body.outgoingReply, { made: false, reason: 'awaiting-close', problem: null });

      await claim('anna', item);
      const corrected = await call(app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'insuranceNumber', value: ALBERS_NUMBER } });
      assert.equal(corrected.body.result.member.status, 'matched');
      assert.equal(corrected.body.result.reply.channel, 'post');
      assert.equal(corrected.body.result.reply.address.street, 'Rheinufer 21');

      const closed = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.anna });
      assert.equal(closed.status, 200);
      const reply = closed.body.outgoingReply;
      assert.equal(reply.made, true);
      assert.equal(reply.channel, 'post');
      assert.equal(reply.status, 'delivered');
      assert.equal(reply.resultId, corrected.body.resultId, 'made for the corrected result');
      assert.deepEqual(await pdfs(), [`${reply.replyId}.pdf`]);
      assert.equal((await readFile(path.join(printFolder, `${reply.replyId}.pdf`))).subarray(0, 5).toString('latin1'), '%PDF-');
      const [stored] = await rows<{ document: Buffer | Uint8Array }>(sql`select document from outbox_replies where id = ${reply.replyId}::uuid`);
      assert.deepEqual(Buffer.from(stored!.document), await readFile(path.join(printFolder, `${reply.replyId}.pdf`)));
      const events = await rows<{ actor: string; action: string }>(sql`select actor, action from audit_events where intake_id = ${item}::uuid and action like 'reply.%' order by id`);
      assert.deepEqual(events, [
        { actor: 'anna', action: 'reply.queued' },
        { actor: 'anna', action: 'reply.delivered' },
      ]);

      // Closing again is refused and makes nothing; asking for the reply again delivers nothing new.
      const again = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.anna });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'review.closed');
      const retried = await call(app, 'POST', `/api/items/${item}/reply`, { session: sessions.bernd });
      assert.equal(retried.status, 200);
      assert.equal(retried.body.outgoingReply.replyId, reply.replyId);
      assert.equal(retried.body.outgoingReply.attempts, 1);
      assert.equal((await repliesOf(item)).length, 1);
      assert.equal((await pdfs()).length, 1);
    });

    test('the recovery sweep and a late route job make no second reply for a closed item whose first result wanted post', T, async () => {
      // The letter's first result (a mismatch) wanted post to the written address: had its route job been lost,
      // the sweep would look for it.
      const item = env.ids.misnumberedLetter;
      const first = await asDecidedByWorker(item);
      const outbox = createOutboxRepository(env.database.db);
      const unrouted = await outbox.unrouted({ decidedBefore: new Date(Date.now() + 60_000), limit: 500 });
      assert.ok(!unrouted.some((r) => r.intakeId === item), 'the sweep leaves the item alone');
      await runRouteStage(createRouteDeps(env.database.db, config, 'worker'), first);
      assert.equal((await repliesOf(item)).length, 1);
      assert.equal((await pdfs()).length, 1);
    });

    test('closing an item of a member with a portal account makes one portal reply; a retry sends nothing more', T, async () => {
      const item = env.ids.unsignedLetter;
      const before = portal.requests.length;
      await claim('bernd', item);
      const closed = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.bernd });
      assert.equal(closed.status, 200);
      const reply = closed.body.outgoingReply;
      assert.equal(reply.made, true);
      assert.equal(reply.channel, 'portal');
      assert.equal(reply.status, 'delivered');
      const sent = portal.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers['idempotency-key'], reply.replyId);
      assert.equal(sent[0]!.body.insuranceNumber, closed.body.result.member.insuranceNumber);
      assert.equal(sent[0]!.body.reference, item);

      const retried = await call(app, 'POST', `/api/items/${item}/reply`, { session: sessions.bernd });
      assert.equal(retried.body.outgoingReply.replyId, reply.replyId);
      assert.equal(portal.requests.length, before + 1, 'a delivered reply is not sent again');
      assert.equal((await repliesOf(item)).length, 1);
    });

    test('a portal that is down leaves the reply pending with its code; asking again delivers that same reply once', T, async () => {
      const item = env.ids.authCodeEmail;
      const before = portal.requests.length;
      await claim('anna', item);
      portal.answer(503);
      const closed = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.anna });
      assert.equal(closed.status, 200, 'the item is closed all the same');
      assert.equal(closed.body.closed, true);
      assert.equal(closed.body.outgoingReply.status, 'pending');
      assert.equal(closed.body.outgoingReply.errorCode, 'outbox.portal_unavailable');

      const retried = await call(app, 'POST', `/api/items/${item}/reply`, { session: sessions.anna });
      assert.equal(retried.body.outgoingReply.status, 'delivered');
      assert.equal(retried.body.outgoingReply.replyId, closed.body.outgoingReply.replyId);
      const sent = portal.requests.slice(before);
      assert.deepEqual(sent.map((r) => r.status), [503, 200]);
      assert.ok(sent.every((r) => r.headers['idempotency-key'] === closed.body.outgoingReply.replyId));
      assert.equal((await repliesOf(item)).length, 1);
    });

    test("the server itself delivers again a closed item's reply that waits after the portal was down, once", T, async () => {
      const item = env.ids.unsignedLetter;
      const before = portal.requests.length;
      // A portal reply left waiting at close (as the test above does for another item).
      await env.database.db.execute(sql`update outbox_replies set status = 'pending', error_code = 'outbox.portal_unavailable' where intake_id = ${item}::uuid`);
      const retryReplies = createReplyRetry({ db: env.database.db, config, log: createLogger('error', () => {}) });
      assert.deepEqual(await retryReplies(), { tried: 1, delivered: 1 });
      const [reply] = await repliesOf(item);
      assert.equal(reply?.status, 'delivered');
      const sent = portal.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.headers['idempotency-key'], reply!.id, 'the same reply, not a new one');
      const events = await rows<{ actor: string; action: string }>(sql`select actor, action from audit_events where intake_id = ${item}::uuid and action = 'reply.delivered' order by id desc limit 1`);
      assert.deepEqual(events, [{ actor: REPLY_RETRY_ACTOR, action: 'reply.delivered' }]);
      // Nothing waits any more: the next round sends nothing.
      assert.deepEqual(await retryReplies(), { tried: 0, delivered: 0 });
      assert.equal(portal.requests.length, before + 1);
      assert.equal((await repliesOf(item)).length, 1);
    });

    test('an email without a secure reply route gets no reply when closed, and the item says why', T, async () => {
      const item = env.ids.invalidNumberEmail;
      const filesBefore = (await pdfs()).length;
      const requestsBefore = portal.requests.length;
      await claim('bernd', item);
      const post = await call(app, 'POST', `/api/items/${item}/reply-route`, { session: sessions.bernd, body: { channel: 'post' } });
      assert.equal(post.body.error.code, 'review.reply_route_unavailable', 'an address read from an email is never a reply address');
      const closed = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.bernd });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.outgoingReply.made, false);
      assert.equal(closed.body.outgoingReply.reason, 'no-secure-route');
      assert.match(closed.body.outgoingReply.problem, /no secure reply route/);
      const retried = await call(app, 'POST', `/api/items/${item}/reply`, { session: sessions.bernd });
      assert.equal(retried.body.outgoingReply.reason, 'no-secure-route');
      assert.deepEqual(await repliesOf(item), []);
      assert.equal((await pdfs()).length, filesBefore);
      assert.equal(portal.requests.length, requestsBefore);
    });

    test('a reply made at first decision is not repeated when the item is closed after a correction', T, async () => {
      const item = env.ids.formWithoutNumber;
      const first = await asDecidedByWorker(item);
      await runRouteStage(createRouteDeps(env.database.db, config, 'worker'), first);
      const [made] = await repliesOf(item);
      assert.equal(made?.channel, 'post');
      assert.equal(made?.result_id, first.resultId);
      const filesBefore = (await pdfs()).length;

      await claim('anna', item);
      const corrected = await call(app, 'POST', `/api/items/${item}/corrections`, { session: sessions.anna, body: { field: 'name', value: 'Helga Sommerfeld' } });
      assert.notEqual(corrected.body.resultId, first.resultId);
      assert.equal(corrected.body.outgoingReply.replyId, made!.id, 'the view shows the reply made at first decision');
      const closed = await call(app, 'POST', `/api/items/${item}/close`, { session: sessions.anna });
      assert.equal(closed.body.outgoingReply.made, true);
      assert.equal(closed.body.outgoingReply.replyId, made!.id);
      assert.equal(closed.body.outgoingReply.resultId, first.resultId);
      assert.equal((await repliesOf(item)).length, 1);
      assert.equal((await pdfs()).length, filesBefore);
      // The route job running once more makes nothing either.
      await runRouteStage(createRouteDeps(env.database.db, config, 'worker'), first);
      assert.equal((await repliesOf(item)).length, 1);
    });

    test('an open item cannot be asked for its reply', T, async () => {
      const res = await call(app, 'POST', `/api/items/${env.ids.strangerForm}/reply`, { session: sessions.anna });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'review.not_closed');
    });
  });
}
