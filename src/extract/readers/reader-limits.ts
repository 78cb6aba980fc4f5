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
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxMessageBytes: 10 * 1024 * 1024,
  maxScanBytes: 50 * 1024 * 1024,
  maxMimeParts: 64,
  maxPdfPages: 20,
  attachmentTimeoutMs: 15_000,
};
