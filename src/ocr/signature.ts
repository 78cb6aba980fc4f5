import { CLOSING_FORMULA } from '../extract/closing-formula.js';
import type { Box, GreyPage, OcrLine } from './ocr-model.js';
import { median } from './print-lines.js';

export interface SignatureFinding {
  present: boolean;
  /** 0..1 */
  confidence: number;
  /** Where the ink was found (or the zone searched, when none was). */
  box: Box | null;
  reason: string;
}

const CONFIDENT = 70;

interface Component {
  pixels: number;
  /** Encloses two or more lines of printed words: a stamp's frame. */
  framed: boolean;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  maxRowRun: number;
}

/**
 * Decides from the page image whether a handwritten signature is present: ink in the signature zone
 * (after the closing formula, down to and around the typed name) that confidently read words do not
 * explain, and that is not a straight rule (an empty "Unterschrift: ____" line or a stamp's frame).
 */
export function detectSignature(page: GreyPage, lines: OcrLine[], options: { withoutClosing?: boolean } = {}): SignatureFinding {
  let closingIndex = lines.map((l) => CLOSING_FORMULA.test(l.text)).lastIndexOf(true);
  // Without a closing formula ("…, danke." then the pen and the typed name), the last line of text
  // above the typed name stands in for it, when asked for and when there is room for a pen between.
  const anchor = closingIndex < 0 && options.withoutClosing ? signOffAnchor(lines, page) : null;
  const anchored = anchor?.index ?? -1;
  if (closingIndex < 0) closingIndex = anchored;
  if (closingIndex < 0) return { present: false, confidence: 0.55, box: null, reason: 'no closing formula found' };
  const closing = lines[closingIndex]!;
  // On a skewed page a line's box is taller than its print by the slope over its width.
  const slope = pageSlope(lines);
  const printHeight = (b: Box) => Math.max(b.height * 0.5, b.height - b.width * slope);
  const lineHeight = Math.max(12, Math.round(printHeight(closing.box)));
  const below = lines.filter((l) => l.box.y > closing.box.y + closing.box.height * 0.5 && /\p{L}{2}/u.test(l.text));
  // A "line" far taller than print is the signature misread as letters, not the typed name.
  const printLike = (l: OcrLine) => printHeight(l.box) <= lineHeight * 1.8;
  // The zone reaches down to the last printed line of the sign-off (a typed name, a stamp's last
  // line), not to enclosure notes ("Anlagen: …"); on a form down to the "Unterschrift" label.
  const signOff = below.filter((l) => printLike(l) && l.box.y < closing.box.y + closing.box.height + lineHeight * 8 && !/^\W*(?:Anlage|Anhang|Kopie|PS\b|P\.S\.)/iu.test(l.text));
  const typedName = anchor?.label ? lines[anchor.typed]! : (signOff.at(-1) ?? null);

  // Several lines of confidently printed text right under the closing are a stamp or a printed block:
  // its frame and lettering must not pass for a pen stroke, so the page goes to a person.
  const printedLines = below.filter(
    (l) => l.box.y < closing.box.y + closing.box.height + lineHeight * 6 && l.words.some((wd) => wd.confidence >= CONFIDENT && /\p{L}{3}/u.test(wd.text)),
  );
  if (printedLines.length >= 3) {
    return { present: false, confidence: 0.5, box: null, reason: `printed block of ${printedLines.length} lines (stamp?) under the closing formula` };
  }

  // Boxes too tall or too wide for their letters hold a pen stroke the engine took for a word.
  const printed = (word: OcrLine['words'][number]) =>
    word.confidence >= CONFIDENT &&
    /\p{L}{2}|\d{2}/u.test(word.text) &&
    printHeight(word.box) <= lineHeight * 1.8 &&
    word.box.width <= word.text.length * lineHeight * 1.3;
  const top = closing.box.y + closing.box.height + 2;
  const bottom = Math.min(page.height, typedName ? typedName.box.y + typedName.box.height + Math.round(lineHeight * 0.6) : top + lineHeight * 7);
  const left = Math.max(0, Math.min(closing.box.x, typedName?.box.x ?? closing.box.x) - lineHeight * 2);
  const right = Math.min(page.width, left + Math.round(page.width * 0.6));
  const zone: Box = { x: left, y: top, width: right - left, height: Math.max(0, bottom - top) };
  if (zone.width <= 0 || zone.height < lineHeight) return { present: false, confidence: 0.6, box: zone, reason: 'no room for a signature' };

  // Background level of the zone, for binarisation that copes with grey photos of letters.
  const hist = new Array<number>(256).fill(0);
  for (let y = top; y < bottom; y += 2) for (let x = left; x < right; x += 2) hist[page.data[y * page.width + x]!]!++;
  const total = hist.reduce((a, b) => a + b, 0);
  let acc = 0;
  let background = 255;
  for (let v = 255; v >= 0; v--) {
    acc += hist[v]!;
    if (acc >= total * 0.5) {
      background = v;
      break;
    }
  }
  // Ink level of the page's print: a faint or washed-out scan moves it close to the background, and
  // the threshold moves with it. Without any contrast there is no ink to find.
  const ink = inkLevel(page, lines);
  if (background - ink < 12) return { present: false, confidence: 0.5, box: zone, reason: 'no contrast on the page' };
  const threshold = Math.max(40, background - (background - ink) * 0.43);

  const w = zone.width;
  const h = zone.height;
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = (top + y) * page.width;
    for (let x = 0; x < w; x++) if (page.data[row + left + x]! < threshold) mask[y * w + x] = 1;
  }
  // Confidently read words are print, not handwriting.
  for (const l of lines) {
    for (const word of l.words) {
      if (!printed(word)) continue;
      const pad = 3;
      const x0 = Math.max(0, word.box.x - left - pad);
      const x1 = Math.min(w, word.box.x + word.box.width - left + pad);
      const y0 = Math.max(0, word.box.y - top - pad);
      const y1 = Math.min(h, word.box.y + word.box.height - top + pad);
      for (let y = y0; y < y1; y++) mask.fill(0, y * w + x0, y * w + Math.max(x0, x1));
    }
  }

  const components: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1) continue;
    const c: Component = { pixels: 0, framed: false, minX: w, maxX: 0, minY: h, maxY: 0, maxRowRun: 0 };
    const members: number[] = [];
    mask[start] = 2;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      members.push(p);
      const x = p % w;
      const y = (p - x) / w;
      c.pixels++;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      for (const q of [p - 1, p + 1, p - w, p + w, p - w - 1, p - w + 1, p + w - 1, p + w + 1]) {
        if (q < 0 || q >= mask.length || mask[q] !== 1) continue;
        const qx = q % w;
        if (Math.abs(qx - x) > 1) continue;
        mask[q] = 2;
        stack.push(q);
      }
    }
    if (c.pixels >= 12) {
      // A frame around printed lines is a stamp: a pen stroke may cross the typed name, not enclose a block.
      const enclosed = new Set<number>();
      if (c.maxX - c.minX + 1 >= lineHeight * 3) {
        lines.forEach((l, i) => {
          for (const word of l.words) {
            if (!printed(word)) continue;
            const cx = word.box.x + word.box.width / 2 - left;
            const cy = word.box.y + word.box.height / 2 - top;
            if (cx > c.minX && cx < c.maxX && cy > c.minY && cy < c.maxY) enclosed.add(i);
          }
        });
      }
      c.framed = enclosed.size >= 2;
      // Longest horizontal run: rules and frames are long and straight, pen strokes are not.
      for (let y = c.minY; y <= c.maxY; y++) {
        let run = 0;
        for (let x = c.minX; x <= c.maxX; x++) {
          if (mask[y * w + x] === 2) {
            run++;
            if (run > c.maxRowRun) c.maxRowRun = run;
          } else run = 0;
        }
      }
      components.push(c);
    }
  }

  const strokes = components.filter((c) => {
    const cw = c.maxX - c.minX + 1;
    const ch = c.maxY - c.minY + 1;
    const flat = ch <= Math.max(6, lineHeight * 0.25) && cw >= lineHeight * 1.5;
    const ruled = c.maxRowRun >= cw * 0.7 && cw >= lineHeight * 2.5;
    return !flat && !ruled && !c.framed;
  });
  const inkPixels = strokes.reduce((s, c) => s + c.pixels, 0);
  if (strokes.length === 0) return { present: false, confidence: 0.85, box: zone, reason: 'no unexplained ink in the signature zone' };
  const minX = Math.min(...strokes.map((c) => c.minX));
  const maxX = Math.max(...strokes.map((c) => c.maxX));
  const minY = Math.min(...strokes.map((c) => c.minY));
  const maxY = Math.max(...strokes.map((c) => c.maxY));
  const spanW = maxX - minX + 1;
  const spanH = maxY - minY + 1;
  const box: Box = { x: left + minX, y: top + minY, width: spanW, height: spanH };
  const inkScore = inkPixels / (lineHeight * lineHeight);
  // Pen strokes rise and fall over more than one line of print; an unread printed word does not.
  const present = inkScore >= 0.6 && spanW >= lineHeight * 1.8 && spanH >= lineHeight * 1.6;
  const margin = present ? Math.min(1, inkScore / 3) : Math.min(1, (0.9 - Math.min(0.9, inkScore)) / 0.9);
  return {
    present,
    // Placed by the typed name alone (no closing formula): a little less sure.
    confidence: 0.6 + 0.35 * margin - (anchored >= 0 ? 0.05 : 0),
    box,
    reason: `${present ? 'handwritten ink' : 'only stray ink'} in the signature zone${anchor?.label ? ' of the form, above its signature label (no closing formula)' : anchored >= 0 ? ' above the typed name (no closing formula)' : ''} (${inkPixels} px in ${strokes.length} strokes; ink ${inkScore.toFixed(2)}, span ${(spanW / lineHeight).toFixed(1)}×${(spanH / lineHeight).toFixed(1)} lines)`,
  };
}

