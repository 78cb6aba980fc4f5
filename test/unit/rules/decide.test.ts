import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../src/rules/decide.js';
import { createRegistry, type Registry } from '../../../src/members/registry.js';
import type { Member } from '../../../src/members/member.js';
import type { Channel, Flag, PostalAddress, ReplyAddress } from '../../../src/contract/triage-result.js';
import type { Evidence, Extracted, ExtractedFields } from '../../../src/extract/extracted-fields.js';

// ---------------------------------------------------------------------------------------------
// Invented registry (numbers carry correct check digits; see insurance-number.test.ts).
// ---------------------------------------------------------------------------------------------

const JUERGEN: Member = {
  insuranceNumber: 'B204815732',
  firstName: 'Jürgen',
  lastName: 'Müller-Lüdenscheidt',
  street: 'Lerchenweg 11',
  postalCode: '48149',
  city: 'Münster',
  portalAccount: false,
};
const ERIKA: Member = {
  insuranceNumber: 'C315926846',
  firstName: 'Erika',
  lastName: 'Weißenfels',
  street: 'Heidestraße 17',
  postalCode: '34117',
  city: 'Kassel',
  portalAccount: true,
};
const ANDRE: Member = {
  insuranceNumber: 'D402139578',
  firstName: 'André',
  lastName: 'Köhler',
  street: 'Am Markt 3a',
  postalCode: '99084',
  city: 'Erfurt',
  portalAccount: false,
};
const HANNELORE: Member = {
  insuranceNumber: 'E527184068',
  firstName: 'Hannelore',
  lastName: 'Strauß',
  street: 'Ulmenstraße 12-14',
  postalCode: '04109',
  city: 'Leipzig',
  portalAccount: false,
};
const LI_MA: Member = {
  insuranceNumber: 'F639204158',
  firstName: 'Li',
  lastName: 'Ma',
  street: 'Talstraße 3',
  postalCode: '66111',
  city: 'Saarbrücken',
  portalAccount: false,
};

const REGISTRY: Registry = createRegistry([JUERGEN, ERIKA, ANDRE, HANNELORE, LI_MA]);
const OPTIONS = { reviewConfidence: 0.6 };
const SURE = 0.95;
const UNSURE = 0.4;

/** A valid number that is in no registry entry. */
const UNKNOWN_VALID_NUMBER = 'G710362481';
/** Right shape, wrong check digit. */
const INVALID_NUMBER = 'A123456789';

const OTHER_ADDRESS: PostalAddress = { street: 'Deichweg 5', postalCode: '26721', city: 'Emden' };

// ---------------------------------------------------------------------------------------------
// Factory for ExtractedFields.
// ---------------------------------------------------------------------------------------------

interface Spec {
  name: string | null;
  address: PostalAddress | null;
  number: string | null;
  /** Defaults to true when a number is given, null otherwise. */
  valid: boolean | null;
  signature: boolean | null;
  confidence: Partial<Record<'name' | 'address' | 'number' | 'signature', number>>;
  addressChange: boolean;
  representative: boolean;
  healthData: boolean;
  authCode: boolean;
  personalData: string[];
  unreadable: boolean;
}

const EV: Evidence = { source: 'body', rule: 'test' };

function extracted<T>(value: T, confidence: number): Extracted<T> {
  return { value, confidence, evidence: [EV] };
}

function fields(spec: Partial<Spec> = {}): ExtractedFields {
  const c = spec.confidence ?? {};
  const number = spec.number ?? null;
  return {
    name: spec.name ? extracted(spec.name, c.name ?? SURE) : null,
    address: spec.address ? extracted(spec.address, c.address ?? SURE) : null,
    insuranceNumber: number ? extracted(number, c.number ?? SURE) : null,
    insuranceNumberValid: spec.valid !== undefined ? spec.valid : number ? true : null,
    signature: spec.signature === undefined || spec.signature === null ? null : extracted(spec.signature, c.signature ?? SURE),
    authCodeDisclosed: spec.authCode ? { source: 'body', rule: 'auth-code.disclosed' } : null,
    intents: {
      addressChange: spec.addressChange ? { source: 'body', rule: 'intent.address-change' } : null,
      representative: spec.representative ? { source: 'body', rule: 'intent.representative' } : null,
      dataAccess: null,
      healthData: spec.healthData ? { source: 'body', rule: 'intent.health-data' } : null,
    },
    personalData: spec.personalData ?? [],
    unreadable: spec.unreadable ?? false,
  };
}

