import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, matchMember, sameAddress } from '../../../src/members/registry.js';
import type { Member } from '../../../src/members/member.js';

const IDA: Member = { insuranceNumber: 'H881203650', firstName: 'Ida', lastName: 'Brenner', street: 'Lindenweg 12', postalCode: '12345', city: 'Teststadt', portalAccount: false };
const OLAF: Member = { insuranceNumber: 'K905147236', firstName: 'Olaf', lastName: 'Kern', street: 'Gartenweg 2', postalCode: '12345', city: 'Teststadt', portalAccount: true };
const GRETA: Member = { insuranceNumber: 'M128765406', firstName: 'Greta', lastName: 'Öztürk', street: 'Straße des Friedens 4', postalCode: '01067', city: 'Dresden', portalAccount: false };

const registry = createRegistry([IDA, OLAF, GRETA]);
const idasAddress = { street: IDA.street, postalCode: IDA.postalCode, city: IDA.city };

describe('the registry index', () => {
  it('counts members and finds them by number', () => {
    assert.equal(registry.size, 3);
    assert.equal(registry.byNumber.get('K905147236'), OLAF);
  });

  it('groups members sharing a postcode', () => {
    assert.deepEqual(registry.byPostalCode.get('12345'), [IDA, OLAF]);
    assert.deepEqual(registry.byPostalCode.get('01067'), [GRETA]);
  });
});

describe('the written address is the registered one', () => {
  const table: { title: string; written: { street: string | null; postalCode: string | null; city: string | null } | null; member: Member; same: boolean }[] = [
    { title: 'the exact registered address', written: idasAddress, member: IDA, same: true },
    { title: 'an abbreviated street and a lower-case town', written: { street: 'Lindenweg 12', postalCode: '12345', city: 'teststadt' }, member: IDA, same: true },
    { title: '"Str. des Friedens 4" written for "Straße des Friedens 4"', written: { street: 'Str. des Friedens 4', postalCode: '01067', city: 'Dresden' }, member: GRETA, same: true },
    { title: 'another house number', written: { street: 'Lindenweg 14', postalCode: '12345', city: 'Teststadt' }, member: IDA, same: false },
    { title: 'another postcode', written: { street: 'Lindenweg 12', postalCode: '12346', city: 'Teststadt' }, member: IDA, same: false },
    { title: 'another town', written: { street: 'Lindenweg 12', postalCode: '12345', city: 'Nebenort' }, member: IDA, same: false },
    { title: 'an address without a town', written: { street: 'Lindenweg 12', postalCode: '12345', city: null }, member: IDA, same: false },
    { title: 'an address without a street', written: { street: null, postalCode: '12345', city: 'Teststadt' }, member: IDA, same: false },
    { title: 'no address at all', written: null, member: IDA, same: false },
  ];
  for (const row of table) {
    it(`${row.title} is ${row.same ? '' : 'not '}the registered address`, () => {
      assert.equal(sameAddress(row.written, row.member), row.same);
    });
  }
});

describe('matching a sender to a member', () => {
  it('without a registry the outcome is no-registry', () => {
    assert.deepEqual(matchMember(null, { name: 'Ida Brenner', address: idasAddress, insuranceNumber: IDA.insuranceNumber, insuranceNumberValid: true }), {
      status: 'no-registry',
      member: null,
      via: null,
    });
  });

  it('a valid registered number and the registered name match by number and name', () => {
    const m = matchMember(registry, { name: 'Frau Ida Brenner', address: null, insuranceNumber: IDA.insuranceNumber, insuranceNumberValid: true });
    assert.equal(m.status, 'matched');
    assert.equal(m.member, IDA);
    assert.equal(m.via, 'number+name');
  });

  it('a registered number with another name is a mismatch by number', () => {
    const m = matchMember(registry, { name: 'Greta Öztürk', address: null, insuranceNumber: IDA.insuranceNumber, insuranceNumberValid: true });
    assert.equal(m.status, 'mismatch');
    assert.equal(m.member, IDA);
    assert.equal(m.via, 'number');
  });

  it('a registered number without any name is a mismatch by number', () => {
    const m = matchMember(registry, { name: null, address: null, insuranceNumber: IDA.insuranceNumber, insuranceNumberValid: true });
    assert.equal(m.status, 'mismatch');
    assert.equal(m.via, 'number');
  });

  it('a missing number with name and address of a member is a mismatch by name and address', () => {
    const m = matchMember(registry, { name: 'Ida Brenner', address: idasAddress, insuranceNumber: null, insuranceNumberValid: null });
    assert.equal(m.status, 'mismatch');
    assert.equal(m.member, IDA);
    assert.equal(m.via, 'name+address');
  });

  it("a member's own number flagged invalid is not used for matching", () => {
    const m = matchMember(registry, { name: 'Ida Brenner', address: null, insuranceNumber: IDA.insuranceNumber, insuranceNumberValid: false });
    assert.equal(m.status, 'not-found');
  });

  it('a neighbour at the same postcode does not match by name and address', () => {
    const m = matchMember(registry, { name: 'Olaf Kern', address: idasAddress, insuranceNumber: null, insuranceNumberValid: null });
    assert.equal(m.status, 'not-found');
    assert.equal(m.member, null);
  });

  it('an unknown number and an unknown person are not found', () => {
    const m = matchMember(registry, { name: 'Ole Frerichs', address: { street: 'Deichweg 5', postalCode: '26721', city: 'Emden' }, insuranceNumber: 'N230945189', insuranceNumberValid: true });
    assert.deepEqual(m, { status: 'not-found', member: null, via: null });
  });
});
