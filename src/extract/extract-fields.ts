import type { PostalAddress } from '../contract/triage-result.js';
import type { Extracted, ExtractedFields } from './extracted-fields.js';
import { pickAddress, type InsurerFilter } from './find-address.js';
import { pickInsuranceNumber } from './find-insurance-number.js';
import { findIntents } from './find-intents.js';
import { findBlockName, findSignOff, findStatedName, readDisplayName, reconcileName } from './find-name.js';
import { isValidInsuranceNumber } from './insurance-number.js';
import type { ReadItem } from './read-item.js';
import { nameTokens } from '../members/name-folding.js';

const sameTokens = (name: string) => nameTokens(name).sort().join(' ');

export interface ExtractOptions {
  /** The insurer's own names and addresses: never taken as the sender's. */
  insurer: InsurerFilter;
}

function formAddress(item: ReadItem): Extracted<PostalAddress> | null {
  const a = item.form?.address;
  if (!a || (!a.street && !a.postalCode && !a.city)) return null;
  const value: PostalAddress = { street: a.street ?? null, postalCode: a.postalCode ?? null, city: a.city ?? null };
  const complete = value.street !== null && value.postalCode !== null && value.city !== null;
  return { value, confidence: complete ? 0.97 : 0.6, evidence: [{ source: 'form:address', rule: 'form.fields' }] };
}

function complete(a: PostalAddress | undefined | null): boolean {
  return !!a && a.street !== null && a.postalCode !== null && a.city !== null;
}

/** Pure: finds name, address, insurance number, intents and personal data in what a reader produced. */
export function extractFields(item: ReadItem, options: ExtractOptions): ExtractedFields {
  const own = item.sources.filter((s) => s.role === 'own');

  // Name: form fields first, then what the sender wrote, then the From header.
  let name: Extracted<string> | null = null;
  if (item.form?.name) name = { value: item.form.name, confidence: 0.97, evidence: [{ source: 'form:name', rule: 'form.fields' }] };
  if (!name) {
    const signOff = own.map(findSignOff).find((x) => x !== null) ?? null;
    const stated = own.map(findStatedName).find((x) => x !== null) ?? null;
    const display = readDisplayName(item.fromDisplay?.display);
    name = reconcileName(signOff, stated, display, item.fromDisplay?.evidence ?? null);
    if (!name && item.channel !== 'email') {
      const docs = item.sources.filter((s) => s.role === 'document');
      const docSign = docs.map(findSignOff).find((x) => x !== null) ?? null;
      name = reconcileName(docSign, null, { kind: 'none', value: null }, null);
    }
  }

  // Address: complete form fields win; the message fills the gaps.
  let address = formAddress(item);
  if (!address || !complete(address.value)) {
    const fromText = pickAddress(item.sources, options.insurer);
    if (fromText && (!address || complete(fromText.value))) address = fromText;
  }

  // A letter's sender block names the sender when the sign-off does not (a stamp, a bare first
  // name) or disagrees with it: under the closing the pen often runs over the typed name.
  if (item.channel === 'letter' && address?.evidence[0]?.start !== undefined) {
    const ev = address.evidence[0];
    const src = item.sources.find((s) => s.id === ev.source);
    const block = src ? findBlockName(src, ev.start!) : null;
    if (block && (!name || !name.value.includes(' ') || sameTokens(name.value) !== sameTokens(block.name))) {
      name = { value: block.name, confidence: 0.85, evidence: [block.evidence] };
    }
  }

  // Insurance number: a well-formed form field wins, else the texts.
  let insuranceNumber: Extracted<string> | null = null;
  let insuranceNumberValid: boolean | null = null;
  if (item.form?.insuranceNumber) {
    insuranceNumber = { value: item.form.insuranceNumber, confidence: 0.97, evidence: [{ source: 'form:insuranceNumber', rule: 'form.fields' }] };
    insuranceNumberValid = isValidInsuranceNumber(item.form.insuranceNumber);
  }
  if (!insuranceNumber || !insuranceNumberValid) {
    const fromText = pickInsuranceNumber(item.sources);
    if (fromText && (!insuranceNumber || fromText.valid)) {
      insuranceNumber = fromText.number;
      insuranceNumberValid = fromText.valid;
    }
  }

  const intents = findIntents(item.sources);
  const personalData: string[] = [];
  if (insuranceNumber) personalData.push('insurance-number');
  if (address) personalData.push('postal-address');
  if (item.authCodes.length > 0) personalData.push('authentication-code');
  if (intents.healthData) personalData.push('health-data');
  if (item.facts.attachments.some((a) => a.handling !== 'ignored')) personalData.push('attached-document');

  return {
    name,
    address,
    insuranceNumber,
    insuranceNumberValid,
    signature: item.signature,
    authCodeDisclosed: item.authCodes[0] ?? null,
    intents,
    personalData,
    unreadable: item.unreadable,
  };
}
