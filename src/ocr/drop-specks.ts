import type { OcrLine, OcrWord } from './ocr-model.js';
import { lineOfGroups, printHeight } from './print-lines.js';

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
  const print = printHeight(lines);
  // Too little confident print to know what print looks like: leave the page as read.
  if (print === null) return lines;
  const out: OcrLine[] = [];
  for (const line of lines) {
    const kept = keptGroups(line.words, print);
    const words = kept.flat();
    if (words.length === line.words.length && kept.length <= 1) out.push(line);
    else if (words.length > 0) out.push(lineOfGroups(kept));
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
