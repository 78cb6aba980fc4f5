import type { OcrEngine } from '../../ocr/ocr-model.js';
import type { PageImageLimits } from '../../ocr/page-images.js';

/** Bounds on the work one item may cause. All configurable (see `parseConfig`). */
export interface ReaderLimits {
  /** Largest email or contact form accepted, in bytes. */
  maxMessageBytes: number;
  /** Largest scanned letter accepted, in bytes. */
  maxScanBytes: number;
  /** Most multipart containers one email may hold (a 1,000-level nested message is an attack, not mail). */
  maxMimeParts: number;
  /** Most pages read from one PDF attachment. */
  maxPdfPages: number;
  /** Time allowed for reading one attachment, in milliseconds. */
  attachmentTimeoutMs: number;
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
  maxPixels: 60_000_000,
  renderDpi: 200,
  maxRenderWidth: 2480,
};

export function pageLimits(l: ReaderLimits): PageImageLimits {
  return { maxPixels: l.maxPixels, maxPages: l.maxPdfPages, renderDpi: l.renderDpi, maxRenderWidth: l.maxRenderWidth };
}
