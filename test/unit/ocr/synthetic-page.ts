// Synthetic OCR input for the OCR stages' tests: A4 pages at 200 dpi with print drawn as bars of
// ink under its word boxes (so masking confidently read words works as on a scan), pen strokes,
// and OCR words and lines placed by hand.
import type { Box, GreyPage, OcrLine, OcrWord } from '../../../src/ocr/ocr-model.js';

export const PAGE_WIDTH = 1654;
export const PAGE_HEIGHT = 2339;

export function blankPage(): GreyPage {
  return { width: PAGE_WIDTH, height: PAGE_HEIGHT, data: Buffer.alloc(PAGE_WIDTH * PAGE_HEIGHT, 245) };
}

export function ink(page: GreyPage, x: number, y: number, r = 1): void {
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
    const px = Math.round(x + dx);
    const py = Math.round(y + dy);
    if (px >= 0 && py >= 0 && px < page.width && py < page.height) page.data[py * page.width + px] = 30;
  }
}

/**
 * A printed line at (x, y), 12 px a character: its letters drawn as small separate blobs, as print
 * is. The OCR line holds the whole text as one word, or (`splitWords`) one word per word.
 */
export function printed(page: GreyPage, text: string, x: number, y: number, options: { h?: number; confidence?: number; splitWords?: boolean } = {}): OcrLine {
  const { h = 24, confidence = 95, splitWords = false } = options;
  const box: Box = { x, y, width: text.length * 12, height: h };
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ') for (let yy = y + 4; yy < y + h - 4; yy++) for (let xx = x + i * 12 + 2; xx < x + i * 12 + 9; xx++) page.data[yy * page.width + xx] = 30;
  if (!splitWords) return { text, confidence, box, words: [{ text, confidence, box }] };
  let at = 0;
  const words = text.split(' ').map((t) => {
    const word = { text: t, confidence, box: { x: x + at * 12, y, width: t.length * 12, height: h } };
    at += t.length + 1;
    return word;
  });
  return { text, confidence, box, words };
}

/** A looping pen stroke, as a signature is written: several rises and falls over about three lines. */
export function penStroke(page: GreyPage, x0: number, y0: number, width = 260, height = 80): void {
  for (let t = 0; t <= 1; t += 0.0005) {
    const x = x0 + t * width + Math.sin(t * 40) * 12;
    const y = y0 + height / 2 + Math.sin(t * 18) * (height / 2) * (0.6 + 0.4 * Math.cos(t * 7));
    ink(page, x, y, 1);
  }
}

/** An OCR word at x (its line places it in height); print is 26 px high. */
export function ocrWord(text: string, x: number, confidence = 95, height = 26, width = text.length * 15): OcrWord {
  return { text, confidence, box: { x, y: 0, width, height } };
}

/** An OCR line at height y from its words, in reading order, as the engine returns it. */
export function ocrLine(y: number, words: OcrWord[], confidence = 95): OcrLine {
  const placed = words.map((w) => ({ ...w, box: { ...w.box, y } }));
  const x0 = Math.min(...placed.map((w) => w.box.x));
  const x1 = Math.max(...placed.map((w) => w.box.x + w.box.width));
  return { text: placed.map((w) => w.text).join(' '), confidence, box: { x: x0, y, width: x1 - x0, height: 26 }, words: placed };
}
