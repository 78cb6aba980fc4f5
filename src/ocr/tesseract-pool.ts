import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { TriageError } from '../shared/errors.js';
import type { OcrEngine, OcrLine, OcrPage } from './ocr-model.js';

const require = createRequire(import.meta.url);

export interface TesseractPoolOptions {
  /** Workers kept at once; one per core is right for a worker process. */
  size: number;
  /** Language data from the npm package: `4.0.0_best_int` (fast) or `4.0.0` (the larger model). */
  model: '4.0.0_best_int' | '4.0.0';
  /** WASM memory only grows: a worker is replaced after this many pages. */
  recycleAfterPages: number;
}

interface Slot {
  worker: Promise<Worker>;
  pages: number;
  busy: boolean;
}

function langPath(model: string): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/deu')), model);
}

/**
 * A pool of tesseract.js workers, created on first use and reused, fully offline: the German
 * language data comes from `@tesseract.js-data/deu`, nothing is cached to disk.
 */
export function createTesseractPool(options: TesseractPoolOptions): OcrEngine {
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let failure: unknown = null;

  const spawn = (): Promise<Worker> =>
    createWorker('deu', OEM.LSTM_ONLY, {
      langPath: langPath(options.model),
      gzip: true,
      cacheMethod: 'none',
      // Without a handler a failed page throws inside the worker and takes the process down.
      errorHandler: (err: unknown) => {
        failure = err;
      },
    });

  function acquire(): Promise<Slot> {
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (slots.length < options.size) {
      const slot: Slot = { worker: spawn(), pages: 0, busy: true };
      slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(slot: Slot): void {
    if (slot.pages >= options.recycleAfterPages) {
      const old = slot.worker;
      slot.worker = spawn();
      slot.pages = 0;
      void old.then((w) => w.terminate()).catch(() => undefined);
    }
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  return {
    async recognize(png: Buffer): Promise<OcrPage> {
      const slot = await acquire();
      try {
        const worker = await slot.worker;
        failure = null;
        const r = await worker.recognize(png, {}, { text: true, blocks: true });
        slot.pages++;
        if (failure) throw failure;
        const lines: OcrLine[] = [];
        for (const b of r.data.blocks ?? []) {
          for (const p of b.paragraphs) {
            for (const l of p.lines) {
              const box = { x: l.bbox.x0, y: l.bbox.y0, width: l.bbox.x1 - l.bbox.x0, height: l.bbox.y1 - l.bbox.y0 };
              const words = l.words.map((w) => ({
                text: w.text,
                confidence: w.confidence,
                box: { x: w.bbox.x0, y: w.bbox.y0, width: w.bbox.x1 - w.bbox.x0, height: w.bbox.y1 - w.bbox.y0 },
              }));
              lines.push({ text: l.text.replace(/\s+$/, ''), confidence: l.confidence, box, words });
            }
          }
        }
        const conf = lines.flatMap((l) => l.words.map((w) => w.confidence));
        return {
          lines,
          text: lines.map((l) => l.text).join('\n'),
          meanConfidence: conf.length ? conf.reduce((a, b) => a + b, 0) / conf.length : 0,
        };
      } catch (err) {
        throw new TriageError('ocr.failed', 'OCR could not read this page; the item is kept for a case worker to read.', { cause: err, permanent: false });
      } finally {
        release(slot);
      }
    },
    async close(): Promise<void> {
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.then((w) => w.terminate()).catch(() => undefined)));
    },
  };
}
