import type { PostalAddress } from '../contract/triage-result.js';
import { foldStreet } from '../members/name-folding.js';
import type { Extracted } from './extracted-fields.js';
import { asDigits } from './ocr-lookalikes.js';
import { evidenceAt, lineStart, regionAt, type LetterRegion, type TextSource } from './text-source.js';

/** An address that belongs to the insurer itself and is never the sender's. */
export interface InsurerAddress {
  street: string;
  postalCode: string;
}

/** The insurer's own names and addresses. */
export interface InsurerFilter {
  names: string[];
  addresses: InsurerAddress[];
}

function namesPattern(names: string[]): RegExp | null {
  const parts = names.filter(Boolean).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return parts.length ? new RegExp(`(?<![\\p{L}])(?:${parts.join('|')})(?![\\p{L}])`, 'u') : null;
}

const CITY_PREFIX = '(?:Bad|Sankt|St\\.|Groß|Klein|Neu|Alt|Hansestadt|Lutherstadt)[ \\t]+';
const CITY_WORD = "[A-ZÄÖÜ][\\p{L}'’]+(?:-[A-ZÄÖÜa-zäöü][\\p{L}]+)*";
const CITY_TAIL =
  '(?:[ \\t]+(?:am|an[ \\t]+der|im|in[ \\t]+der|ob[ \\t]+der|bei|vor[ \\t]+der|a\\.[ \\t]?d\\.|i\\.[ \\t]?)[ \\t]*[A-ZÄÖÜ][\\p{L}]+|[ \\t]*\\([A-ZÄÖÜ][\\p{L} .]+\\)|[ \\t]*\\/[ \\t]*[A-ZÄÖÜ][\\p{L}]+)?';
// A second capitalised word ("Bergisch Gladbach") only where the line or the part ends after it,
// so a sentence going on after the town ("40721 Hilden Meine …") does not become its name; never
// in capitals, nor across a wide gap (OCR lines join far-apart words with a tab), which is a stamp
// beside the line ("59069 Hamm      EINGEGANGEN"), not the town.
const CITY_SECOND_WORD = `(?: [A-ZÄÖÜ][\\p{Ll}'’]+(?:-[A-ZÄÖÜa-zäöü][\\p{Ll}]+)*(?=[ \\t]*(?:\\n|$|[,;·•|]|[ \\t][-–+:][ \\t])))?`;
// Not after an area code ("Tel. 0641 30582"): that is a telephone number, not a postcode.
const POSTCODE_CITY = new RegExp(`(?<![\\p{L}\\d.,:/+-])(?<!\\b0\\d{2,5}[ \\t/-]?)(?:D-?[ \\t]?)?(\\d{5})[ \\t]+((?:${CITY_PREFIX})?${CITY_WORD}${CITY_SECOND_WORD}${CITY_TAIL})`, 'gu');

// In OCR text a postcode digit may come out as its look-alike letter ("4O210 Düsseldorf").
const POSTCODE_CITY_OCR = new RegExp(POSTCODE_CITY.source.replace('(\\d{5})', '([\\dOoIlSB]{5})'), 'gu');

/** The postcode an OCR reading stands for, or null when fewer than four of its characters are digits. */
function readPostcode(raw: string): { code: string; repaired: boolean } | null {
  if (/^\d{5}$/.test(raw)) return { code: raw, repaired: false };
  if ((raw.match(/\d/g) ?? []).length < 4) return null;
  return { code: asDigits(raw), repaired: true };
}

