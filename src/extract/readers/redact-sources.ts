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
  const shifted = sources.map((s) => redactKeepingOffsets(s, redact));
  const redacted = shifted.map((x) => x.source);
  const evidence = positions.map(({ src, at }) => {
    const s = redacted[src]!;
    const start = shifted[src]!.toNew(at);
    return evidenceAt(s, 'auth-code.disclosed', start, Math.min(s.text.length, start + 60));
  });
  if (evidence.length === 0 && inFields) evidence.push({ source: 'form:fields', rule: 'auth-code.disclosed' });
  return { sources: redacted, codes: evidence, redact };
}

/**
 * Redacts one text and moves its page/box lookup and layout regions along, since the placeholder is
 * not as long as the code it replaces.
 */
function redactKeepingOffsets(src: TextSource, redact: (s: string) => string): { source: TextSource; toNew: (old: number) => number } {
  // Redact line by line: codes never span lines, and line starts give exact anchors.
  const oldLines = src.text.split('\n');
  const anchors: { oldStart: number; newStart: number }[] = [];
  let oldAt = 0;
  let text = '';
  oldLines.forEach((line, i) => {
    anchors.push({ oldStart: oldAt, newStart: text.length });
    text += redact(line) + (i < oldLines.length - 1 ? '\n' : '');
    oldAt += line.length + 1;
  });
  const lineOf = (offset: number, key: 'oldStart' | 'newStart') => {
    let k = 0;
    while (k + 1 < anchors.length && anchors[k + 1]![key] <= offset) k++;
    return anchors[k]!;
  };
  const toNew = (old: number) => {
    const a = lineOf(old, 'oldStart');
    return a.newStart + (old - a.oldStart);
  };
  const toOld = (offset: number) => {
    const a = lineOf(offset, 'newStart');
    return a.oldStart + (offset - a.newStart);
  };
  const locate = src.locate;
  return {
    source: {
      ...src,
      text,
      ...(locate ? { locate: (offset: number) => locate(toOld(offset)) } : {}),
      ...(src.regions ? { regions: src.regions.map((r) => ({ ...r, start: toNew(r.start), end: toNew(r.end) })) } : {}),
    },
    toNew,
  };
}
