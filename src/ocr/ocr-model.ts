/** Pixel box on a page image. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcrWord {
  text: string;
  /** 0..100, as tesseract reports it. */
  confidence: number;
  box: Box;
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

export interface OcrPage {
  lines: OcrLine[];
  text: string;
  meanConfidence: number;
}

/** An 8-bit greyscale page: one byte per pixel, 0 black … 255 white. */
export interface GreyPage {
  width: number;
  height: number;
  data: Buffer;
}

/** Reads the words of one page image (PNG). Implementations keep their own workers. */
export interface OcrEngine {
  /**
   * Reads one page. When `signal` aborts, the page is given up at once with the signal's reason:
   * a page still waiting for a worker leaves the queue, and a worker busy with it is replaced.
   */
  recognize(png: Buffer, options?: { signal?: AbortSignal }): Promise<OcrPage>;
  close(): Promise<void>;
}
