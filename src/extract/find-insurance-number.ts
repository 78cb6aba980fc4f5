import type { Evidence, Extracted } from './extracted-fields.js';
import { isValidInsuranceNumber } from './insurance-number.js';
import { evidenceAt, type TextSource } from './text-source.js';

const LABEL =
  /(kranken)?versicherten-?\s?(nummer|nr\.?)|versicherungs-?\s?(nummer|nr\.?)|vers\.?\s?-?\s?nr\.?|kv\s?-?\s?nr\.?|kvnr|mitglieds-?\s?(nummer|nr\.?)|versichertennr/i;

// A letter, then nine digits in any grouping ("A 123 456 780", "A123456780", "A12345678-0").
const CANDIDATE = /(?<![\p{L}\d])([A-Za-z])[ \t]?((?:\d[ \t\-]?){8}\d)(?![\d])/gu;

export interface NumberCandidate {
  value: string;
  valid: boolean;
  labelled: boolean;
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
      const before = src.text.slice(Math.max(0, start - 48), start);
      const labelled = LABEL.test(before.split(/[.!?]\s|\n\s*\n/).pop() ?? '');
      // A lower-case letter is someone's sloppy typing only when a label says so.
      if (letter !== letter.toUpperCase() && !labelled) continue;
      const value = letter.toUpperCase() + digits;
      const valid = isValidInsuranceNumber(value);
      const roleRank = src.role === 'own' ? 0 : src.role === 'subject' ? 1 : src.role === 'document' ? 2 : 3;
      const rank = (valid ? 0 : 20) + (labelled ? 0 : 10) + roleRank + order * 0.01;
      out.push({ value, valid, labelled, rank, evidence: evidenceAt(src, labelled ? 'kvnr.labelled' : 'kvnr.shape', start, start + m[0].length) });
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
  // Two different valid numbers (a carer's own and the insured person's, say): still pick, but less sure.
  if (best.valid && others.size > 1 && !best.labelled) confidence = 0.55;
  return { number: { value: best.value, confidence, evidence: agreeing.map((c) => c.evidence) }, valid: best.valid };
}
