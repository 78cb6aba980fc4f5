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
        const item = await outbox.findRouteItem(decided);
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

    test('a reply is delivered once: marking it again adds no second event', async () => {
      await withDatabase(backend, async ({ db }) => {
        const decided = await storeDecided(db);
        const outbox = createOutboxRepository(db);
        const item = (await outbox.findRouteItem(decided))!;
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
        const item = (await outbox.findRouteItem(decided))!;
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
