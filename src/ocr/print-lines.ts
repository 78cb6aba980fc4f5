import type { Box, OcrLine, OcrWord } from './ocr-model.js';

/** The middle value (the upper one of an even count); 0 for none. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * How high the page's print is: the median height of the words read with confidence that have
 * three letters. Null with fewer than five such words: too little to know what print looks like.
 */
export function printHeight(lines: OcrLine[]): number | null {
  const heights = lines
    .flatMap((l) => l.words)
    .filter((w) => w.confidence >= 70 && /\p{L}{3}/u.test(w.text))
    .map((w) => w.box.height);
  return heights.length < 5 ? null : median(heights);
}

/**
 * A line made of groups of words: its box around all of them, its confidence their mean, its text
 * the groups joined by a tab (things standing side by side, not one phrase). One group is a plain line.
 */
export function lineOfGroups(groups: OcrWord[][]): OcrLine {
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
