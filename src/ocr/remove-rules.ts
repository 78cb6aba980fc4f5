import type { GreyPage } from './ocr-model.js';

/**
 * Tables, comb boxes ("one character a box") and form fields draw thin straight rules around
 * print. The OCR engine then takes the cells for pictures and reads nothing, or reads the box
 * lines as "|", "[" and "]" between the characters ("K]1]9[7]…"). This gives the page for OCR
 * without them: dark runs at least 6 % of the page wide (horizontal) or 2 % of the page high
 * (vertical) and at most 0.25 % of the page wide thick are painted over with the paper's shade.
 *
 * Only a page with a grid (two vertical rules or more, and a horizontal one) is changed: a lone
 * underline or footer rule reads well as it is, and the page stays byte for byte as scanned.
 * Thick dark areas (a punched hole, the scanner lid's shadow, a bold logo) are not rules. The
 * signature is still decided on the page as scanned. Pure: returns a new page, or null.
 */
export function removeRules(page: GreyPage): GreyPage | null {
  const { width, height, data } = page;
  if (width < 200 || height < 200) return null;
  const hist = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < data.length; i += 13) {
    hist[data[i]!]!++;
    n++;
  }
  let acc = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n / 2) {
      paper = v;
      break;
    }
  }
  // Rules are printed: well darker than the paper. A washed-out page keeps its faint rules.
  const dark = paper - 90;
  if (dark < 20) return null;
  const maxThick = Math.max(3, Math.round(width * 0.0025));
  let found = findRules(page, dark, Math.round(width * 0.06), Math.round(height * 0.02), maxThick);
  let threshold = dark;
  if (!found) {
    // Squared (Karo) notebook paper: a faint grid across the whole sheet, lighter than any print
    // but read by the engine as rows of "ILLTE|". Only rules running across most of the page
    // qualify, which print never does.
    threshold = paper - 12;
    found = findRules(page, threshold, Math.round(width * 0.4), Math.round(height * 0.4), maxThick);
  }
  if (!found) return null;
  const remove = found;

  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i++) if (remove[i] === 1) out[i] = paper;
  // The rules' anti-aliased fringe: light grey pixels right beside a removed one go too.
  for (let i = 0; i < out.length; i++) {
    if (remove[i] === 1 || out[i]! >= paper - 10) continue;
    const x = i % width;
    const beside = (x > 0 && remove[i - 1] === 1) || (x < width - 1 && remove[i + 1] === 1) || (i >= width && remove[i - width] === 1) || (i + width < out.length && remove[i + width] === 1);
    if (beside && out[i]! >= threshold) out[i] = paper;
  }
  return { width, height, data: out };
}

/**
 * The thin rules darker than `dark` (horizontal runs of `minH` pixels or more, vertical ones of
 * `minV`, at most `maxThick` thick), when they form a grid: two vertical rules or more and a
 * horizontal one. Null when they do not.
 */
function findRules(page: GreyPage, dark: number, minH: number, minV: number, maxThick: number): Uint8Array | null {
  const { width, height, data } = page;

  const horizontal = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const isDark = x < width && data[row + x]! < dark;
      if (isDark && start < 0) start = x;
      else if (!isDark && start >= 0) {
        if (x - start >= minH) horizontal.fill(1, row + start, row + x);
        start = -1;
      }
    }
  }
  const vertical = new Uint8Array(width * height);
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const isDark = y < height && data[y * width + x]! < dark;
      if (isDark && start < 0) start = y;
      else if (!isDark && start >= 0) {
        if (y - start >= minV) for (let yy = start; yy < y; yy++) vertical[yy * width + x] = 1;
        start = -1;
      }
    }
  }

  // Keep only thin runs: a horizontal rule is at most maxThick rows high where it stands, a
  // vertical one at most maxThick columns wide.
  const remove = new Uint8Array(width * height);
  const verticalColumns = new Uint8Array(width);
  let horizontalColumns = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (vertical[row + x] !== 1) {
        x++;
        continue;
      }
      let end = x;
      while (end < width && vertical[row + end] === 1) end++;
      if (end - x <= maxThick) {
        for (let k = x; k < end; k++) {
          remove[row + k] = 1;
          verticalColumns[k] = 1;
        }
      }
      x = end;
    }
  }
  for (let x = 0; x < width; x++) {
    let y = 0;
    let thinRow = false;
    while (y < height) {
      if (horizontal[y * width + x] !== 1) {
        y++;
        continue;
      }
      let end = y;
      while (end < height && horizontal[end * width + x] === 1) end++;
      if (end - y <= maxThick) {
        for (let k = y; k < end; k++) remove[k * width + x] = 1;
        thinRow = true;
      }
      y = end;
    }
    if (thinRow) horizontalColumns++;
  }
  // Count vertical rules as groups of neighbouring columns.
  let verticalRules = 0;
  for (let x = 0; x < width; x++) if (verticalColumns[x] === 1 && (x === 0 || verticalColumns[x - 1] !== 1)) verticalRules++;
  if (verticalRules < 2 || horizontalColumns < minH) return null;
  return remove;
}