// The printed label of a form's signature field, under its box or line.
const SIGNATURE_FIELD = /^\W*(?:(?:Ort,?[ \t]*)?Datum[ \t]*(?:,|und|\/)?[ \t]*)?Unterschrift(?:[ \t]+(?:de[sr]|der\/des)[ \t]+\p{L}+(?:\/\p{L}+)?|[ \t]+\p{L}+(?:\/\p{L}+)?)?[ \t]*\)?[ \t]*$/iu;

/**
 * The skew of a page as the slope of its lines of print (0 on a straight page): the median over
 * lines of three or more confidently read words of the slope through their centres. Slopes under
 * 2° are left at 0, so a straight page is measured as before.
 */
function pageSlope(lines: OcrLine[]): number {
  const slopes: number[] = [];
  for (const l of lines) {
    const words = l.words.filter((w) => w.confidence >= CONFIDENT && /[\p{L}\d]{2}/u.test(w.text));
    if (words.length < 3) continue;
    const xs = words.map((w) => w.box.x + w.box.width / 2);
    const ys = words.map((w) => w.box.y + w.box.height / 2);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i]! - my);
      sxx += (x - mx) * (x - mx);
    });
    if (sxx > 0) slopes.push(sxy / sxx);
  }
  if (slopes.length < 3) return 0;
  const slope = Math.abs(median(slopes));
  return slope >= Math.tan((2 * Math.PI) / 180) && slope <= Math.tan((10 * Math.PI) / 180) ? slope : 0;
}