const HOUSE_NUMBER = '\\d{1,4}[ \\t]?[a-zA-Z]?(?:[ \\t]?[-–\\/][ \\t]?\\d{1,4}[ \\t]?[a-zA-Z]?)?';
// A day's number may stand inside a street's name ("Straße des 17. Juni 112"); "am 1. Mai 2026" is a date.
const STREET_PATTERN = new RegExp(`^((?:[A-ZÄÖÜ]|\\d{1,2}\\.[ \\t]?)[\\p{L}.\\-'’]*(?:[ \\t]+(?:[\\p{L}.\\-'’]+|\\d{1,2}\\.(?=[ \\t]+\\p{Lu}))){0,5})[ \\t]*(${HOUSE_NUMBER})$`, 'u');
const STREET = {
  exec(s: string): RegExpExecArray | null {
    const m = STREET_PATTERN.exec(s);
    return m && /\d\.[ \t]/u.test(m[1]!) && /^\d{4}/.test(m[2]!) ? null : m;
  },
};
const POSTBOX = /^(Postfach)[ \t]+(\d[\d \t]{1,12}\d)$/u;
const NOT_A_STREET = /\b(tel|telefon|fax|mobil|handy|kv|vers|nr|nummer|versichertennummer|iban|bic|konto|plz|az|aktenzeichen|zeichen|datum|geb|geboren)\b/iu;
// "Straße" is a lead-in only as a field label ("Straße: Hauptstr. 5"): "Straße der Einheit 5" is a street.
// A sentence's start is one too ("Ich wohne Am Markt 3a", "Meine neue Adresse ist …", "Vorher
// wohnte ich im …"): a pronoun or time word never begins a street's name, a preposition may ("Am Markt").
const LEAD_IN = /^(?:(?:[\p{Ll}][\p{L}\-]*|[A-ZÄÖÜ][\p{Ll}]*(?:anschrift|adresse)|Anschrift|Adresse|Wohnort|Ich|Wir|Meine?|Unsere?|My|Our|Vorher|Früher|Bisher|Jetzt|Nun|Seit)[ \t:]+|(?:Straße|Strasse)[ \t]*:[ \t]*)+/u;
const ENDS_WITH_TOWN = /(?<!\d)\d{5}[ \t]+\p{Lu}[\p{L} .()\-]*$/u;
// "von der A, 01067 Dresden in die B, …": right after another address, "in die" or "nach" leads to the new one.
const NEW_ADDRESS_CUE = /neue[nr]?\s+(?:Wohn)?(?:anschrift|adresse)|umgezogen\s+(?:nach|in)|neue\s+Wohnung|wohne\s+(?:jetzt|nun|ab)|^[\s,]*(?:in\s+die|nach)\s*$/iu;
// Lower-case words that stand inside a street's name ("Straße der Einheit", "Am alten Markt").
const STREET_PARTICLE = /^(?:der|des|den|dem|am|im|an|auf|zum|zur|zu|von|vom|vor|bei|unter|ob|alten|alte|hohen|hohe|langen|lange|neuen|neue|kleinen|großen|oberen|unteren)$/u;

/**
 * The street at the end of a long sentence that began with other details ("… ist A123456780 und
 * ich wohne in der Kirchgasse 27"): the longest tail from a capitalised word on that reads as a
 * street, follows a sentence's word and carries no sentence words itself.
 */
function streetAtEnd(s: string): string | null {
  for (const at of s.matchAll(/(?<=^|[ \t])(?=[A-ZÄÖÜ][\p{Ll}])/gu)) {
    // It follows a sentence's word ("in der", "ist"), not a date ("1. Mai 2026") or a number.
    if (!/(?:^|[ \t])\p{Ll}+[ \t]+$/u.test(s.slice(0, at.index))) continue;
    const m = STREET.exec(s.slice(at.index));
    if (!m) continue;
    const words = m[1]!.split(/[ \t]+/).slice(1);
    if (words.some((w) => /^\p{Ll}/u.test(w) && !STREET_PARTICLE.test(w))) continue;
    if (NOT_A_STREET.test(m[1]!) || LEAD_IN.test(m[0])) continue;
    return normaliseHouseNumberSpacing(m[0]);
  }
  return null;
}

