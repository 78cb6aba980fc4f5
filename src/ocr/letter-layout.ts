import { CLOSING_FORMULA } from '../extract/closing-formula.js';
import type { LetterRegion } from '../extract/text-source.js';
import type { OcrLine } from './ocr-model.js';
import { median } from './print-lines.js';

export type { LetterRegion };

const POSTCODE_LINE = /(?<!\d)\d{5}[ \t]+\p{Lu}/u;
// "Erika Koch - Rosenweg 31b - 48153 Münster": name, street and town in one line, with separators.
const RETURN_SEPARATORS = /\s[-–—·•+|:;.]\s|\s[·•|]|[·•|]\s/gu;
const DATE_LINE = /(?:^|\s)(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s?(?:Januar|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\s+\d{4})\s*\.?$/iu;
const GREETING = /^[^\p{L}]*(?:sehr\s+geehrte|liebe[rs]?\s|hallo|guten\s+tag)/iu;
const POSTBOX = /\bPostfach\b/iu;

/**
 * Labels the lines of the first page of a letter by their place on the page. Pure: positions and
 * wording only. Lines are expected in reading order, as the OCR engine returns them.
 */
export function letterRegions(lines: OcrLine[], page: { width: number; height: number }): LetterRegion[] {
  const regions: LetterRegion[] = lines.map(() => 'body');
  if (lines.length === 0) return regions;
  const lineHeight = Math.max(8, median(lines.map((l) => l.box.height)));
  const greeting = lines.findIndex((l) => GREETING.test(l.text));
  // Only the head of the letter (above the greeting, else the top 45 %) holds sender and window.
  const headEnd = greeting >= 0 ? greeting : lines.findIndex((l) => l.box.y > page.height * 0.45);
  const head = headEnd < 0 ? lines.length : headEnd;

  // A header line at the very top may look the same: it is the sender's letterhead, not the return line.
  const returnLine = lines.findIndex(
    (l, i) =>
      i < head && l.box.y > page.height * 0.1 && l.box.y < page.height * 0.45 && POSTCODE_LINE.test(l.text) && (l.text.match(RETURN_SEPARATORS) ?? []).length >= 2,
  );

  // The window: the block right under the return-address line, or else the address block that
  // stands in the window's place (left half, 13–45 % down).
  let windowStart = -1;
  if (returnLine >= 0) windowStart = returnLine + 1;
  else {
    windowStart = lines.findIndex(
      (l, i) =>
        i < head &&
        l.box.x < page.width * 0.5 &&
        l.box.y > page.height * 0.13 &&
        l.box.y < page.height * 0.45 &&
        !DATE_LINE.test(l.text) &&
        blockHasPostcode(lines, i, head, lineHeight),
    );
  }
  if (windowStart >= 0) {
    let end = windowStart;
    while (end < head) {
      const l = lines[end]!;
      const prev = lines[end - 1];
      if (end > windowStart && prev && l.box.y - (prev.box.y + prev.box.height) > lineHeight * 1.6) break;
      if (l.box.x > page.width * 0.5 || DATE_LINE.test(l.text)) break;
      regions[end] = 'recipient';
      end++;
      if (POSTCODE_LINE.test(l.text) && !POSTBOX.test(l.text)) break;
    }
  }
  if (returnLine >= 0) regions[returnLine] = 'return-address';

  const windowTop = windowStart >= 0 ? lines[windowStart]!.box.y : returnLine >= 0 ? lines[returnLine]!.box.y : page.height * 0.13;
  for (let i = 0; i < head; i++) {
    if (regions[i] !== 'body') continue;
    const l = lines[i]!;
    if (DATE_LINE.test(l.text)) regions[i] = 'date';
    else if (l.box.y + l.box.height <= windowTop || (l.box.x > page.width * 0.5 && l.box.y < page.height * 0.3)) regions[i] = 'sender';
    else if (i === head - 1 && greeting >= 0) regions[i] = 'subject';
  }
  if (greeting >= 0) regions[greeting] = 'greeting';

  const closing = lines.map((l) => CLOSING_FORMULA.test(l.text)).lastIndexOf(true);
  if (closing >= 0) {
    regions[closing] = 'closing';
    const typed = lines.findIndex((l, i) => i > closing && /\p{L}{2}/u.test(l.text) && l.box.y < lines[closing]!.box.y + lineHeight * 10);
    if (typed >= 0) regions[typed] = 'typed-name';
  }
  for (let i = head; i < lines.length; i++) {
    if (regions[i] === 'body' && lines[i]!.box.y > page.height * 0.88) regions[i] = 'footer';
  }
  return regions;
}

function blockHasPostcode(lines: OcrLine[], from: number, head: number, lineHeight: number): boolean {
  for (let i = from; i < Math.min(head, from + 6); i++) {
    const prev = lines[i - 1];
    if (i > from && prev && lines[i]!.box.y - (prev.box.y + prev.box.height) > lineHeight * 1.6) return false;
    if (POSTCODE_LINE.test(lines[i]!.text)) return true;
  }
  return false;
}
