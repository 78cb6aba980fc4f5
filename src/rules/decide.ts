import {
  CHANNEL_SECURITY,
  INFORMATIONAL_FLAGS,
  type Channel,
  type Flag,
  type MemberStatus,
  type PostalAddress,
  type ReplyAddress,
  type ReplyChannel,
} from '../contract/triage-result.js';
import type { ExtractedFields } from '../extract/extracted-fields.js';
import { matchMember, sameAddress, type Registry } from '../members/registry.js';

export interface DecideOptions {
  /** Below this confidence an extracted field is not acted on: the item needs review and is never authenticated. */
  reviewConfidence: number;
}

export interface Decision {
  channelSecurity: 'secure' | 'insecure';
  member: { status: MemberStatus; insuranceNumber: string | null };
  authenticated: boolean;
  reply: { channel: ReplyChannel; address: ReplyAddress | null };
  flags: Flag[];
  needsReview: boolean;
  signaturePresent: boolean;
  /** One German sentence per rule outcome, for the case worker. */
  reasons: string[];
}

export const FLAG_REASONS: Record<Flag, string> = {
  'missing-name': 'Kein Absendername gefunden.',
  'missing-address': 'Brief oder Kontaktformular ohne Postanschrift des Absenders.',
  'missing-insurance-number': 'Keine Krankenversichertennummer gefunden.',
  'invalid-insurance-number': 'Die Krankenversichertennummer besteht die Prüfziffernprüfung nicht.',
  'missing-signature': 'Brief ohne handschriftliche Unterschrift.',
  'member-not-found': 'Kein passender Eintrag im Mitgliederverzeichnis.',
  'member-mismatch': 'Nummer oder Name und Anschrift passen nur teilweise zu einem Mitglied.',
  'address-change-request': 'Der Absender meldet eine neue Anschrift: prüfen, nicht einfach übernehmen.',
  'address-change-insecure-channel':
    'Adressänderung per E-Mail oder Kontaktformular: nur ein unterschriebener Brief, das Portal oder ein Besuch darf die Anschrift ändern.',
  representative: 'Jemand schreibt für die versicherte Person: Vollmacht oder Betreuerausweis prüfen.',
  'auth-code-disclosed': 'Die Nachricht enthält den persönlichen Authentifizierungscode: Code sperren und neu ausstellen, nie zurücksenden.',
  'personal-data-insecure-channel': 'Die unverschlüsselte E-Mail enthält Sozial- oder Gesundheitsdaten; die Antwort geht auf sicherem Weg.',
  unreadable: 'Aus dem Dokument ließ sich kein verwertbarer Text lesen.',
  'no-secure-reply-route': 'Kein sicherer Antwortweg (Portal oder Post) bekannt.',
};

function completeAddress(a: PostalAddress | null | undefined): a is PostalAddress & { street: string; postalCode: string; city: string } {
  return !!a && !!a.street && !!a.postalCode && !!a.city;
}

/** Pure: the contract's rules applied to extracted fields and the registry. */
export function decide(channel: Channel, fields: ExtractedFields, registry: Registry | null, options: DecideOptions): Decision {
  const flags = new Set<Flag>();
  const reasons: string[] = [];
  const sure = (f: { confidence: number } | null) => f !== null && f.confidence >= options.reviewConfidence;

  const name = fields.name?.value ?? null;
  const address = fields.address?.value ?? null;
  const number = fields.insuranceNumber?.value ?? null;
  const signaturePresent = fields.signature?.value === true;

  if (fields.unreadable) flags.add('unreadable');
  if (!name) flags.add('missing-name');
  if (channel !== 'email' && !completeAddress(address)) flags.add('missing-address');
  if (!number) flags.add('missing-insurance-number');
  else if (fields.insuranceNumberValid === false) flags.add('invalid-insurance-number');
  if (channel === 'letter' && !signaturePresent) flags.add('missing-signature');

  const match = matchMember(registry, { name, address, insuranceNumber: number, insuranceNumberValid: fields.insuranceNumberValid });
  if (match.status === 'not-found') flags.add('member-not-found');
  if (match.status === 'mismatch') {
    flags.add('member-mismatch');
    reasons.push(
      match.via === 'number'
        ? 'Die Nummer ist registriert, aber der Name stimmt nicht mit dem registrierten Namen überein.'
        : 'Nummer fehlt oder ist ungültig; Name und Anschrift passen zu einem Mitglied.',
    );
  }

  if (fields.intents.addressChange) {
    flags.add('address-change-request');
    if (channel !== 'letter') flags.add('address-change-insecure-channel');
  }
  if (fields.intents.representative) flags.add('representative');
  if (fields.authCodeDisclosed) flags.add('auth-code-disclosed');
  if (channel === 'email' && fields.personalData.length > 0) flags.add('personal-data-insecure-channel');

  // Identification beyond doubt: matched member, registered address written, signature on letters,
  // and every field it rests on read with enough confidence. Email never identifies.
  const matched = match.status === 'matched' ? match.member : null;
  let authenticated = false;
  if (matched && channel !== 'email' && sure(fields.name) && sure(fields.insuranceNumber) && sure(fields.address)) {
    const addressOk = sameAddress(address, matched);
    const signatureOk = channel !== 'letter' || (signaturePresent && sure(fields.signature));
    authenticated = addressOk && signatureOk;
    if (!addressOk) reasons.push('Die geschriebene Anschrift weicht von der registrierten ab.');
  }

  // Replies only by a secure way; the registered address wins over anything written.
  let reply: Decision['reply'];
  if (matched?.portalAccount) {
    reply = { channel: 'portal', address: null };
  } else if (matched) {
    reply = {
      channel: 'post',
      address: { name: `${matched.firstName} ${matched.lastName}`, street: matched.street, postalCode: matched.postalCode, city: matched.city },
    };
  } else if (channel !== 'email' && completeAddress(address)) {
    reply = { channel: 'post', address: { name, street: address.street, postalCode: address.postalCode, city: address.city } };
  } else {
    reply = { channel: 'none', address: null };
    flags.add('no-secure-reply-route');
  }

  const ordered = [...flags].sort();
  for (const f of ordered) reasons.push(FLAG_REASONS[f]);
  const lowConfidence = [fields.name, fields.address, fields.insuranceNumber, channel === 'letter' ? fields.signature : null].some(
    (f) => f !== null && f.confidence < options.reviewConfidence,
  );
  if (lowConfidence) reasons.push('Mindestens ein gelesenes Feld ist zu unsicher, um danach zu handeln.');
  const needsReview = lowConfidence || ordered.some((f) => !INFORMATIONAL_FLAGS.has(f));

  return {
    channelSecurity: CHANNEL_SECURITY[channel],
    member: { status: match.status, insuranceNumber: match.member?.insuranceNumber ?? null },
    authenticated,
    reply,
    flags: ordered,
    needsReview,
    signaturePresent,
    reasons,
  };
}