export function normaliseHouseNumberSpacing(street: string): string {
  return street
    .replace(/\s+/g, ' ')
    .replace(/(\d)\s+([a-zA-Z])$/u, '$1$2')
    .replace(/(\d)\s*([-–\/])\s*(\d)/u, '$1$2$3')
    .trim();
}

function cleanStreet(raw: string): string | null {
  // "wohnhaft Hauptstr. 12-14 in 40721 Hilden": the "in" belongs to the sentence, not the street.
  let s = raw.replace(/[,;]+\s*$/, '').replace(/\s+in$/u, '').trim();
  const box = POSTBOX.exec(s);
  if (box) return `Postfach ${box[2]!.replace(/\s+/g, ' ')}`;
  // Inline addresses carry their lead-in ("wohnhaft", "meine Anschrift:"): keep what follows.
  const m = STREET.exec(s);
  if (m && !LEAD_IN.test(s)) return NOT_A_STREET.test(m[1]!) ? null : normaliseHouseNumberSpacing(s);
  s = s.replace(LEAD_IN, '');
  const again = STREET.exec(s) ?? STREET.exec(s.replace(/^.*?(?=[A-ZÄÖÜ][\p{Ll}])/u, ''));
  if (!again) {
    const b = POSTBOX.exec(s);
    return b ? `Postfach ${b[2]!.replace(/\s+/g, ' ')}` : streetAtEnd(s);
  }
  if (NOT_A_STREET.test(again[1]!)) return null;
  return normaliseHouseNumberSpacing(again[0]);
}

/**
 * The lines of the same block above an address (up to a blank line, at most six lines), and its own
 * line. In a letter whose layout is known the block also ends under a complete address of another
 * part of the page (the window's postcode line): OCR text has no blank lines, and a form's address
 * field under the insurer's window is the sender's, not the insurer's.
 */
function blockAbove(src: TextSource, start: number, end: number): string {
  const text = src.text;
  let from = lineStart(text, start);
  const region = regionAt(src, from);
  for (let i = 0; i < 6 && from > 0; i++) {
    const prev = lineStart(text, from - 1);
    const prevLine = text.slice(prev, from - 1);
    if (prevLine.trim() === '') break;
    if (region !== null && regionAt(src, prev) !== region && ENDS_WITH_TOWN.test(prevLine)) break;
    from = prev;
  }
  return text.slice(from, end);
}

interface AddressCandidate {
  address: PostalAddress;
  confidence: number;
  sourceIndex: number;
  start: number;
  end: number;
  newAddress: boolean;
  /** Where the address stands in a letter's layout, when the source knows it. */
  region: LetterRegion | null;
}

function isInsurers(a: PostalAddress, insurer: InsurerAddress[]): boolean {
  return insurer.some(
    (i) => i.postalCode === a.postalCode && (a.street === null || foldStreet(i.street) === foldStreet(a.street)),
  );
}

