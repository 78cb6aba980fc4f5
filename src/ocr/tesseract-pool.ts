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

  function acquire(signal?: AbortSignal): Promise<Slot> {
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
    return new Promise((resolve, reject) => {
      const take = (slot: Slot) => {
        signal?.removeEventListener('abort', leave);
        resolve(slot);
      };
      const leave = () => {
        const at = waiting.indexOf(take);
        if (at >= 0) waiting.splice(at, 1);
        reject(signal!.reason);
      };
      waiting.push(take);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }

  /** A worker stopped mid-page cannot be trusted with the next one: it is ended and replaced. */
  function replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = spawn();
    slot.pages = 0;
    void old.then((w) => w.terminate()).catch(() => undefined);
  }

  function release(slot: Slot): void {
    if (slot.pages >= options.recycleAfterPages) replace(slot);
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  return {
    async recognize(png: Buffer, opts: { signal?: AbortSignal } = {}): Promise<OcrPage> {
      const { signal } = opts;
      if (signal?.aborted) throw signal.reason;
      const slot = await acquire(signal);
      let onAbort: (() => void) | null = null;
      try {
        const reading = slot.worker.then((worker) => {
          // Given up while the worker was starting: the page is never sent to it.
          if (signal?.aborted) throw signal.reason;
          failure = null;
          return worker.recognize(png, {}, { text: true, blocks: true });
        });
        // A page given up at the limit may still fail inside its ended worker: expected, not a crash.
        reading.catch(() => undefined);
        const r = signal
          ? await new Promise<Awaited<typeof reading>>((resolve, reject) => {
              onAbort = () => {
                replace(slot);
                reject(signal.reason);
              };
              if (signal.aborted) return onAbort();
              signal.addEventListener('abort', onAbort, { once: true });
              reading.then(resolve, reject);
            })
          : await reading;
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
        if (signal?.aborted && err === signal.reason) throw err;
        throw new TriageError('ocr.failed', 'OCR could not read this page; the item is kept for a case worker to read.', { cause: err, permanent: false });
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        release(slot);
      }
    },
    async close(): Promise<void> {
      const all = slots.splice(0);
      await Promise.all(all.map((s) => s.worker.then((w) => w.terminate()).catch(() => undefined)));
    },
  };
}
