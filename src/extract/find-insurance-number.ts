import type { Evidence, Extracted } from './extracted-fields.js';
import { isValidInsuranceNumber } from './insurance-number.js';
import { asDigits, LETTERS_FOR_DIGIT } from './ocr-lookalikes.js';
import { evidenceAt, lineStart, type TextSource } from './text-source.js';

const LABEL =
  /(kranken)?versicherten-?\s?(nummer|nr\.?)|versicherungs-?\s?(nummer|nr\.?)|vers\.?\s?-?\s?nr\.?|kv\s?-?\s?(nr\.?|nummer)|kvnr|mitglieds-?\s?(nummer|nr\.?)|versichertennr/i;

// The label must stand in the same sentence; "Nr. " is an abbreviation, not a sentence end.
// "Versichertennr." ends in the abbreviation too.
const SENTENCE_BREAK = /(?<!(?:nr|\bvers))[.!?]\s|\n\s*\n/i;

// A letter, then nine digits in any grouping ("A 123 456 780", "A123456780", "A12345678-0").
const CANDIDATE = /(?<![\p{L}\d])([A-Za-z])[ \t\-]?((?:\d[ \t\-]?){8}\d)(?![\d])/gu;

// The same with one line break among its groups: a plain-text mail wrapped at 72 or 76 columns
// ("Versichertennummer A\n123 456 780"). Taken only after a label and with a passing check digit.
const WRAPPED_CANDIDATE = /(?<![\p{L}\d])([A-Za-z])(?:[ \t\-]|[ \t]*\r?\n[ \t]*)?((?:\d(?:[ \t\-]|[ \t]*\r?\n[ \t]*)?){8}\d)(?![\d])/gu;

// OCR misreads the letter as a digit (I→1, O→0, S→5, B→8 …) or a bar (I→|), or a digit as a look-alike letter.
// Only OCR text is read this way, and only after a label: a phone number is not a number to repair.
const OCR_CANDIDATE = /(?<![\p{L}\d|])([A-Za-z0-8|])[ \t\-]?((?:[\dOoDQIl|SBZG][ \t\-]?){8}[\dOoDQIl|SBZG])(?![\p{L}\d])/gu;
/**
 * How an OCR number-shaped text reads: `valid` is the one reading through look-alikes that passes
 * the check digit (null when there is none, or more than one: then no guess is made); `plain` is
 * the likeliest reading, for reporting a number whose check digit fails either way. Null when the
 * text is a clean "letter + nine digits" (no misreading) or not a number at all.
 */
export function readOcrNumber(first: string, rest: string): { valid: string | null; plain: string } | null {
  const raw = rest.replace(/[ \t\-]/g, '');
  const digits = asDigits(raw);
  if (!/^\d{9}$/.test(digits)) return null;
  const misreadLetter = /[\d|]/.test(first);
  // A clean "letter + nine digits" is no misreading: the plain pattern reads it, check digit and all.
  if (!misreadLetter && digits === raw) return null;
  const letters = first === '|' ? ['I', 'L'] : misreadLetter ? (LETTERS_FOR_DIGIT[first] ?? []) : first === 'l' ? ['L', 'I'] : [first.toUpperCase()];
  if (letters.length === 0) return null;
  // A repair needs most of the digits read as digits; the plain reading is only ever reported invalid.
  const realDigits = [...raw].filter((c) => /\d/.test(c)).length;
  const valid = realDigits >= 7 ? letters.map((l) => l + digits).filter(isValidInsuranceNumber) : [];
  return { valid: valid.length === 1 ? valid[0]! : null, plain: letters[0]! + digits };
}

/** Whether a number label stands before `start`, in the same sentence. */
function labelledAt(text: string, start: number): boolean {
  return LABEL.test(text.slice(Math.max(0, start - 48), start).split(SENTENCE_BREAK).pop() ?? '');
}

/** How much a text speaks for the sender: what they wrote now first. */
function roleRank(src: TextSource): number {
  return src.role === 'own' ? 0 : src.role === 'subject' ? 1 : src.role === 'document' ? 2 : 3;
}

