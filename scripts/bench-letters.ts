// `npm run bench -- letters [flags]`: OCR throughput of scanned letters against the native tesseract CLI.
//
// Over the same page images (made by the product's own imagePages/pdfPages) it prints
//   - our pages/s on two workers (createTesseractPool, size 2, the configured model),
//   - the native `tesseract` CLI rate (OMP_THREAD_LIMIT=1, two processes, `-l deu`, tsv output),
//   - the ratio ours/native, both by wall clock and by CPU time (the machine may be shared: CPU
//     seconds per page are what another process cannot inflate much),
//   - RSS at start, every 100 pages and after 500 pages (flatness), and the peak RSS,
//   - pages/s and an accuracy proxy for both tesseract.js models (4.0.0_best_int and 4.0.0),
//   - with --variant: a table of prototyped speed-ups (resolution, binarisation, parameters, regions).
// Native tesseract is a bench set-up tool only, never a product dependency.
// Prints figures only; nothing here asserts a time.
//
// Flags:
//   --corpus DIR          letters to read (default ../shared/load-corpus, then ../shared/dev-corpus, then samples/)
//   --pages N             use only the first N pages for the passes (default: all pages found)
//   --rss-pages N         pages OCRed in the memory run (default 500)
//   --variant LIST|all    also run these variants (comma-separated; `all` for every one; `list` prints them)
//   --no-native           skip the native tesseract CLI (ratio not printed)
//   --no-models           skip the second tesseract.js model
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { parseConfig } from '../src/config/config.js';
import { pageLimits } from '../src/extract/readers/reader-limits.js';
import type { OcrLine, OcrPage } from '../src/ocr/ocr-model.js';
import { imagePages, pdfPages } from '../src/ocr/page-images.js';
import { createTesseractPool } from '../src/ocr/tesseract-pool.js';

type Model = '4.0.0_best_int' | '4.0.0';
const MODELS: Model[] = ['4.0.0_best_int', '4.0.0'];
const LANES = 2; // this machine's two cores: two tesseract.js workers, two native processes
const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface Truth {
  name?: string;
  street?: string;
  postcodeCity?: string;
  insuranceNumber?: string;
}

interface BenchPage {
  id: string;
  file: string;
  pageNumber: number;
  width: number;
  height: number;
  /** The product's PNG (8-bit grey) of this page. */
  png: Buffer;
}

interface Run {
  label: string;
  pages: number;
  wallS: number;
  cpuS: number;
  results: (OcrPage | null)[];
}

// ---------------------------------------------------------------------------------------------
// small helpers

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const rss = () => process.memoryUsage().rss;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const ownCpuS = () => {
  const u = process.cpuUsage(); // whole process: main thread and every worker thread
  return (u.user + u.system) / 1e6;
};
let clockTicks = 0;
/** CPU seconds of waited-for child processes (the native tesseract runs). */
function childCpuS(): number {
  if (!clockTicks) clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / clockTicks; // cutime, cstime
}
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Runs `count` jobs on `lanes` concurrent lanes, job i on page i mod n. */
async function lanes(count: number, fn: (i: number) => Promise<void>, width = LANES): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

// ---------------------------------------------------------------------------------------------
// pages and truth

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const LETTER = /\.(png|jpe?g|tiff?|pdf)$/i;

function findCorpus(explicit: string | undefined): { dir: string; files: string[] } {
  const candidates = explicit ? [path.resolve(explicit)] : [path.resolve(root, '../shared/load-corpus'), path.resolve(root, '../shared/dev-corpus'), path.resolve(root, 'samples')];
  for (const dir of candidates) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      console.error(`corpus ${dir}: absent`);
      continue;
    }
    const files = walk(dir).filter((f) => LETTER.test(f));
    if (files.length) return { dir, files };
    console.error(`corpus ${dir}: no letters (.png .jpg .tif .pdf)`);
  }
  throw new Error('no letters found in any corpus');
}

function readTruth(dir: string): Map<string, Truth> {
  const truth = new Map<string, Truth>();
  const file = path.join(dir, 'truth.jsonl');
  if (!existsSync(file)) return truth;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const t = JSON.parse(line) as { file: string; sender?: { name?: string | null; address?: { street?: string; postalCode?: string; city?: string } | null; insuranceNumber?: string | null } };
    if (!LETTER.test(t.file)) continue;
    const s = t.sender ?? {};
    truth.set(t.file, {
      ...(s.name ? { name: s.name } : {}),
      ...(s.address?.street ? { street: s.address.street } : {}),
      ...(s.address?.postalCode && s.address.city ? { postcodeCity: `${s.address.postalCode} ${s.address.city}` } : {}),
      ...(s.insuranceNumber ? { insuranceNumber: s.insuranceNumber } : {}),
    });
  }
  return truth;
}

