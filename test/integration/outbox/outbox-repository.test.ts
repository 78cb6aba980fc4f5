import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createIntakeRepository } from '../../../src/intake/intake-repository.js';
import { createOutboxRepository } from '../../../src/outbox/outbox-repository.js';
import { backends, withDatabase } from '../db/backends.js';
import { storeDecided } from './outbox-support.js';

const PDF = Buffer.from('%PDF-1.7 reply');

for (const backend of backends()) {
  describe(`reply outbox table on ${backend.name}`, () => {
    after(() => backend.shutdown());

    test('the migration creates the outbox tables with one reply per result', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const item = (await outbox.findRouteItem(decided))!.item;
        assert.ok(item);
        assert.equal(item.result.reply.channel, 'post');
        const first = await outbox.createReply({ item, channel: 'post', document: PDF, actor: 'test' });
        const again = await outbox.createReply({ item, channel: 'post', document: Buffer.from('%PDF other'), actor: 'test' });
        assert.equal(again.id, first.id, 'a repeated route job gets the same reply');
        assert.deepEqual(again.document, PDF, 'and its first document');
        assert.equal(first.status, 'pending');
        const counted = (await db.execute(sql`select count(*)::int as n from outbox_replies`)) as unknown as { rows: { n: number }[] };
        assert.equal(counted.rows[0]?.n, 1);
      });
    });

    test('an item gets one reply even when two of its results ask for one (a route job and a case worker closing it)', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const item = (await outbox.findRouteItem(decided))!.item;
        const stored = (await db.execute(sql`select result, fields, facts, reasons, texts from results where id = ${decided.resultId}::uuid`)) as unknown as { rows: never[] };
        const { result, fields, facts, reasons, texts } = stored.rows[0]!;
        const second = await createIntakeRepository(db).storeResult({ intakeId: decided.intakeId, record: { result, fields, facts, reasons, texts }, jobKey: `${decided.intakeId}:2`, actor: 'test' });
        const first = await outbox.createReply({ item, channel: 'post', document: PDF, actor: 'test' });
        const other = await outbox.createReply({ item: { ...item, resultId: second.resultId }, channel: 'portal', document: Buffer.from('%PDF other'), actor: 'test' });
        assert.equal(other.id, first.id, 'the item\'s reply is returned, made for its first result');
        assert.equal(other.resultId, decided.resultId);
        assert.equal(other.channel, 'post');
        assert.equal((await outbox.findItemReply(decided.intakeId))?.id, first.id);
        assert.equal((await outbox.replySummaryOf(decided.intakeId))?.id, first.id);
        const counted = (await db.execute(sql`select count(*)::int as n from outbox_replies where intake_id = ${decided.intakeId}::uuid`)) as unknown as { rows: { n: number }[] };
        assert.equal(counted.rows[0]?.n, 1);
        const queued = (await db.execute(sql`select count(*)::int as n from audit_events where intake_id = ${decided.intakeId}::uuid and action = 'reply.queued'`)) as unknown as { rows: { n: number }[] };
        assert.equal(queued.rows[0]?.n, 1);
      });
    });

    test('the route stage reads the item with its reply in one go: none before, the stored one after', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const before = (await outbox.findRouteItem(decided))!;
        assert.equal(before.reply, null);
        const reply = await outbox.createReply({ item: before.item, channel: 'portal', document: PDF, actor: 'test' });
        const after = (await outbox.findRouteItem(decided))!;
        assert.deepEqual(after.reply, reply);
        assert.deepEqual(after.reply?.document, PDF);
        assert.deepEqual(after.item, before.item);
        const trail = await createIntakeRepository(db).auditTrail(decided.intakeId);
        const queued = trail.find((e) => e.action === 'reply.queued')!;
        assert.deepEqual(queued.details, { resultId: decided.resultId, replyId: reply.id, channel: 'portal' });
      });
    });

    test('a reply is delivered once: marking it again adds no second event', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const item = (await outbox.findRouteItem(decided))!.item;
        const reply = await outbox.createReply({ item, channel: 'post', document: PDF, actor: 'test' });
        await outbox.markDelivered(reply, 'test');
        await outbox.markDelivered(reply, 'test');
        const stored = await outbox.findReply(decided.resultId);
        assert.equal(stored?.status, 'delivered');
        assert.equal(stored?.attempts, 1);
        const trail = await createIntakeRepository(db).auditTrail(decided.intakeId);
        assert.deepEqual(trail.filter((e) => e.action.startsWith('reply.')).map((e) => e.action), ['reply.queued', 'reply.delivered']);
        assert.deepEqual(Object.keys(trail.find((e) => e.action === 'reply.delivered')!.details).sort(), ['channel', 'replyId']);
      });
    });

    test('the table refuses any reply channel but post and portal', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const item = (await outbox.findRouteItem(decided))!.item;
        await assert.rejects(outbox.createReply({ item, channel: 'email' as 'post', document: PDF, actor: 'test' }));
      });
    });

    test('a result of another run is not found for routing', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        assert.equal(await createOutboxRepository(db).findRouteItem({ resultKey: `${decided.intakeId}:2`, resultId: decided.resultId }), null);
      });
    });
  });
}