export interface NumberCandidate {
  value: string;
  valid: boolean;
  labelled: boolean;
  /** Read through a known OCR confusion (the text itself says something else). */
  repaired: boolean;
  evidence: Evidence;
  rank: number;
}

/** Every insurance-number-shaped string in the texts, best first. */
export function findInsuranceNumbers(sources: TextSource[]): NumberCandidate[] {
  const out: NumberCandidate[] = [];
  sources.forEach((src, order) => {
    for (const m of src.text.matchAll(CANDIDATE)) {
      const letter = m[1]!;
      const digits = m[2]!.replace(/[ \t\-]/g, '');
      const start = m.index!;
      const labelled = labelledAt(src.text, start);
      // A lower-case letter is someone's sloppy typing only when a label says so.
      if (letter !== letter.toUpperCase() && !labelled) continue;
      const value = letter.toUpperCase() + digits;
      const valid = isValidInsuranceNumber(value);
      const rank = (valid ? 0 : 20) + (labelled ? 0 : 10) + roleRank(src) + order * 0.01;
      out.push({ value, valid, labelled, repaired: false, rank, evidence: evidenceAt(src, labelled ? 'kvnr.labelled' : 'kvnr.shape', start, start + m[0].length) });
    }
    if (!src.ocr) {
      for (const m of src.text.matchAll(WRAPPED_CANDIDATE)) {
        if ((m[0].match(/\n/g) ?? []).length !== 1) continue;
        const start = m.index!;
        const value = m[1]!.toUpperCase() + m[2]!.replace(/\s|-/g, '');
        if (!labelledAt(src.text, start) || !isValidInsuranceNumber(value) || out.some((c) => c.value === value)) continue;
        out.push({ value, valid: true, labelled: true, repaired: false, rank: roleRank(src) + order * 0.01, evidence: evidenceAt(src, 'kvnr.wrapped', start, start + m[0].length) });
      }
      return;
    }
    for (const m of src.text.matchAll(OCR_CANDIDATE)) {
      const start = m.index!;
      const end = start + m[0].length;
      const labelled = labelledAt(src.text, start);
      // A number standing alone on its line (a reference line under the subject) is meant as one.
      const alone = src.text.slice(lineStart(src.text, start), start).trim() === '' && /^[ \t]*(?:\n|$)/.test(src.text.slice(end));
      if (!labelled && !alone) continue;
      if (out.some((c) => c.evidence.start === start)) continue;
      const reading = readOcrNumber(m[1]!, m[2]!);
      // No valid reading: report the plain look-alike reading, invalid, as a person would copy it.
      const value = reading?.valid ?? (labelled ? (reading?.plain ?? null) : null);
      if (!value || out.some((c) => c.value === value)) continue;
      const valid = reading?.valid === value;
      out.push({ value, valid, labelled, repaired: true, rank: (valid ? 5 : 25) + roleRank(src) + order * 0.01, evidence: evidenceAt(src, 'kvnr.ocr-repaired', start, end) });
    }
  });
  return out.sort((a, b) => a.rank - b.rank);
}

export function pickInsuranceNumber(sources: TextSource[]): { number: Extracted<string>; valid: boolean } | null {
  const all = findInsuranceNumbers(sources);
  const best = all[0];
  if (!best) return null;
  const agreeing = all.filter((c) => c.value === best.value);
  const others = new Set(all.filter((c) => c.valid).map((c) => c.value));
  let confidence = best.valid ? (best.labelled ? 0.98 : 0.9) : best.labelled ? 0.85 : 0.6;
  // Repaired from a misread character: the check digit vouches for it, but the text does not say it.
  if (best.repaired) confidence = 0.75;
  // Two different valid numbers (a carer's own and the insured person's, say): still pick, but less sure.
  if (best.valid && others.size > 1 && !best.labelled) confidence = 0.55;
  return { number: { value: best.value, confidence, evidence: agreeing.map((c) => c.evidence) }, valid: best.valid };
}