async function loadPages(files: string[], dir: string): Promise<{ pages: BenchPage[]; seconds: number }> {
  const cfg = parseConfig({}, root);
  const limits = pageLimits(cfg.limits);
  const pages: BenchPage[] = [];
  const t0 = performance.now();
  for (const file of files) {
    const bytes = readFileSync(file);
    try {
      const { pages: imgs } = /\.pdf$/i.test(file) ? await pdfPages(bytes, limits) : await imagePages(bytes, limits);
      for (const p of imgs) {
        // Only the PNG is kept: the grey buffers of 80 pages would add ~300 MB to the RSS measured below.
        pages.push({ id: `${path.relative(dir, file)}#${p.pageNumber}`, file: path.relative(dir, file), pageNumber: p.pageNumber, width: p.grey.width, height: p.grey.height, png: p.png });
      }
    } catch (err) {
      console.error(`skipped ${file}: ${(err as Error).message}`);
    }
  }
  return { pages, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// accuracy proxies

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const KEY_LINE = /\b\d{5}\b|\b[A-Z]\s?\d{3}\s?\d{3}\s?\d{3}\b|\b[A-Z]\d{9}\b/;

/** Lines holding a postcode or an insurance number, as read. */
function keyLines(p: OcrPage | null): string {
  return (p?.lines ?? [])
    .map((l) => squash(l.text))
    .filter((t) => KEY_LINE.test(t))
    .sort()
    .join('\n');
}

/** Postcodes and insurance numbers read on the page (spaces inside a number removed). */
function keyTokens(p: OcrPage | null): string {
  const t = p?.text ?? '';
  const out = new Set<string>();
  for (const m of t.matchAll(/\b\d{5}\b/g)) out.add(m[0]);
  for (const m of t.matchAll(/\b[A-Z] ?\d{3} ?\d{3} ?\d{3}\b/g)) out.add(m[0].replace(/ /g, ''));
  return [...out].sort().join(' ');
}

/** The sender block: lines starting in the top third of the page. */
function senderBlock(p: OcrPage | null, height: number): string {
  return (p?.lines ?? [])
    .filter((l) => l.box.y < height / 3)
    .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x)
    .map((l) => squash(l.text))
    .join('\n');
}

interface Accuracy {
  meanConfidence: number;
  keySameAsNative: number | null;
  numbersSameAsNative: number | null;
  senderSameAsBase: number | null;
  truthFound: number | null;
  truthChecks: number;
}

function accuracy(run: Run, pages: BenchPage[], truth: Map<string, Truth>, native: Run | null, base: Run | null): Accuracy {
  let confSum = 0;
  let words = 0;
  let keySame = 0;
  let numsSame = 0;
  let senderSame = 0;
  for (let i = 0; i < pages.length; i++) {
    const r = run.results[i] ?? null;
    for (const l of r?.lines ?? []) for (const w of l.words) {
      confSum += w.confidence;
      words++;
    }
    if (native && keyTokens(r) === keyTokens(native.results[i] ?? null)) numsSame++;
    if (native && keyLines(r) === keyLines(native.results[i] ?? null)) keySame++;
    else if (native && process.env.BENCH_DEBUG) console.error(`${run.label} ${pages[i]!.id}:\n  ${keyLines(r).replace(/\n/g, ' | ')}\n  ${keyLines(native.results[i] ?? null).replace(/\n/g, ' | ')}`);
    if (base && senderBlock(r, pages[i]!.height) === senderBlock(base.results[i] ?? null, pages[i]!.height)) senderSame++;
  }
  // Truth fields per document (all its pages): name, street, "postcode city", insurance number.
  const byFile = new Map<string, string>();
  pages.forEach((p, i) => byFile.set(p.file, `${byFile.get(p.file) ?? ''}\n${run.results[i]?.text ?? ''}`));
  let found = 0;
  let checks = 0;
  for (const [file, text] of byFile) {
    const t = truth.get(path.basename(file)) ?? truth.get(file);
    if (!t) continue;
    const flat = squash(text);
    const bare = text.replace(/\s+/g, '');
    for (const want of [t.name, t.street, t.postcodeCity]) {
      if (!want) continue;
      checks++;
      if (flat.includes(want)) found++;
    }
    if (t.insuranceNumber) {
      checks++;
      if (bare.includes(t.insuranceNumber)) found++;
    }
  }
  return {
    meanConfidence: words ? confSum / words : 0,
    keySameAsNative: native ? keySame / pages.length : null,
    numbersSameAsNative: native ? numsSame / pages.length : null,
    senderSameAsBase: base ? senderSame / pages.length : null,
    truthFound: checks ? found / checks : null,
    truthChecks: checks,
  };
}

// ---------------------------------------------------------------------------------------------
// native tesseract (bench set-up only)

function hasNative(): boolean {
  const v = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return v.status === 0 && /^deu$/m.test(v.stdout);
}

function ensureNative(): boolean {
  if (hasNative()) return true;
  console.error('native tesseract (with German data) is missing. It is a benchmark tool only, never a product dependency; install it with:\n  apt-get install -y tesseract-ocr tesseract-ocr-deu');
  const root = process.getuid?.() === 0;
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error(`not installing it here (${root ? 'no apt-get' : 'not running as root'}): the native rate and the ratio are skipped`);
    return false;
  }
  console.error('running as root with apt-get: installing tesseract-ocr tesseract-ocr-deu for this benchmark now …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 2, 2], env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'tesseract-ocr', 'tesseract-ocr-deu'], { stdio: ['ignore', 2, 2], env });
  const ok = hasNative();
  console.error(ok ? 'native tesseract installed' : 'installing native tesseract failed: the native rate and the ratio are skipped');
  return ok;
}

function parseTsv(tsv: string): OcrPage {
  const lines = new Map<string, OcrLine>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const text = c.slice(11).join('\t');
    if (!text.trim()) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    const box = { x: Number(c[6]), y: Number(c[7]), width: Number(c[8]), height: Number(c[9]) };
    const word = { text, confidence: Number(c[10]), box };
    const line = lines.get(key);
    if (!line) lines.set(key, { text, confidence: word.confidence, box: { ...box }, words: [word] });
    else {
      line.words.push(word);
      line.text += ` ${text}`;
      const x1 = Math.max(line.box.x + line.box.width, box.x + box.width);
      const y1 = Math.max(line.box.y + line.box.height, box.y + box.height);
      line.box.x = Math.min(line.box.x, box.x);
      line.box.y = Math.min(line.box.y, box.y);
      line.box.width = x1 - line.box.x;
      line.box.height = y1 - line.box.y;
    }
  }
  const all = [...lines.values()];
  const conf = all.flatMap((l) => l.words.map((w) => w.confidence));
  return { lines: all, text: all.map((l) => l.text).join('\n'), meanConfidence: conf.length ? conf.reduce((a, b) => a + b, 0) / conf.length : 0 };
}

