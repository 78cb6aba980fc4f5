import type { OcrEngine } from './ocr-model.js';

/** The engine, telling `onPage` the milliseconds of every page it read (for metrics and benchmarks). */
export function countPages(engine: OcrEngine, onPage: (ms: number) => void): OcrEngine {
  return {
    async recognize(png, options) {
      const started = performance.now();
      const page = await engine.recognize(png, options);
      onPage(performance.now() - started);
      return page;
    },
    close: () => engine.close(),
  };
}
