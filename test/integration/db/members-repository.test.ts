import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Member } from '../../../src/members/member.js';
import { createMembersRepository } from '../../../src/members/members-repository.js';
import { backends, withDatabase } from './backends.js';

const JUERGEN: Member = {
  insuranceNumber: 'A123456780',
  firstName: 'Jürgen',
  lastName: 'Müßig',
  street: 'Königstraße 12',
  postalCode: '50667',
  city: 'Köln',
  portalAccount: true,
};
const AENNE: Member = {
  insuranceNumber: 'B987654321',
  firstName: 'Änne',
  lastName: 'Öztürk-Weiß',
  street: 'Am Grünen Weg 3a',
  postalCode: '80331',
  city: 'München',
  portalAccount: false,
};

for (const backend of backends()) {
  describe(`members on ${backend.name}`, () => {
    after(() => backend.shutdown());

    test('a member registry with umlauts and ß comes back exactly as imported', async () => {
      await withDatabase(backend, async ({ db }) => {
        const members = createMembersRepository(db);
        assert.equal(await members.replaceAll([AENNE, JUERGEN]), 2);
        assert.deepEqual(await members.list(), [JUERGEN, AENNE]);
        assert.equal(await members.count(), 2);
        assert.deepEqual(await members.findByInsuranceNumber('a 1234 56780'), JUERGEN);
        assert.equal(await members.findByInsuranceNumber('Z000000000'), null);
      });
    });

    test('a new registry export replaces the old one completely', async () => {
      await withDatabase(backend, async ({ db }) => {
        const members = createMembersRepository(db);
        await members.replaceAll([JUERGEN, AENNE]);
        const moved = { ...AENNE, street: 'Neue Straße 7', city: 'Nürnberg', postalCode: '90402' };
        await members.replaceAll([moved]);
        assert.deepEqual(await members.list(), [moved]);
      });
    });

    test('a registry import that fails halfway keeps the previous registry', async () => {
      await withDatabase(backend, async ({ db }) => {
        const members = createMembersRepository(db);
        await members.replaceAll([JUERGEN]);
        const broken = { ...AENNE, lastName: null } as unknown as Member;
        await assert.rejects(members.replaceAll([AENNE, broken, { ...AENNE, insuranceNumber: 'C111111111' }]));
        assert.deepEqual(await members.list(), [JUERGEN]);
      });
    });

    test('upserting members updates known ones and adds new ones, the last entry of a number winning', async () => {
      await withDatabase(backend, async ({ db }) => {
        const members = createMembersRepository(db);
        await members.upsertMany([JUERGEN]);
        const withPortal = { ...AENNE, portalAccount: true };
        const renamed = { ...JUERGEN, lastName: 'Müßig-Schäfer' };
        assert.equal(await members.upsertMany([{ ...JUERGEN, city: 'Düsseldorf' }, renamed, withPortal]), 2);
        assert.deepEqual(await members.list(), [renamed, withPortal]);
      });
    });

    test('a large registry is imported in one go', async () => {
      await withDatabase(backend, async ({ db }) => {
        const members = createMembersRepository(db);
        const many = Array.from({ length: 2500 }, (_, i) => ({ ...JUERGEN, insuranceNumber: `A${String(i).padStart(9, '0')}` }));
        assert.equal(await members.replaceAll(many), 2500);
        assert.equal(await members.count(), 2500);
      });
    });
  });
}