export function findAddresses(sources: TextSource[], insurer: InsurerFilter): AddressCandidate[] {
  const out: AddressCandidate[] = [];
  const insurerName = namesPattern(insurer.names);
  sources.forEach((src, sourceIndex) => {
    if (src.role === 'subject' || src.role === 'enclosure') return;
    const text = src.text;
    let previousEnd = 0;
    for (const m of text.matchAll(src.ocr ? POSTCODE_CITY_OCR : POSTCODE_CITY)) {
      const postcode = readPostcode(m[1]!);
      if (!postcode) continue;
      const at = m.index!;
      const ls = lineStart(text, at);
      const sameLine = text.slice(ls, at);
      if (/\b(?:Tel|Telefon|Fax|Mobil|Handy|erreichen|erreichbar)\b/iu.test(sameLine)) continue;
      let street: string | null = null;
      let start = at;
      if (sameLine.trim().length > 0) {
        // OCR reads the "·" between parts of a header line as "+", "." or ":" now and then.
        // A dash between two numbers is a house number range ("12 - 14"), not a separator; the end
        // of a sentence after an address ("… 24103 Kiel. Meine neue Adresse ist …") is one.
        const segment = sameLine
          .split(/[,;:·|•]|(?<!\d)\s[–\-+.]\s|\s[–\-+.]\s(?!\d)|(?<=\d{5}[ \t]+\p{Lu}[\p{L}\-]*(?:[ \t]+\p{Lu}[\p{L}\-]*)?)[.!?]\s+/u)
          .map((s) => s.trim())
          .filter(Boolean);
        const last = segment[segment.length - 1];
        if (last !== undefined) street = cleanStreet(last);
        if (street !== null) start = ls + sameLine.lastIndexOf(street.split(' ')[0]!);
      } else {
        const prevEnd = ls - 1;
        if (prevEnd > 0) {
          const ps = lineStart(text, prevEnd);
          const prev = text.slice(ps, prevEnd).trim();
          if (prev) {
            street = cleanStreet(prev);
            if (street !== null) start = ps;
          }
        }
      }
      const city = m[2]!.replace(/\s+/g, ' ').replace(/[.]$/, '').trim();
      const address: PostalAddress = { street, postalCode: postcode.code, city };
      // The address window holds the recipient, the insurer: never the sender.
      const region = regionAt(src, at);
      if (region === 'recipient') continue;
      if (isInsurers(address, insurer.addresses)) continue;
      // An address right under the insurer's name (letterhead, quoted signature) is the insurer's.
      // Not so in a letter's sender block or return line, where a mailroom stamp may name the insurer.
      const context = blockAbove(src, start, at);
      const sendersPlace = region === 'sender' || region === 'return-address';
      if (!sendersPlace && insurerName && insurerName.test(context)) continue;
      // A return line or head that names the insurer on the address's own line is the insurer's
      // (its own form or letter sent back): a stamp beside a member's line never joins it in front.
      if (sendersPlace && insurerName && insurerName.test(text.slice(lineStart(text, start), start))) continue;
      // A cue speaks of the address after it, never of one after another address ("umgezogen nach
      // A, 24105 Kiel. Vorher: B" does not make B new).
      const before = text.slice(Math.max(0, start - 120, previousEnd), start);
      previousEnd = at + m[0].length;
      out.push({
        address,
        // A repaired postcode has no check digit to vouch for it.
        confidence: street === null ? 0.5 : postcode.repaired ? 0.8 : 0.93,
        sourceIndex,
        start,
        end: at + m[0].length,
        newAddress: NEW_ADDRESS_CUE.test(before),
        region,
      });
    }
  });
  return out;
}

/** The sender's postal address: a stated new address first, then what the sender wrote, then documents. */
export function pickAddress(sources: TextSource[], insurer: InsurerFilter): Extracted<PostalAddress> | null {
  const all = findAddresses(sources, insurer);
  if (all.length === 0) return null;
  const roleRank = (i: number) => {
    const r = sources[i]!.role;
    return r === 'own' ? 0 : r === 'document' ? 1 : 2;
  };
  // In a letter the sender's block says who writes: a new address in the text is a request, not the sender.
  const regionRank = (r: LetterRegion | null) => (r === 'sender' ? 0 : r === 'return-address' ? 1 : r === 'footer' ? 2 : 3);
  const sorted = [...all].sort(
    (a, b) =>
      Number(b.address.street !== null) - Number(a.address.street !== null) ||
      regionRank(a.region) - regionRank(b.region) ||
      Number(b.newAddress) - Number(a.newAddress) ||
      roleRank(a.sourceIndex) - roleRank(b.sourceIndex) ||
      a.sourceIndex - b.sourceIndex ||
      a.start - b.start,
  );
  const best = sorted[0]!;
  const src = sources[best.sourceIndex]!;
  return {
    value: best.address,
    confidence: best.confidence,
    evidence: [evidenceAt(src, best.region && best.region !== 'body' ? `address.${best.region}` : best.address.street === null ? 'address.postcode-only' : 'address.street-postcode', best.start, best.end)],
  };
}