// A typed name: two to four capitalised words (a title, "von" allowed), nothing else; and none of
// the words a form or stamp prints under its box ("Stempel der Praxis", "Ort Datum").
const NOT_A_TYPED_NAME = /(?<![\p{L}])(?:Stempel|Praxis|Datum|Ort|Arzt|Ärztin|Firma|Siegel|Apotheke|Klinik|Krankenhaus|Versichert\p{L}*|Mitglied\p{L}*|Name|Vorname|Nachname|Anschrift|Adresse|\p{L}*kasse|Team|Service|Abteilung|Kundenservice)(?![\p{L}])/u;
const TYPED_NAME = /^(?:(?:Dr|Prof)\.[ \t]+)*\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?(?:[ \t]+(?:(?:von|van|de|zu|der|den)[ \t]+)*\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?){1,3}$/u;

/**
 * For a letter without a closing formula: the index of the last line of text above the typed name,
 * when the typed name is the last printed line of the page (above the footer), is read with
 * confidence, and stands at least 2.5 lines of print below that line (room for a pen). A form's
 * printed "Unterschrift" label under its signature box or line stands in for the typed name
 * (`label`). Else null.
 */
function signOffAnchor(lines: OcrLine[], page: GreyPage): { index: number; typed: number; label: boolean } | null {
  const printedLine = (l: OcrLine) => l.words.some((w) => w.confidence >= CONFIDENT && /\p{L}{3}/u.test(w.text));
  const heights = lines.filter(printedLine).map((l) => l.box.height);
  if (heights.length < 3) return null;
  const lineHeight = median(heights);
  const candidates = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => printedLine(l) && l.box.height <= lineHeight * 1.8 && l.box.y + l.box.height < page.height * 0.88 && !/^\W*(?:Anlage|Anhang|Kopie|PS\b|P\.S\.)/iu.test(l.text));
  const typed = candidates.at(-1);
  if (!typed || typed.l.words.some((w) => w.confidence < CONFIDENT)) return null;
  const label = SIGNATURE_FIELD.test(typed.l.text.trim());
  if (!label && (!TYPED_NAME.test(typed.l.text.trim()) || NOT_A_TYPED_NAME.test(typed.l.text))) return null;
  const above = candidates.filter(({ l }) => l.box.y + l.box.height <= typed.l.box.y).at(-1);
  if (!above) return null;
  const gap = typed.l.box.y - (above.l.box.y + above.l.box.height);
  return gap >= lineHeight * 2.5 ? { index: above.i, typed: typed.i, label } : null;
}

/**
 * The grey level of the page's print: dark end of the pixels inside confidently read words (robust
 * on a page with a few lines), else of the whole page.
 */
function inkLevel(page: GreyPage, lines: OcrLine[]): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (const l of lines) {
    for (const w of l.words) {
      if (w.confidence < CONFIDENT) continue;
      const x1 = Math.min(page.width, w.box.x + w.box.width);
      const y1 = Math.min(page.height, w.box.y + w.box.height);
      for (let y = Math.max(0, w.box.y); y < y1; y += 2) for (let x = Math.max(0, w.box.x); x < x1; x += 2) {
        hist[page.data[y * page.width + x]!]!++;
        n++;
      }
    }
  }
  // Inside a word box about a fifth of the pixels are ink; on a whole page far fewer.
  let share = 0.05;
  if (n < 500) {
    hist.fill(0);
    n = 0;
    for (let i = 0; i < page.data.length; i += 7) {
      hist[page.data[i]!]!++;
      n++;
    }
    share = 0.002;
  }
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n * share) return v;
  }
  return 255;
}
