/**
 * Disclosed authentication codes ("mein Authentifizierungscode lautet 4711"). A disclosed code must
 * be blocked and reissued by the insurer; the product never keeps, prints or logs it. Redaction runs
 * before any other extraction, so no later stage can see the code.
 */

export const REDACTED_CODE = '[Code entfernt]';

const CODE_WORD =
  /(?:authentifi[sz]ierungs|authentisierungs|auth|freischalt(?:ungs)?|zugangs|aktivierungs|sicherheits|registrierungs|anmelde|login|bestätigungs|einmal|online-?)-?\s?code|\bpin(?:-?nummer|-?code)?\b|\bpass(?:wort|word)\b|\bkennwort\b|\btan\b|\bcode\b(?=\s*(?:lautet|ist|:|=|hei(?:ß|ss)t|\())/giu;

// The code itself: 4 to 16 letters/digits with at least one digit, at most a few words after the code word.
const CODE_AFTER = /^[^.\n!?]{0,40}?(?<![\p{L}\d])((?=[A-Za-z\-]*\d)[A-Za-z0-9](?:[A-Za-z0-9\-]{2,14})[A-Za-z0-9])(?![\p{L}\d])/u;

// A code set apart in brackets or quotes may stand a sentence later ("… Authentifizierungs-Code.
// Ich habe den aus Ihrem Brief genommen (7359)"). Years in brackets are not codes.
const SET_APART_CODE = /^[^\n]{0,160}?[(„"“'‚]\s*((?=[A-Za-z\-]*\d)[A-Za-z0-9][A-Za-z0-9\-]{2,10}[A-Za-z0-9])\s*[)“”"'‘]/u;
const YEAR = /^(19|20)\d\d$/;

const INSURANCE_NUMBER = /^[A-Za-z]\d{9}$/;

// Between code word and code: no call-back wording (a phone number follows) and no date wording.
const NOT_A_CODE_GAP = /\b(?:tel|telefon|unter|rückruf|rueckruf|anrufen|rufen|nummer|handy|mobil|vom|seit|bis|im|jahr|januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\b|\//iu;

function plausibleCode(after: string, m: RegExpExecArray): boolean {
  const code = m[1]!;
  const start = m.index + m[0].length - code.length;
  const gap = after.slice(0, start);
  if (NOT_A_CODE_GAP.test(gap)) return false;
  // "A 123456780": the digits of a spaced insurance number are not a code.
  if (/^\d{9}$/.test(code) && /(?:^|[^\p{L}])\p{L}[ \t-]?$/u.test(gap)) return false;
  // A leading 0 followed by another digit group is a telephone number ("0221 998877", "0221-12345").
  if (/^0\d{2,5}$/.test(code) && /^[ \t\-\/]*\d/.test(after.slice(start + code.length))) return false;
  if (/^0\d{2,5}-\d+$/.test(code)) return false;
  return true;
}

export interface CodeHit {
  /** Offset of the code word that announced the code. */
  at: number;
  code: string;
}

// A remark in brackets between code word and code ("Code (aus dem Brief vom 3. Mai) lautet …")
// is passed over: its dots and dates belong to the remark, not to the sentence with the code.
const REMARK = /\([^()\n]{0,100}\)/gu;

export function findAuthCodes(text: string): CodeHit[] {
  const hits: CodeHit[] = [];
  for (const m of text.matchAll(CODE_WORD)) {
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 180).replace(REMARK, ' ').slice(0, 80);
    const near = CODE_AFTER.exec(after);
    if (near && !plausibleCode(after, near)) continue;
    const apart = near ? null : SET_APART_CODE.exec(text.slice(m.index! + m[0].length, m.index! + m[0].length + 200));
    const code = near?.[1] ?? (apart && !YEAR.test(apart[1]!) ? apart[1]! : null);
    if (!code) continue;
    if (!/\d/.test(code) || INSURANCE_NUMBER.test(code)) continue;
    hits.push({ at: m.index!, code });
  }
  return hits;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that replaces every standalone occurrence of any of the codes. */
export function codeRedactor(codes: Iterable<string>): (text: string) => string {
  const list = [...codes].sort((a, b) => b.length - a.length).map(escapeRegex);
  if (list.length === 0) return (t) => t;
  const re = new RegExp(`(?<![\\p{L}\\d])(?:${list.join('|')})(?![\\p{L}\\d])`, 'gu');
  return (text) => text.replace(re, REDACTED_CODE);
}

export function redactCodes(text: string, codes: Iterable<string>): string {
  return codeRedactor(codes)(text);
}