function registeredAddress(m: Member): PostalAddress {
  return { street: m.street, postalCode: m.postalCode, city: m.city };
}

/** The member writes with their registered name, address and number, and signs. */
function writtenBy(m: Member, over: Partial<Spec> = {}): ExtractedFields {
  return fields({
    name: `${m.firstName} ${m.lastName}`,
    address: registeredAddress(m),
    number: m.insuranceNumber,
    signature: true,
    ...over,
  });
}

/** Someone the registry does not know, with complete details. */
function stranger(over: Partial<Spec> = {}): ExtractedFields {
  return fields({ name: 'Ole Frerichs', address: OTHER_ADDRESS, number: UNKNOWN_VALID_NUMBER, signature: true, ...over });
}

function postTo(m: Member): ReplyAddress {
  return { name: `${m.firstName} ${m.lastName}`, street: m.street, postalCode: m.postalCode, city: m.city };
}

const CHANNELS: Channel[] = ['letter', 'contact-form', 'email'];

// ---------------------------------------------------------------------------------------------

describe('channel security', () => {
  const table: { channel: Channel; security: 'secure' | 'insecure' }[] = [
    { channel: 'letter', security: 'secure' },
    { channel: 'contact-form', security: 'secure' },
    { channel: 'email', security: 'insecure' },
  ];
  for (const row of table) {
    it(`a ${row.channel} counts as ${row.security}`, () => {
      assert.equal(decide(row.channel, writtenBy(JUERGEN), REGISTRY, OPTIONS).channelSecurity, row.security);
    });
  }
});

describe('member identification', () => {
  const table: {
    title: string;
    f: ExtractedFields;
    registry: Registry | null;
    status: 'matched' | 'mismatch' | 'not-found' | 'no-registry';
    memberNumber: string | null;
    flag: Flag | null;
  }[] = [
    {
      title: 'a valid registered number with the registered name is matched',
      f: writtenBy(JUERGEN),
      registry: REGISTRY,
      status: 'matched',
      memberNumber: JUERGEN.insuranceNumber,
      flag: null,
    },
    {
      title: 'a number registered to another name is a mismatch',
      f: writtenBy(JUERGEN, { name: 'Gisela Brandt' }),
      registry: REGISTRY,
      status: 'mismatch',
      memberNumber: JUERGEN.insuranceNumber,
      flag: 'member-mismatch',
    },
    {
      title: "someone writing with another member's number and their own name is a mismatch",
      f: writtenBy(ERIKA, { number: ANDRE.insuranceNumber }),
      registry: REGISTRY,
      status: 'mismatch',
      memberNumber: ANDRE.insuranceNumber,
      flag: 'member-mismatch',
    },
    {
      title: 'no number but name and address of a member is a mismatch',
      f: writtenBy(HANNELORE, { number: null }),
      registry: REGISTRY,
      status: 'mismatch',
      memberNumber: HANNELORE.insuranceNumber,
      flag: 'member-mismatch',
    },
    {
      title: 'an invalid number with name and address of a member is a mismatch',
      f: writtenBy(HANNELORE, { number: INVALID_NUMBER, valid: false }),
      registry: REGISTRY,
      status: 'mismatch',
      memberNumber: HANNELORE.insuranceNumber,
      flag: 'member-mismatch',
    },
    {
      title: "a member's number with a failing check digit is never matched, even with the right name",
      f: writtenBy(ANDRE, { valid: false, address: OTHER_ADDRESS }),
      registry: REGISTRY,
      status: 'not-found',
      memberNumber: null,
      flag: 'member-not-found',
    },
    {
      title: 'an unknown number with an unknown name is not found',
      f: stranger(),
      registry: REGISTRY,
      status: 'not-found',
      memberNumber: null,
      flag: 'member-not-found',
    },
    {
      title: "no number, a member's name but another address is not found",
      f: writtenBy(ANDRE, { number: null, address: OTHER_ADDRESS }),
      registry: REGISTRY,
      status: 'not-found',
      memberNumber: null,
      flag: 'member-not-found',
    },
    {
      title: "no number, a member's address but another name is not found",
      f: writtenBy(ANDRE, { number: null, name: 'Gisela Brandt' }),
      registry: REGISTRY,
      status: 'not-found',
      memberNumber: null,
      flag: 'member-not-found',
    },
    {
      title: 'no number and no address is not found even with a registered name',
      f: writtenBy(ANDRE, { number: null, address: null }),
      registry: REGISTRY,
      status: 'not-found',
      memberNumber: null,
      flag: 'member-not-found',
    },
    {
      title: 'without a loaded registry the status is no-registry and no member flag is set',
      f: writtenBy(JUERGEN),
      registry: null,
      status: 'no-registry',
      memberNumber: null,
      flag: null,
    },
  ];
  for (const row of table) {
    it(row.title, () => {
      for (const channel of CHANNELS) {
        const d = decide(channel, row.f, row.registry, OPTIONS);
        assert.equal(d.member.status, row.status, channel);
        assert.equal(d.member.insuranceNumber, row.memberNumber, channel);
        const memberFlags = d.flags.filter((x) => x === 'member-mismatch' || x === 'member-not-found');
        assert.deepEqual(memberFlags, row.flag ? [row.flag] : [], channel);
      }
    });
  }
});

