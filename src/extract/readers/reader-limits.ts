import type { OcrEngine } from '../../ocr/ocr-model.js';
import type { PageImageLimits } from '../../ocr/page-images.js';
import { TriageError } from '../../shared/errors.js';

/** Bounds on the work one item may cause. All configurable (see `parseConfig`). */
export interface ReaderLimits {
  /** Largest email or contact form accepted, in bytes. */
  maxMessageBytes: number;
  /** Largest scanned letter accepted, in bytes. */
  maxScanBytes: number;
  /** Most multipart containers one email may hold (a 1,000-level nested message is an attack, not mail). */
  maxMimeParts: number;
  /** Most pages read from one PDF or multi-page TIFF (a letter with more fails as a batch scan). */
  maxPdfPages: number;
  /** Time allowed for reading one attachment, in milliseconds. */
  attachmentTimeoutMs: number;
  /** Time allowed for reading one scanned letter (all its pages and their OCR), in milliseconds. */
  itemTimeoutMs: number;
  /** Largest image decoded, in pixels. */
  maxPixels: number;
  /** PDF render resolution for OCR, capped by `maxRenderWidth` pixels. */
  renderDpi: number;
  maxRenderWidth: number;
}

/** What a reader may use: its limits and, when scans are to be read, an OCR engine. */
export interface ReaderContext {
  limits: ReaderLimits;
  ocr: OcrEngine | null;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxMessageBytes: 10 * 1024 * 1024,
  maxScanBytes: 50 * 1024 * 1024,
  maxMimeParts: 64,
  maxPdfPages: 20,
  attachmentTimeoutMs: 15_000,
  itemTimeoutMs: 120_000,
  maxPixels: 60_000_000,
  renderDpi: 200,
  maxRenderWidth: 2480,
};

export function pageLimits(l: ReaderLimits, signal?: AbortSignal): PageImageLimits {
  return { maxPixels: l.maxPixels, maxPages: l.maxPdfPages, renderDpi: l.renderDpi, maxRenderWidth: l.maxRenderWidth, ...(signal ? { signal } : {}) };
}

/** The error of an item stopped by its time limit (`TRIAGE_ITEM_TIMEOUT_MS`). */
export function scanTimeout(ms: number, variable = 'TRIAGE_ITEM_TIMEOUT_MS'): TriageError {
  return new TriageError(
    'scan.timeout',
    `Reading this scan took longer than the limit of ${ms} ms and was stopped. The item is kept for a case worker; if such scans are normal, raise ${variable}.`,
  );
}

/**
 * A time limit on reading one item. Its signal aborts (reason: a `scan.timeout` TriageError) when
 * the time is up; page rendering stops at the next page and `guardOcr` refuses further pages.
 * `run` settles at the limit even if the work it waits on never does.
 */
export interface Deadline {
  signal: AbortSignal;
  run<T>(work: Promise<T>): Promise<T>;
  /** Stops the timer (always call it, or the process waits for the timer). */
  clear(): void;
}

export function deadline(ms: number, error: () => TriageError = () => scanTimeout(ms)): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(error()), ms);
  const signal = controller.signal;
  return {
    signal,
    run<T>(work: Promise<T>): Promise<T> {
      // Work abandoned at the limit may still fail later: that rejection is expected, not a crash.
      work.catch(() => undefined);
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(
          (v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
          },
          (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        );
      });
    },
    clear: () => clearTimeout(timer),
  };
}

/**
 * The OCR engine seen through a deadline: a page still waiting for a worker, or still being read,
 * when the time is up is given up at once (a worker busy with it is ended and replaced, so a page
 * that never finishes cannot hold it), and no further page is started. `close` is the pool's: it is not closed here.
 */
export function guardOcr(ocr: OcrEngine, d: Deadline): OcrEngine {
  return {
    recognize: (png) => (d.signal.aborted ? Promise.reject(d.signal.reason) : d.run(ocr.recognize(png, { signal: d.signal }))),
    close: () => Promise.resolve(),
  };
}