async function runNative(label: string, pages: BenchPage[], dir: string, extra: string[]): Promise<Run> {
  const results: (OcrPage | null)[] = new Array(pages.length).fill(null);
  const run1 = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const out = path.join(dir, `out-${i}`);
      const p = spawn('tesseract', [path.join(dir, `page-${i}.png`), out, ...extra, '-l', 'deu', 'tsv'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => {
        if (code !== 0) return reject(new Error(`tesseract exited ${code}: ${err.slice(-300)}`));
        results[i] = parseTsv(readFileSync(`${out}.tsv`, 'utf8'));
        resolve();
      });
    });
  const cpu0 = childCpuS();
  const t0 = performance.now();
  await lanes(pages.length, run1);
  return { label, pages: pages.length, wallS: (performance.now() - t0) / 1000, cpuS: childCpuS() - cpu0, results };
}

// ---------------------------------------------------------------------------------------------
// ours: the product pool

async function runProduct(model: Model, pages: BenchPage[], recycle: number, totalPages: number | null): Promise<{ run: Run; peak?: number; rssAfter?: number }> {
  const pool = createTesseractPool({ size: LANES, model, recycleAfterPages: recycle });
  const label = `tesseract.js ${model} (product pool)`;
  try {
    const rssStart = rss();
    const tw = performance.now();
    // Warm-up: creates both workers (load WASM + language data); a long-running worker pays this once.
    await Promise.all([pool.recognize(pages[0]!.png), pool.recognize(pages[1 % pages.length]!.png)]);
    const warm = (performance.now() - tw) / 1000;
    const count = totalPages ?? pages.length;
    if (totalPages) console.log(`  rss at start ${mb(rssStart)}, after creating ${LANES} workers and 2 warm-up pages (${warm.toFixed(1)} s) ${mb(rss())}`);
    else console.log(`  ${model}: ${LANES} workers created and warmed up in ${warm.toFixed(1)} s`);
    const results: (OcrPage | null)[] = new Array(pages.length).fill(null);
    let done = 0;
    let passWall = 0;
    let passCpu = 0;
    const cpu0 = ownCpuS();
    const t0 = performance.now();
    await lanes(count, async (i) => {
      const r = await pool.recognize(pages[i % pages.length]!.png);
      if (i < pages.length) results[i] = r;
      done++;
      if (done === pages.length) {
        passWall = (performance.now() - t0) / 1000;
        passCpu = ownCpuS() - cpu0;
      }
      if (totalPages && (done % 100 === 0 || done === count)) {
        const s = (performance.now() - t0) / 1000;
        console.log(`  ${String(done).padStart(4)} pages  ${s.toFixed(0).padStart(4)} s  ${(done / s).toFixed(2)} pages/s  rss ${mb(rss())}  peak ${mb(peakRss())}  load ${load()}`);
      }
    });
    const run: Run = { label, pages: pages.length, wallS: passWall, cpuS: passCpu, results };
    if (!totalPages) return { run };
    const wall = (performance.now() - t0) / 1000;
    console.log(`  all ${count} pages: ${(count / wall).toFixed(2)} pages/s wall, ${((LANES * count) / (ownCpuS() - cpu0)).toFixed(2)} pages/s by CPU time`);
    return { run, peak: peakRss(), rssAfter: rss() };
  } finally {
    await pool.close();
  }
}