describe('name folding when matching against the registry', () => {
  const table: { written: string; member: Member; status: 'matched' | 'mismatch'; todo?: string }[] = [
    { written: 'Jürgen Müller-Lüdenscheidt', member: JUERGEN, status: 'matched' },
    { written: 'Juergen Mueller-Luedenscheidt', member: JUERGEN, status: 'matched' },
    { written: 'JÜRGEN MÜLLER-LÜDENSCHEIDT', member: JUERGEN, status: 'matched' },
    { written: 'jürgen müller-lüdenscheidt', member: JUERGEN, status: 'matched' },
    { written: 'Herr Dr. Jürgen Müller-Lüdenscheidt', member: JUERGEN, status: 'matched' },
    { written: 'Müller-Lüdenscheidt, Jürgen', member: JUERGEN, status: 'matched' },
    { written: 'Jürgen Müller Lüdenscheidt', member: JUERGEN, status: 'matched' },
    { written: 'Jürgen Müller', member: JUERGEN, status: 'matched' },
    { written: 'Hannelore Strauss', member: HANNELORE, status: 'matched' },
    { written: 'Frau Hannelore Strauß', member: HANNELORE, status: 'matched' },
    { written: 'Strauss, Hannelore', member: HANNELORE, status: 'matched' },
    { written: 'Andre Köhler', member: ANDRE, status: 'matched' },
    { written: 'Andre Koehler', member: ANDRE, status: 'matched' },
    { written: 'Prof. Dr. med. André Köhler', member: ANDRE, status: 'matched' },
    { written: 'Erika Weissenfels', member: ERIKA, status: 'matched' },
    { written: 'Li Ma', member: LI_MA, status: 'matched' },
    { written: 'Jörg Müller-Lüdenscheidt', member: JUERGEN, status: 'mismatch' },
    { written: 'Müller-Lüdenscheidt', member: JUERGEN, status: 'mismatch' },
    { written: 'Jürgen Schulte', member: JUERGEN, status: 'mismatch' },
    { written: 'Hannelore Strauß-Berger', member: HANNELORE, status: 'mismatch' },
    { written: 'Andrea Köhler', member: ANDRE, status: 'mismatch' },
  ];
  for (const row of table) {
    const title = `"${row.written}" with the number of ${row.member.firstName} ${row.member.lastName} is ${row.status}`;
    it(title, row.todo ? { todo: row.todo } : {}, () => {
      const d = decide('contact-form', writtenBy(row.member, { name: row.written }), REGISTRY, OPTIONS);
      assert.equal(d.member.status, row.status);
    });
  }
});

