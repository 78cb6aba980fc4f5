import type { OcrLine } from './ocr-model.js';
import { lineOfGroups, printHeight } from './print-lines.js';

/**
 * A letter head in two columns (the sender's block on the left; date, insurance number and phone
 * on the right, on the same heights) is read by the OCR engine as one line per height:
 * "Im Winkel 3    KVNR: H560192834". The sender's street then ends in a number label and the block
 * no longer reads as an address. This gives such lines back as two columns, the left one first:
 * each line's left part, then each line's right part.
 *
 * Only the head (lines ending in the top 19 % of the page, above the address window) is looked at,
 * and only a run of two lines or more whose right parts start (or end) at the same place, far
 * apart from the left ones: a single wide line (a header line, a stamp beside the town) stays as
 * it is. Pure: positions only.
 */
export function splitHeadColumns(lines: OcrLine[], page: { width: number; height: number }): OcrLine[] {
  const print = printHeight(lines);
  if (print === null) return lines;
  const splits = lines.map((l) => (l.box.y + l.box.height <= page.height * 0.19 ? splitAt(l, print, page.width) : null));
  const out: OcrLine[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && splits[j] && (j === i || sameColumn(splits[j]![1], splits[j - 1]![1], print))) j++;
    if (j - i >= 2) {
      for (let k = i; k < j; k++) out.push(splits[k]![0]);
      for (let k = i; k < j; k++) out.push(splits[k]![1]);
      i = j;
    } else {
      out.push(lines[i]!);
      i++;
    }
  }
  return out;
}

/** The line's left and right parts at its widest gap, when that gap parts two columns. */
function splitAt(line: OcrLine, print: number, width: number): [OcrLine, OcrLine] | null {
  const w = line.words;
  let best = -1;
  let gap = 0;
  for (let k = 1; k < w.length; k++) {
    const g = w[k]!.box.x - (w[k - 1]!.box.x + w[k - 1]!.box.width);
    if (g > gap) {
      gap = g;
      best = k;
    }
  }
  if (best < 0 || gap < print * 4) return null;
  const left = w.slice(0, best);
  const right = w.slice(best);
  if (left[0]!.box.x >= width * 0.4 || right[0]!.box.x < width * 0.45) return null;
  return [lineOfGroups([left]), lineOfGroups([right])];
}

/** Right parts of one column start at the same place (left-aligned) or end there (right-aligned). */
function sameColumn(a: OcrLine, b: OcrLine, print: number): boolean {
  return Math.abs(a.box.x - b.box.x) <= print * 3 || Math.abs(a.box.x + a.box.width - (b.box.x + b.box.width)) <= print * 3;
}