/**
 * Runs the product pool in a child process on the PNGs in `dir`, so that its RSS is the OCR
 * process's own (node, modules, pool, one copy of the page PNGs), not the bench's page loading.
 */
async function runProductChild(dir: string, model: Model, n: number, recycle: number, total: number | null): Promise<{ run: Run; peak?: number; rssAfter?: number }> {
  const out = path.join(dir, `result-${model}.json`);
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--ocr-child', dir, model, String(n), String(recycle), String(total ?? 0), out];
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`OCR child exited ${code}`))));
  });
  return JSON.parse(readFileSync(out, 'utf8')) as { run: Run; peak?: number; rssAfter?: number };
}

async function ocrChild(args: string[]): Promise<void> {
  const [dir, model, n, recycle, total, out] = args as [string, Model, string, string, string, string];
  console.log(`  OCR process ${process.pid}: rss before reading pages ${mb(rss())}`);
  const pages: BenchPage[] = Array.from({ length: Number(n) }, (_, i) => ({ id: String(i), file: '', pageNumber: 1, width: 0, height: 0, png: readFileSync(path.join(dir, `page-${i}.png`)) }));
  const r = await runProduct(model, pages, Number(recycle), Number(total) || null);
  writeFileSync(out, JSON.stringify(r));
}

// ---------------------------------------------------------------------------------------------
// variants: a bench-local pool that mirrors the product's (same createWorker options) and lets a
// variant change the image, the tesseract parameters, the requested outputs and the regions read.

interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Prepared {
  /** Images to recognise; boxes are mapped back to the product page by offset and 1/scale. */
  parts: { image: Buffer; offsetX: number; offsetY: number }[];
  scaleX: number;
  scaleY: number;
}

interface Variant {
  name: string;
  what: string;
  model?: Model;
  params?: Record<string, string>;
  output?: { text?: boolean; blocks?: boolean };
  prep?: (p: BenchPage) => Promise<Prepared>;
  /** Second pass: lines for which this holds are read again from the unaltered page, one line each (PSM 7). */
  reread?: (line: OcrLine) => boolean;
}

/** A line worth a second, full-resolution look: a number (postcode, insurance number, date) or an unsure word. */
const numberOrUnsure = (l: OcrLine) => /\d/.test(l.text) || l.words.some((w) => w.confidence < 75);

async function greyOf(p: BenchPage): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(p.png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const pngOf = (data: Buffer, width: number, height: number, density: number) =>
  sharp(data, { raw: { width, height, channels: 1 } }).png({ compressionLevel: 1 }).withMetadata({ density }).toBuffer();

/** The page's resolution: corpus scans are A4, so the width tells it (1654 px = 200 dpi). */
const dpiOf = (p: BenchPage) => Math.round(p.width / 8.27);

function pgmOf(data: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), data]);
}

/** Rows of ink, merged into bands (text lines, signatures), from a horizontal projection. */
function inkBands(g: { data: Buffer; width: number; height: number }): { top: number; bottom: number }[] {
  const bands: { top: number; bottom: number }[] = [];
  let start = -1;
  let gap = 0;
  for (let y = 0; y < g.height; y++) {
    let ink = 0;
    const row = y * g.width;
    for (let x = 0; x < g.width; x += 2) if (g.data[row + x]! < 128) ink++;
    if (ink >= 2) {
      if (start < 0) start = y;
      gap = 0;
    } else if (start >= 0 && ++gap > 6) {
      bands.push({ top: start, bottom: y - gap });
      start = -1;
      gap = 0;
    }
  }
  if (start >= 0) bands.push({ top: start, bottom: g.height - 1 });
  return bands.filter((b) => b.bottom - b.top >= 6);
}

