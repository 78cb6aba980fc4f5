import type { Box, OcrLine, OcrWord } from './ocr-model.js';

/**
 * Speckled scans (dust, toner, a fax's noise) make the OCR engine read specks as "words" and hang
 * them onto the lines of print: "Renate Scholz Sn 0 : . ° ;", "; 7 . ; ; Ve 51379 Leverkusen".
 * Such debris breaks the line patterns (a name line, a postcode line) and stretches the line's box
 * across the page, so a right-aligned block looks left-aligned. Pure: positions, sizes and wording.
 *
 * A line is split where its words stand far apart (more than 2.5 print heights); a group is kept
 * when it holds a substantial word (print-sized, with three letters or digits, or one or two read
 * with confidence). Specks of punctuation at either end of what is kept go too. A line with
 * nothing substantial is dropped. Groups kept side by side are joined by a tab. Lines without
 * debris or wide gaps come back unchanged.
 */
export function dropSpecks(lines: OcrLine[]): OcrLine[] {
  const heights = lines
    .flatMap((l) => l.words)
    .filter((w) => w.confidence >= 70 && /\p{L}{3}/u.test(w.text))
    .map((w) => w.box.height);
  // Too little confident print to know what print looks like: leave the page as read.
  if (heights.length < 5) return lines;
  const print = median(heights);
  const out: OcrLine[] = [];
  for (const line of lines) {
    const kept = keptGroups(line.words, print);
    const words = kept.flat();
    if (words.length === line.words.length && kept.length <= 1) out.push(line);
    else if (words.length > 0) out.push(rebuilt(kept));
  }
  return out;
}

const alnum = (s: string) => (s.match(/[\p{L}\p{N}]/gu) ?? []).length;

function keptGroups(words: OcrWord[], print: number): OcrWord[][] {
  if (words.length === 0) return [];
  const substantial = (w: OcrWord) => w.box.height >= print * 0.5 && (alnum(w.text) >= 3 || (alnum(w.text) >= 1 && w.confidence >= 60));
  const groups: OcrWord[][] = [];
  let group: OcrWord[] = [];
  for (const w of words) {
    const prev = group.at(-1);
    if (prev && w.box.x - (prev.box.x + prev.box.width) > print * 2.5) {
      groups.push(group);
      group = [];
    }
    group.push(w);
  }
  groups.push(group);
  const kept = groups.filter((g) => g.some(substantial));
  // A speck of punctuation at either end ("° Mit freundlichen Grüßen ;"); "|" may be a misread "I".
  const speck = (w: OcrWord) => alnum(w.text) === 0 && !w.text.includes('|') && !substantial(w);
  const first = kept[0];
  const last = kept.at(-1);
  while (first && first.length > 0 && speck(first[0]!)) first.shift();
  while (last && last.length > 0 && speck(last.at(-1)!)) last.pop();
  return kept.filter((g) => g.length > 0);
}

/** Far-apart groups are joined by a tab: two things side by side (a town and a stamp), not one phrase. */
function rebuilt(groups: OcrWord[][]): OcrLine {
  const words = groups.flat();
  const x0 = Math.min(...words.map((w) => w.box.x));
  const y0 = Math.min(...words.map((w) => w.box.y));
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...words.map((w) => w.box.y + w.box.height));
  const box: Box = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  return {
    text: groups.map((g) => g.map((w) => w.text).join(' ')).join('\t'),
    confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length,
    box,
    words,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
