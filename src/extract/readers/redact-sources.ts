import { codeRedactor, findAuthCodes } from '../auth-code.js';
import type { Evidence } from '../extracted-fields.js';
import { evidenceAt, type TextSource } from '../text-source.js';

/**
 * Finds disclosed authentication codes in every text and removes each code from all of them, so
 * nothing after this point (extraction, storage, output, logs) can see it.
 */
export function redactSources(sources: TextSource[], extraTexts: string[] = []): { sources: TextSource[]; codes: Evidence[]; redact: (s: string) => string } {
  const codes = new Set<string>();
  const positions: { src: number; at: number }[] = [];
  sources.forEach((s, i) => {
    for (const hit of findAuthCodes(s.text)) {
      codes.add(hit.code);
      positions.push({ src: i, at: hit.at });
    }
  });
  let inFields = false;
  for (const t of extraTexts) {
    for (const hit of findAuthCodes(t)) {
      codes.add(hit.code);
      inFields = true;
    }
  }
  if (codes.size === 0) return { sources, codes: [], redact: (s) => s };
  const redact = codeRedactor(codes);
  const redacted = sources.map((s) => ({ ...s, text: redact(s.text) }));
  const evidence = positions.map(({ src, at }) => {
    const s = redacted[src]!;
    return evidenceAt(s, 'auth-code.disclosed', at, Math.min(s.text.length, at + 60));
  });
  if (evidence.length === 0 && inFields) evidence.push({ source: 'form:fields', rule: 'auth-code.disclosed' });
  return { sources: redacted, codes: evidence, redact };
}