async function crops(g: { data: Buffer; width: number; height: number }, regions: Region[], dpi: number): Promise<Prepared> {
  const parts: Prepared['parts'] = [];
  for (const r of regions) {
    if (r.height < 8) continue;
    const image = await sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).extract(r).png({ compressionLevel: 1 }).withMetadata({ density: dpi }).toBuffer();
    parts.push({ image, offsetX: r.left, offsetY: r.top });
  }
  return { parts, scaleX: 1, scaleY: 1 };
}

const VARIANTS: Variant[] = [
  { name: 'product', what: 'mirror of the product pool: 8-bit PNG tagged 300 dpi, outputs text+blocks, PSM 3' },
  { name: 'blocks-only', what: 'outputs blocks only (text is rebuilt from the lines anyway)', output: { text: false, blocks: true } },
  { name: 'no-invert', what: 'tessedit_do_invert=0 (no inverted re-read of low-confidence lines)', params: { tessedit_do_invert: '0' } },
  {
    name: 'true-dpi',
    what: 'PNG tagged with the page\'s real resolution (200) instead of 300',
    prep: async (p) => {
      const g = await greyOf(p);
      return { parts: [{ image: await pngOf(g.data, g.width, g.height, dpiOf(p)), offsetX: 0, offsetY: 0 }], scaleX: 1, scaleY: 1 };
    },
  },
  {
    name: 'pgm',
    what: 'raw PGM (P5) handed to the worker instead of PNG: no PNG encode/decode',
    prep: async (p) => {
      const g = await greyOf(p);
      return { parts: [{ image: pgmOf(g.data, g.width, g.height), offsetX: 0, offsetY: 0 }], scaleX: 1, scaleY: 1 };
    },
  },
  {
    name: '150dpi',
    what: 'page downscaled to 150 dpi with sharp (lanczos3)',
    prep: async (p) => {
      const scale = 150 / dpiOf(p);
      const { data, info } = await sharp(p.png).greyscale().resize({ width: Math.round(p.width * scale), kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
      return { parts: [{ image: await pngOf(data, info.width, info.height, 150), offsetX: 0, offsetY: 0 }], scaleX: info.width / p.width, scaleY: info.height / p.height };
    },
  },
  {
    name: 'binarised',
    what: 'sharp normalise() + threshold(160): 1-bit ink before OCR',
    prep: async (p) => {
      const { data, info } = await sharp(p.png).greyscale().normalise().threshold(160).raw().toBuffer({ resolveWithObject: true });
      return { parts: [{ image: await pngOf(data, info.width, info.height, 300), offsetX: 0, offsetY: 0 }], scaleX: 1, scaleY: 1 };
    },
  },
  ...[0.8, 0.7, 0.6].map(
    (sx): Variant => ({
      name: `squeeze-${sx}`,
      what: `page narrowed to ${sx * 100} % width, height kept: the LSTM reads ${sx * 100} % as many columns per line`,
      prep: async (p) => {
        const width = Math.round(p.width * sx);
        const { data } = await sharp(p.png).greyscale().resize({ width, height: p.height, fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
        return { parts: [{ image: await pngOf(data, width, p.height, 300), offsetX: 0, offsetY: 0 }], scaleX: width / p.width, scaleY: 1 };
      },
    }),
  ),
  {
    name: 'sq0.7+reread',
    what: 'squeeze-0.7 first pass; lines with a digit or a word under 75 confidence read again at full width (PSM 7)',
    prep: async (p) => {
      const width = Math.round(p.width * 0.7);
      const { data } = await sharp(p.png).greyscale().resize({ width, height: p.height, fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
      return { parts: [{ image: await pngOf(data, width, p.height, 300), offsetX: 0, offsetY: 0 }], scaleX: width / p.width, scaleY: 1 };
    },
    reread: numberOrUnsure,
  },
  { name: 'psm6', what: 'tessedit_pageseg_mode=6 (one uniform block, no layout analysis)', params: { tessedit_pageseg_mode: '6' } },
  {
    name: 'ink-bands',
    what: 'only the bands of rows holding ink are passed (blank margins cut), one image per band group',
    prep: async (p) => {
      const g = await greyOf(p);
      const bands = inkBands(g);
      // Merge bands closer than 60 px into one region, each region padded by 8 px.
      const regions: Region[] = [];
      for (const b of bands) {
        const last = regions[regions.length - 1];
        if (last && b.top - (last.top + last.height) < 60) last.height = b.bottom + 8 - last.top;
        else regions.push({ left: 0, top: Math.max(0, b.top - 8), width: g.width, height: b.bottom - b.top + 16 });
      }
      for (const r of regions) r.height = Math.min(r.height, g.height - r.top);
      return crops(g, regions, 300);
    },
  },
  {
    name: 'regions',
    what: 'top 40 % (sender, window, date, subject) + the last 5 ink bands (closing formula, signature, typed name); body skipped',
    prep: async (p) => {
      const g = await greyOf(p);
      const cut = Math.round(g.height * 0.4);
      const below = inkBands(g).filter((b) => b.top >= cut);
      const tail = below.slice(-5);
      const regions: Region[] = [{ left: 0, top: 0, width: g.width, height: cut }];
      if (tail.length) {
        const top = Math.max(cut, tail[0]!.top - 10);
        regions.push({ left: 0, top, width: g.width, height: Math.min(g.height, tail[tail.length - 1]!.bottom + 10) - top });
      }
      return crops(g, regions, 300);
    },
  },
  {
    name: 'combo',
    what: 'pgm + true dpi + no-invert + blocks-only',
    params: { tessedit_do_invert: '0' },
    output: { text: false, blocks: true },
    prep: async (p) => {
      const g = await greyOf(p);
      return { parts: [{ image: pgmOf(g.data, g.width, g.height), offsetX: 0, offsetY: 0 }], scaleX: 1, scaleY: 1 };
    },
  },
  { name: 'model-4.0.0', what: 'the product pool\'s settings with the 4.0.0 model', model: '4.0.0' },
];

interface TessBlock {
  paragraphs: { lines: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number }; words: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[] }[] }[];
}

function toLines(blocks: TessBlock[] | null, offX: number, offY: number, sx: number, sy: number): OcrLine[] {
  const box = (b: { x0: number; y0: number; x1: number; y1: number }) => ({ x: Math.round(b.x0 / sx + offX), y: Math.round(b.y0 / sy + offY), width: Math.round((b.x1 - b.x0) / sx), height: Math.round((b.y1 - b.y0) / sy) });
  const lines: OcrLine[] = [];
  for (const b of blocks ?? [])
    for (const p of b.paragraphs)
      for (const l of p.lines) lines.push({ text: l.text.replace(/\s+$/, ''), confidence: l.confidence, box: box(l.bbox), words: l.words.map((w) => ({ text: w.text, confidence: w.confidence, box: box(w.bbox) })) });
  return lines;
}

const langPath = (model: Model) => path.join(path.dirname(require.resolve('@tesseract.js-data/deu')), model);

async function runVariant(v: Variant, pages: BenchPage[], fallbackModel: Model): Promise<Run> {
  const model = v.model ?? fallbackModel;
  const make = async () => {
    const w = await createWorker('deu', OEM.LSTM_ONLY, { langPath: langPath(model), gzip: true, cacheMethod: 'none', errorHandler: () => undefined });
    if (v.params) await w.setParameters(v.params);
    return w;
  };
  const workers: Worker[] = await Promise.all(Array.from({ length: LANES }, make));
  const free = [...workers];
  const output = v.output ?? { text: true, blocks: true };
  const read = async (p: BenchPage): Promise<OcrPage> => {
    const prep: Prepared = v.prep ? await v.prep(p) : { parts: [{ image: p.png, offsetX: 0, offsetY: 0 }], scaleX: 1, scaleY: 1 };
    const w = free.pop()!;
    try {
      const lines: OcrLine[] = [];
      for (const part of prep.parts) {
        const r = await w.recognize(part.image, {}, output);
        lines.push(...toLines(r.data.blocks as unknown as TessBlock[] | null, part.offsetX, part.offsetY, prep.scaleX, prep.scaleY));
      }
      if (v.reread) {
        for (let k = 0; k < lines.length; k++) {
          const l = lines[k]!;
          if (!v.reread(l)) continue;
          const pad = 6;
          const left = Math.max(0, l.box.x - pad);
          const top = Math.max(0, l.box.y - pad);
          const rect = { left, top, width: Math.min(p.width - left, l.box.width + 2 * pad), height: Math.min(p.height - top, l.box.height + 2 * pad) };
          if (rect.width < 8 || rect.height < 8) continue;
          const crop = await sharp(p.png).extract(rect).png({ compressionLevel: 1 }).withMetadata({ density: 300 }).toBuffer();
          const r = await w.recognize(crop, { tessedit_pageseg_mode: '7' } as never, { blocks: true, text: false });
          const again = toLines(r.data.blocks as unknown as TessBlock[] | null, left, top, 1, 1);
          if (again.length === 1) lines[k] = again[0]!;
          else if (again.length > 1) lines[k] = { ...again[0]!, text: again.map((a) => a.text).join(' '), words: again.flatMap((a) => a.words), box: l.box };
        }
      }
      const conf = lines.flatMap((l) => l.words.map((x) => x.confidence));
      return { lines, text: lines.map((l) => l.text).join('\n'), meanConfidence: conf.length ? conf.reduce((a, b) => a + b, 0) / conf.length : 0 };
    } finally {
      free.push(w);
    }
  };
  try {
    await Promise.all([read(pages[0]!), read(pages[1 % pages.length]!)]); // warm-up, as for the product pool
    const results: (OcrPage | null)[] = new Array(pages.length).fill(null);
    const cpu0 = ownCpuS();
    const t0 = performance.now();
    await lanes(pages.length, async (i) => {
      results[i] = await read(pages[i]!);
    });
    return { label: v.name, pages: pages.length, wallS: (performance.now() - t0) / 1000, cpuS: ownCpuS() - cpu0, results };
  } finally {
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
  }
}

// ---------------------------------------------------------------------------------------------
// report

const rateWall = (r: Run) => r.pages / r.wallS;
const rateCpu = (r: Run) => (LANES * r.pages) / r.cpuS; // pages/s two cores would give if nothing else ran
const pct = (x: number | null) => (x === null ? '   –' : `${(100 * x).toFixed(0).padStart(3)}%`);

function row(r: Run, native: Run | null, acc: Accuracy): string {
  const ratioW = native ? (rateWall(r) / rateWall(native)).toFixed(2) : '–';
  const ratioC = native ? (rateCpu(r) / rateCpu(native)).toFixed(2) : '–';
  return [
    r.label.padEnd(34),
    rateWall(r).toFixed(2).padStart(7),
    rateCpu(r).toFixed(2).padStart(7),
    ratioW.padStart(6),
    ratioC.padStart(6),
    acc.meanConfidence.toFixed(1).padStart(6),
    pct(acc.keySameAsNative).padStart(8),
    pct(acc.numbersSameAsNative).padStart(8),
    pct(acc.senderSameAsBase).padStart(8),
    pct(acc.truthFound).padStart(7),
  ].join(' ');
}

const HEADER = [
  'run'.padEnd(34),
  'p/s'.padStart(7),
  'p/s cpu'.padStart(7),
  'ratio'.padStart(6),
  'r cpu'.padStart(6),
  'conf'.padStart(6),
  'key=nat'.padStart(8),
  'num=nat'.padStart(8),
  'snd=base'.padStart(8),
  'truth'.padStart(7),
].join(' ');

const LEGEND = `p/s: pages/s by wall clock on ${LANES} lanes; p/s cpu: ${LANES} / CPU seconds per page (what ${LANES} cores give when nothing else runs);
ratio, r cpu: ours / native tesseract CLI; conf: mean word confidence; key=nat: pages whose lines with a postcode or an insurance
number read exactly as native's; num=nat: pages whose set of postcodes and insurance numbers equals native's; snd=base: pages whose top-third text (sender block) reads exactly as the product pool's;
truth: sender name, street, "postcode city" and insurance number of the corpus truth found in the page text.`;

// ---------------------------------------------------------------------------------------------

export async function benchLetters(args: string[]): Promise<void> {
  if (args[0] === '--ocr-child') return ocrChild(args.slice(1));
  const cfg = parseConfig(process.env, root);
  const model = cfg.ocr.model;
  const variantArg = flagValue(args, '--variant');
  if (variantArg === 'list') {
    for (const v of VARIANTS) console.log(`${v.name.padEnd(12)} ${v.what}`);
    return;
  }
  const variants = variantArg === undefined ? [] : variantArg === 'all' ? VARIANTS : variantArg.split(',').map((n) => VARIANTS.find((v) => v.name === n) ?? (console.error(`unknown variant ${n}; --variant list shows them`), process.exit(2)));
  const rssPages = Number(flagValue(args, '--rss-pages') ?? 500);

  const { dir, files } = findCorpus(flagValue(args, '--corpus'));
  const truth = readTruth(dir);
  const loaded = await loadPages(files, dir);
  const limit = Number(flagValue(args, '--pages') ?? 0);
  const pages = limit > 0 ? loaded.pages.slice(0, limit) : loaded.pages;
  const pngBytes = pages.reduce((a, p) => a + p.png.length, 0);
  console.log(`letters benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, load average at start ${load()}`);
  console.log(`corpus ${path.relative(root, dir) || dir}: ${files.length} letters, ${loaded.pages.length} pages (using ${pages.length}); page images by the product's imagePages/pdfPages in ${loaded.seconds.toFixed(1)} s (${(loaded.pages.length / loaded.seconds).toFixed(1)} pages/s on one core), ${mb(pngBytes)} of PNG held by the bench`);
  const sizes = new Map<string, number>();
  for (const p of pages) sizes.set(`${p.width}x${p.height}`, (sizes.get(`${p.width}x${p.height}`) ?? 0) + 1);
  console.log(`page sizes: ${[...sizes].map(([s, n]) => `${s} ×${n}`).join(', ')}`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-letters-'));
  try {
    pages.forEach((p, i) => writeFileSync(path.join(tmp, `page-${i}.png`), p.png));
    await report(args, cfg.ocr.recycleAfterPages, model, variants, rssPages, pages, truth, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function report(args: string[], recycle: number, model: Model, variants: Variant[], rssPages: number, pages: BenchPage[], truth: Map<string, Truth>, tmp: string): Promise<void> {
  // 1. Ours: the product pool with the configured model, looped until rssPages pages are read.
  console.log(`\nours: createTesseractPool size ${LANES}, model ${model} (TRIAGE_OCR_MODEL), recycle after ${recycle} pages; ${Math.max(rssPages, pages.length)} pages, in a child process of its own`);
  const ours = await runProductChild(tmp, model, pages.length, recycle, Math.max(rssPages, pages.length));

  // 2. Native tesseract on the same PNGs.
  let native: Run | null = null;
  let nativeSame: Run | null = null;
  if (!args.includes('--no-native') && ensureNative()) {
    {
      const version = spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
      console.log(`\nnative: ${version}, OMP_THREAD_LIMIT=1, ${LANES} processes, -l deu tsv (Debian's deu data), ${pages.length} pages from ${tmp}`);
      native = await runNative('native tesseract CLI (deu, Debian)', pages, tmp, []);
      // The same CLI with tesseract.js's own language data: how much of the gap is WASM and how much the model.
      const same = path.join(tmp, 'tessdata');
      mkdirSync(same);
      writeFileSync(path.join(same, 'deu.traineddata'), gunzipSync(readFileSync(path.join(langPath(model), 'deu.traineddata.gz'))));
      nativeSame = await runNative(`native CLI with ${model} data`, pages, tmp, ['--tessdata-dir', same, '--oem', '1']);
    }
  }

  // 3. The other model, through the same product pool.
  const modelRuns: Run[] = [ours.run];
  if (!args.includes('--no-models')) {
    for (const m of MODELS.filter((x) => x !== model)) {
      console.log(`\nother model: ${m}, one pass`);
      modelRuns.push((await runProductChild(tmp, m, pages.length, recycle, null)).run);
    }
  }

  // 4. Variants.
  const variantRuns: Run[] = [];
  for (const v of variants) {
    console.error(`variant ${v.name} …`);
    variantRuns.push(await runVariant(v, pages, model));
  }

  // Report.
  const base = ours.run;
  console.log(`\n=== letters: ${pages.length} pages, load average at end ${load()} ===`);
  console.log(HEADER);
  if (native) console.log(row(native, native, accuracy(native, pages, truth, native, base)));
  if (nativeSame) console.log(row(nativeSame, native, accuracy(nativeSame, pages, truth, native, base)));
  for (const r of modelRuns) console.log(row(r, native, accuracy(r, pages, truth, native, base)));
  if (variantRuns.length) {
    console.log('variants (bench-local pool with the product\'s createWorker options):');
    for (const r of variantRuns) console.log(row(r, native, accuracy(r, pages, truth, native, base)));
  }
  console.log(LEGEND);
  console.log(`\nours (${model}): ${rateWall(base).toFixed(2)} pages/s on ${LANES} cores (${rateCpu(base).toFixed(2)} by CPU time)`);
  if (native) {
    console.log(`native tesseract CLI: ${rateWall(native).toFixed(2)} pages/s (${rateCpu(native).toFixed(2)} by CPU time)`);
    console.log(`ratio ours/native: ${(rateWall(base) / rateWall(native)).toFixed(2)} (by CPU time ${(rateCpu(base) / rateCpu(native)).toFixed(2)}); target ≥ 1.0`);
  } else console.log('native tesseract CLI: not measured (see stderr); ratio not available');
  console.log(`peak RSS ${mb(ours.peak ?? 0)} (target ≤ 700 MB); RSS after ${Math.max(rssPages, pages.length)} pages ${mb(ours.rssAfter ?? 0)}`);
  if (truth.size === 0) console.log('(no truth.jsonl beside the corpus: the truth column is empty)');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await benchLetters(process.argv.slice(2));
