import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { Channel } from '../../../src/contract/triage-result.js';
import { createIntakeRepository, type StoreTriageInput } from '../../../src/intake/intake-repository.js';
import type { TriageRecord } from '../../../src/pipeline/triage-record.js';
import { backends, makeRecord, withDatabase } from './backends.js';

function email(bytes: Buffer, overrides: Partial<StoreTriageInput> = {}): StoreTriageInput {
  return {
    source: 'inbox/mail-001.eml',
    channel: 'email',
    raw: bytes,
    rawWithheldReason: null,
    rawSize: bytes.length,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    messageId: null,
    record: makeRecord({ channel: 'email', channelSecurity: 'insecure', authenticated: false, flags: ['personal-data-insecure-channel'] }),
    actor: 'worker',
    ...overrides,
  };
}

const MAIL = Buffer.from('From: juergen@example.org\r\nSubject: Adresse\r\n\r\nMeine Versichertennummer A123456780\r\n');

for (const backend of backends()) {
  describe(`intake on ${backend.name}`, () => {
    after(() => backend.shutdown());

    test('storing an email keeps the item, its result and two audit events', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const input = email(MAIL, { messageId: '<abc@example.org>' });
        const stored = await intake.storeTriage(input);
        assert.equal(stored.duplicate, false);

        const item = await intake.getIntake(stored.intakeId);
        assert.ok(item);
        assert.equal(item.source, 'inbox/mail-001.eml');
        assert.equal(item.channel, 'email');
        assert.equal(item.messageId, '<abc@example.org>');
        assert.equal(item.contentHash, input.contentHash);
        assert.equal(item.rawSize, MAIL.length);
        assert.ok(item.receivedAt instanceof Date);

        const latest = await intake.latestResults();
        assert.equal(latest.length, 1);
        assert.equal(latest[0]!.resultId, stored.resultId);
        assert.deepEqual(latest[0]!.record, input.record);

        const trail = await intake.auditTrail(stored.intakeId);
        assert.deepEqual(trail.map((e) => [e.actor, e.action]), [['worker', 'intake.stored'], ['worker', 'triage.decided']]);
        assert.deepEqual(trail[1]!.details, {
          resultId: stored.resultId,
          status: 'processed',
          errorCode: null,
          flags: ['personal-data-insecure-channel'],
          needsReview: false,
          duplicate: false,
        });
      });
    });

    test('the audit trail never holds names, insurance numbers or addresses', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const stored = await intake.storeTriage(email(MAIL));
        const details = JSON.stringify((await intake.auditTrail(stored.intakeId)).map((e) => e.details));
        for (const personal of ['Jürgen', 'Müßig', 'A123456780', 'Königstraße', '50667', 'Köln', 'mail-001']) {
          assert.ok(!details.includes(personal), `audit details contain ${personal}`);
        }
      });
    });

    test('storing the same email twice keeps one intake item and two results', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const first = await intake.storeTriage(email(MAIL));
        const second = await intake.storeTriage(email(MAIL, { source: 'inbox/again.eml' }));
        assert.equal(second.duplicate, true);
        assert.equal(second.intakeId, first.intakeId);
        assert.notEqual(second.resultId, first.resultId);
        assert.equal((await intake.getIntake(first.intakeId))?.source, 'inbox/mail-001.eml');
        assert.deepEqual(
          (await intake.auditTrail(first.intakeId)).map((e) => e.action),
          ['intake.stored', 'triage.decided', 'triage.decided'],
        );
        const latest = await intake.latestResults();
        assert.deepEqual(latest.map((r) => r.resultId), [second.resultId]);
      });
    });

    test('a re-sent email with the same Message-ID is the same item even when its bytes differ', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const first = await intake.storeTriage(email(MAIL, { messageId: '<same@example.org>' }));
        const resent = Buffer.concat([Buffer.from('Received: by relay\r\n'), MAIL]);
        const second = await intake.storeTriage(email(resent, { messageId: '<same@example.org>' }));
        assert.equal(second.duplicate, true);
        assert.equal(second.intakeId, first.intakeId);
      });
    });

    test('items without a Message-ID are told apart by their content alone', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const first = await intake.storeTriage(email(MAIL));
        const other = await intake.storeTriage(email(Buffer.from('something else entirely')));
        assert.equal(other.duplicate, false);
        assert.notEqual(other.intakeId, first.intakeId);
        assert.equal((await intake.latestResults()).length, 2);
      });
    });

    test('a result that cannot be written leaves no intake item and no audit event behind', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const bad = email(MAIL, { record: makeRecord({ channel: 'fax' as Channel }) });
        await assert.rejects(intake.storeTriage(bad));
        assert.deepEqual(await intake.latestResults(), []);

        const retried = await intake.storeTriage(email(MAIL));
        assert.equal(retried.duplicate, false, 'the failed attempt must not have kept the intake item');
        assert.deepEqual((await intake.auditTrail(retried.intakeId)).map((e) => e.action), ['intake.stored', 'triage.decided']);
      });
    });

    test('the latest results list the newest result of each item, newest first', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const a = Buffer.from('letter A');
        const b = Buffer.from('letter B');
        const firstA = await intake.storeTriage(email(a, { channel: 'letter', record: makeRecord() }));
        const onlyB = await intake.storeTriage(email(b, { channel: 'letter', record: makeRecord() }));
        const reviewed: TriageRecord = makeRecord({ flags: ['missing-signature'], needsReview: true, signaturePresent: false });
        const secondA = await intake.storeTriage(email(a, { channel: 'letter', record: reviewed }));
        assert.equal(secondA.intakeId, firstA.intakeId);

        const latest = await intake.latestResults();
        assert.deepEqual(latest.map((r) => [r.intakeId, r.resultId]), [
          [firstA.intakeId, secondA.resultId],
          [onlyB.intakeId, onlyB.resultId],
        ]);
        assert.deepEqual(latest[0]!.record, reviewed);
        assert.ok(latest[0]!.createdAt >= latest[1]!.createdAt);

        assert.deepEqual((await intake.latestResults({ limit: 1 })).map((r) => r.resultId), [secondA.resultId]);
        const since = new Date(latest[0]!.createdAt.getTime() + 1);
        assert.deepEqual(await intake.latestResults({ since }), []);
        const sinceB = await intake.latestResults({ since: latest[1]!.createdAt });
        assert.deepEqual(sinceB.map((r) => r.resultId), [secondA.resultId, onlyB.resultId]);
      });
    });

    test('raw bytes come back exactly, zero bytes and every byte value included', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const bytes = Buffer.concat([Buffer.from([0x00, 0x00, 0xff, 0x00]), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(64 * 1024)]);
        const stored = await intake.storeTriage(email(bytes, { channel: 'letter', source: 'scan.tif' }));
        const item = await intake.getIntake(stored.intakeId);
        assert.ok(item?.raw);
        assert.ok(Buffer.isBuffer(item.raw));
        assert.equal(Buffer.compare(item.raw, bytes), 0);
      });
    });

    test('an item whose bytes disclosed an authentication code is stored without them', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        const stored = await intake.storeTriage(
          email(MAIL, { raw: null, rawWithheldReason: 'auth-code-disclosed', record: makeRecord({ flags: ['auth-code-disclosed'], needsReview: true }) }),
        );
        const item = await intake.getIntake(stored.intakeId);
        assert.equal(item?.raw, null);
        assert.equal(item?.rawWithheldReason, 'auth-code-disclosed');
        assert.equal(item?.rawSize, MAIL.length);
        const [stored1] = (await intake.auditTrail(stored.intakeId)).map((e) => e.details);
        assert.equal(stored1?.rawWithheld, true);
      });
    });

    test('an unknown intake id finds nothing', async () => {
      await withDatabase(backend, async ({ db }) => {
        const intake = createIntakeRepository(db);
        assert.equal(await intake.getIntake('not-a-uuid'), null);
        assert.equal(await intake.getIntake('00000000-0000-4000-8000-000000000000'), null);
        assert.deepEqual(await intake.auditTrail('not-a-uuid'), []);
      });
    });
  });
}