describe('authentication', () => {
  const table: { title: string; channel: Channel; f: ExtractedFields; authenticated: boolean }[] = [
    { title: 'a signed letter from a matched member at the registered address is authenticated', channel: 'letter', f: writtenBy(JUERGEN), authenticated: true },
    {
      title: 'a signed letter whose address differs only in spelling ("Heidestr. 17", "kassel") is authenticated',
      channel: 'letter',
      f: writtenBy(ERIKA, { address: { street: 'Heidestr. 17', postalCode: '34117', city: 'kassel' } }),
      authenticated: true,
    },
    { title: 'an unsigned letter from a matched member is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { signature: false }), authenticated: false },
    { title: 'a letter with no signature reading at all is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { signature: null }), authenticated: false },
    { title: 'a signed letter from a matched member at another address is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { address: OTHER_ADDRESS }), authenticated: false },
    { title: 'a signed letter from a matched member without any address is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { address: null }), authenticated: false },
    {
      title: 'a signed letter with the registered street and postcode but no city is not authenticated',
      channel: 'letter',
      f: writtenBy(JUERGEN, { address: { street: JUERGEN.street, postalCode: JUERGEN.postalCode, city: null } }),
      authenticated: false,
    },
    { title: 'a signed letter with a mismatched name is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { name: 'Gisela Brandt' }), authenticated: false },
    { title: 'a signed letter with no number but name and address of a member is not authenticated', channel: 'letter', f: writtenBy(JUERGEN, { number: null }), authenticated: false },
    { title: 'a signed letter from a stranger is not authenticated', channel: 'letter', f: stranger(), authenticated: false },
    { title: 'a contact form from a matched member at the registered address is authenticated', channel: 'contact-form', f: writtenBy(ANDRE, { signature: null }), authenticated: true },
    { title: 'a contact form from a matched member at another address is not authenticated', channel: 'contact-form', f: writtenBy(ANDRE, { signature: null, address: OTHER_ADDRESS }), authenticated: false },
    { title: 'a contact form from a matched member without an address is not authenticated', channel: 'contact-form', f: writtenBy(ANDRE, { signature: null, address: null }), authenticated: false },
    { title: 'a contact form with a number registered to another name is not authenticated', channel: 'contact-form', f: writtenBy(ANDRE, { name: 'Andrea Köhler' }), authenticated: false },
    { title: 'an email from a matched member at the registered address is never authenticated', channel: 'email', f: writtenBy(ERIKA), authenticated: false },
    { title: 'an email with a signed scan from a matched member is never authenticated', channel: 'email', f: writtenBy(JUERGEN, { signature: true }), authenticated: false },
  ];
  for (const row of table) {
    it(row.title, () => {
      assert.equal(decide(row.channel, row.f, REGISTRY, OPTIONS).authenticated, row.authenticated);
    });
  }

  it('nobody is authenticated when no registry is loaded', () => {
    for (const channel of CHANNELS) assert.equal(decide(channel, writtenBy(JUERGEN), null, OPTIONS).authenticated, false, channel);
  });

  const lowFields: { field: 'name' | 'address' | 'number' | 'signature'; channels: Channel[] }[] = [
    { field: 'name', channels: ['letter', 'contact-form'] },
    { field: 'address', channels: ['letter', 'contact-form'] },
    { field: 'number', channels: ['letter', 'contact-form'] },
    { field: 'signature', channels: ['letter'] },
  ];
  for (const row of lowFields) {
    for (const channel of row.channels) {
      it(`a ${channel} whose ${row.field} was read below the review confidence is not authenticated and needs review`, () => {
        const d = decide(channel, writtenBy(ANDRE, { confidence: { [row.field]: UNSURE } }), REGISTRY, OPTIONS);
        assert.equal(d.authenticated, false);
        assert.equal(d.needsReview, true);
      });
    }
  }

  it('a field read exactly at the review confidence is acted on', () => {
    const at = OPTIONS.reviewConfidence;
    const d = decide('letter', writtenBy(ANDRE, { confidence: { name: at, address: at, number: at, signature: at } }), REGISTRY, OPTIONS);
    assert.equal(d.authenticated, true);
    assert.equal(d.needsReview, false);
  });
});

describe('reply routing', () => {
  const table: { title: string; channel: Channel; f: ExtractedFields; registry: Registry | null; reply: { channel: 'post' | 'portal' | 'none'; address: ReplyAddress | null } }[] = [
    ...CHANNELS.map((channel) => ({
      title: `a matched member with a portal account is answered through the portal (${channel})`,
      channel,
      f: writtenBy(ERIKA),
      registry: REGISTRY,
      reply: { channel: 'portal' as const, address: null },
    })),
    {
      title: 'a matched member without a portal account is answered by post to the registered address',
      channel: 'letter',
      f: writtenBy(JUERGEN),
      registry: REGISTRY,
      reply: { channel: 'post', address: postTo(JUERGEN) },
    },
    {
      title: 'a matched member who writes another address is still answered at the registered address (letter)',
      channel: 'letter',
      f: writtenBy(JUERGEN, { address: OTHER_ADDRESS, addressChange: true }),
      registry: REGISTRY,
      reply: { channel: 'post', address: postTo(JUERGEN) },
    },
    {
      title: 'a matched member who writes another address is still answered at the registered address (contact form)',
      channel: 'contact-form',
      f: writtenBy(ANDRE, { address: OTHER_ADDRESS, signature: null }),
      registry: REGISTRY,
      reply: { channel: 'post', address: postTo(ANDRE) },
    },
    {
      title: 'a matched member writing by email is answered by post to the registered address',
      channel: 'email',
      f: writtenBy(ANDRE, { address: null, signature: null }),
      registry: REGISTRY,
      reply: { channel: 'post', address: postTo(ANDRE) },
    },
    {
      title: 'a matched member who wrote their name with salutation gets post addressed with the registered name',
      channel: 'letter',
      f: writtenBy(HANNELORE, { name: 'Frau Hannelore Strauss' }),
      registry: REGISTRY,
      reply: { channel: 'post', address: postTo(HANNELORE) },
    },
    {
      title: 'an unknown sender of a letter with a complete address is answered by post to that address',
      channel: 'letter',
      f: stranger(),
      registry: REGISTRY,
      reply: { channel: 'post', address: { name: 'Ole Frerichs', ...OTHER_ADDRESS } },
    },
    {
      title: 'an unknown sender of a contact form with a complete address is answered by post to that address',
      channel: 'contact-form',
      f: stranger({ signature: null }),
      registry: REGISTRY,
      reply: { channel: 'post', address: { name: 'Ole Frerichs', ...OTHER_ADDRESS } },
    },
    {
      title: 'a letter without a registry but with a complete address is answered by post to that address',
      channel: 'letter',
      f: writtenBy(JUERGEN),
      registry: null,
      reply: { channel: 'post', address: { name: 'Jürgen Müller-Lüdenscheidt', street: JUERGEN.street, postalCode: JUERGEN.postalCode, city: JUERGEN.city } },
    },
    {
      title: "a letter using another member's number is answered at the written address, never at that member's",
      channel: 'letter',
      f: stranger({ number: JUERGEN.insuranceNumber }),
      registry: REGISTRY,
      reply: { channel: 'post', address: { name: 'Ole Frerichs', ...OTHER_ADDRESS } },
    },
    {
      title: 'an unknown letter writer without a street has no secure reply route',
      channel: 'letter',
      f: stranger({ address: { street: null, postalCode: '26721', city: 'Emden' } }),
      registry: REGISTRY,
      reply: { channel: 'none', address: null },
    },
    {
      title: 'an unknown letter writer without any address has no secure reply route',
      channel: 'letter',
      f: stranger({ address: null }),
      registry: REGISTRY,
      reply: { channel: 'none', address: null },
    },
    {
      title: 'an email from an unknown sender has no secure reply route even with an address in the text',
      channel: 'email',
      f: stranger(),
      registry: REGISTRY,
      reply: { channel: 'none', address: null },
    },
    {
      title: 'an email without a registry has no secure reply route',
      channel: 'email',
      f: writtenBy(ERIKA),
      registry: null,
      reply: { channel: 'none', address: null },
    },
    {
      title: 'an email with a number registered to another name has no secure reply route',
      channel: 'email',
      f: writtenBy(JUERGEN, { name: 'Gisela Brandt' }),
      registry: REGISTRY,
      reply: { channel: 'none', address: null },
    },
  ];
  for (const row of table) {
    it(row.title, () => {
      const d = decide(row.channel, row.f, row.registry, OPTIONS);
      assert.deepEqual(d.reply, row.reply);
      assert.equal(d.flags.includes('no-secure-reply-route'), row.reply.channel === 'none');
      if (row.reply.channel === 'none') assert.equal(d.needsReview, true);
    });
  }
});

describe('flags: each one is set by its trigger', () => {
  // A sender with everything in order and no registry: no flags, nothing to review.
  const clean = (over: Partial<Spec> = {}) => stranger(over);

  const table: { title: string; channel: Channel; f: ExtractedFields; registry: Registry | null; flags: Flag[]; needsReview: boolean }[] = [
    { title: 'a complete contact form without a registry raises no flag', channel: 'contact-form', f: clean({ signature: null }), registry: null, flags: [], needsReview: false },
    { title: 'a complete signed letter without a registry raises no flag', channel: 'letter', f: clean(), registry: null, flags: [], needsReview: false },
    { title: 'no sender name sets missing-name', channel: 'contact-form', f: clean({ name: null }), registry: null, flags: ['missing-name'], needsReview: true },
    { title: 'a letter from a matched member without a written address sets missing-address', channel: 'letter', f: writtenBy(JUERGEN, { address: null }), registry: REGISTRY, flags: ['missing-address'], needsReview: true },
    {
      title: 'a contact form from a matched member with an address lacking the postcode sets missing-address',
      channel: 'contact-form',
      f: writtenBy(ERIKA, { address: { street: ERIKA.street, postalCode: null, city: ERIKA.city } }),
      registry: REGISTRY,
      flags: ['missing-address'],
      needsReview: true,
    },
    { title: 'an email without an address does not set missing-address', channel: 'email', f: writtenBy(ERIKA, { address: null }), registry: REGISTRY, flags: [], needsReview: false },
    { title: 'no insurance number sets missing-insurance-number', channel: 'contact-form', f: clean({ number: null }), registry: null, flags: ['missing-insurance-number'], needsReview: true },
    { title: 'a number whose check digit fails sets invalid-insurance-number', channel: 'contact-form', f: clean({ number: INVALID_NUMBER, valid: false }), registry: null, flags: ['invalid-insurance-number'], needsReview: true },
    { title: 'an unsigned letter sets missing-signature', channel: 'letter', f: clean({ signature: false }), registry: null, flags: ['missing-signature'], needsReview: true },
    { title: 'a contact form without a signature does not set missing-signature', channel: 'contact-form', f: clean({ signature: null }), registry: null, flags: [], needsReview: false },
    { title: 'an unknown sender against a registry sets member-not-found', channel: 'letter', f: clean(), registry: REGISTRY, flags: ['member-not-found'], needsReview: true },
    { title: 'a number registered to another name sets member-mismatch', channel: 'letter', f: writtenBy(JUERGEN, { name: 'Gisela Brandt' }), registry: REGISTRY, flags: ['member-mismatch'], needsReview: true },
    { title: 'a reported new address in a signed letter sets address-change-request only, which alone needs no review', channel: 'letter', f: clean({ addressChange: true }), registry: null, flags: ['address-change-request'], needsReview: false },
    {
      title: 'a reported new address in a contact form also sets address-change-insecure-channel',
      channel: 'contact-form',
      f: clean({ addressChange: true, signature: null }),
      registry: null,
      flags: ['address-change-insecure-channel', 'address-change-request'],
      needsReview: true,
    },
    {
      title: 'a reported new address in an email also sets address-change-insecure-channel',
      channel: 'email',
      f: writtenBy(ERIKA, { addressChange: true }),
      registry: REGISTRY,
      flags: ['address-change-insecure-channel', 'address-change-request'],
      needsReview: true,
    },
    { title: 'writing on behalf of the insured person sets representative', channel: 'letter', f: clean({ representative: true }), registry: null, flags: ['representative'], needsReview: true },
    { title: 'a disclosed authentication code sets auth-code-disclosed', channel: 'contact-form', f: clean({ authCode: true, signature: null }), registry: null, flags: ['auth-code-disclosed'], needsReview: true },
    {
      title: 'personal data in an email from a matched member sets personal-data-insecure-channel only, which alone needs no review',
      channel: 'email',
      f: writtenBy(ERIKA, { personalData: ['insurance-number', 'health-data'], healthData: true }),
      registry: REGISTRY,
      flags: ['personal-data-insecure-channel'],
      needsReview: false,
    },
    {
      title: 'personal data in a contact form does not set personal-data-insecure-channel',
      channel: 'contact-form',
      f: clean({ personalData: ['insurance-number', 'postal-address'], signature: null }),
      registry: null,
      flags: [],
      needsReview: false,
    },
    {
      title: 'personal data in a letter does not set personal-data-insecure-channel',
      channel: 'letter',
      f: clean({ personalData: ['health-data'], healthData: true }),
      registry: null,
      flags: [],
      needsReview: false,
    },
    { title: 'an unreadable document sets unreadable', channel: 'letter', f: clean({ unreadable: true }), registry: null, flags: ['unreadable'], needsReview: true },
    { title: 'an email from an unknown sender sets no-secure-reply-route', channel: 'email', f: clean(), registry: null, flags: ['no-secure-reply-route'], needsReview: true },
    {
      title: 'an unreadable scan with nothing read sets every missing-field flag',
      channel: 'letter',
      f: fields({ unreadable: true }),
      registry: REGISTRY,
      flags: ['member-not-found', 'missing-address', 'missing-insurance-number', 'missing-name', 'missing-signature', 'no-secure-reply-route', 'unreadable'],
      needsReview: true,
    },
  ];
  for (const row of table) {
    it(row.title, () => {
      const d = decide(row.channel, row.f, row.registry, OPTIONS);
      assert.deepEqual([...d.flags].sort(), [...row.flags].sort());
      assert.equal(d.needsReview, row.needsReview);
    });
  }

  it('flags are reported without duplicates', () => {
    const d = decide('email', stranger({ addressChange: true, representative: true, authCode: true, personalData: ['x'] }), REGISTRY, OPTIONS);
    assert.equal(new Set(d.flags).size, d.flags.length);
  });
});

describe('needsReview from confidence', () => {
  const fieldsToLower: ('name' | 'address' | 'number')[] = ['name', 'address', 'number'];
  for (const field of fieldsToLower) {
    it(`a flag-free contact form needs review when its ${field} was read below the review confidence`, () => {
      const d = decide('contact-form', stranger({ signature: null, confidence: { [field]: UNSURE } }), null, OPTIONS);
      assert.deepEqual(d.flags, []);
      assert.equal(d.needsReview, true);
    });
  }

  it('a flag-free letter needs review when its signature was read below the review confidence', () => {
    const d = decide('letter', stranger({ confidence: { signature: UNSURE } }), null, OPTIONS);
    assert.deepEqual(d.flags, []);
    assert.equal(d.needsReview, true);
  });

  it('the same item with every field sure needs no review', () => {
    assert.equal(decide('contact-form', stranger({ signature: null }), null, OPTIONS).needsReview, false);
  });

  it('the review confidence comes from the options, not a fixed value', () => {
    const f = stranger({ signature: null, confidence: { name: 0.7 } });
    assert.equal(decide('contact-form', f, null, { reviewConfidence: 0.6 }).needsReview, false);
    assert.equal(decide('contact-form', f, null, { reviewConfidence: 0.8 }).needsReview, true);
  });
});

describe('signature reporting', () => {
  it('signaturePresent mirrors a handwritten signature that was read', () => {
    assert.equal(decide('letter', writtenBy(JUERGEN, { signature: true }), REGISTRY, OPTIONS).signaturePresent, true);
    assert.equal(decide('letter', writtenBy(JUERGEN, { signature: false }), REGISTRY, OPTIONS).signaturePresent, false);
    assert.equal(decide('contact-form', writtenBy(JUERGEN, { signature: null }), REGISTRY, OPTIONS).signaturePresent, false);
  });
});
