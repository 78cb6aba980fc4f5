// The read stage as a BullMQ sandboxed processor, run in a worker thread: OCR and PDF rendering
// keep this thread busy for seconds, while the worker's main thread keeps renewing job locks.
// Each thread opens its own database pool, Redis connection and OCR workers.
import { workerData } from 'node:worker_threads';
import { parseConfig } from '../src/config/config.js';
import type { OcrEngine } from '../src/ocr/ocr-model.js';
import { createTesseractPool } from '../src/ocr/tesseract-pool.js';
import { createLogger } from '../src/shared/logger.js';
import { openStageContext } from './stage-context.js';
import { createReadProcessor, type StageJob, type StageProcessor } from './stage-processors.js';

/** What the worker process hands each read thread (worker_threads `workerData`). */
export interface ReadSandboxData {
  env: Record<string, string | undefined>;
  cwd: string;
  /** OCR workers this thread may run (the process's share divided among its read threads). */
  ocrWorkers: number;
}

let processor: Promise<StageProcessor> | undefined;
let ocr: OcrEngine | null = null;

async function init(): Promise<StageProcessor> {
  const data = workerData as ReadSandboxData;
  const config = parseConfig(data.env, data.cwd);
  const ctx = await openStageContext(config);
  ocr = config.ocr.enabled ? createTesseractPool({ size: data.ocrWorkers, model: config.ocr.model, recycleAfterPages: config.ocr.recycleAfterPages }) : null;
  return createReadProcessor(ctx, ocr, createLogger(config.logLevel));
}

export default async function readSandbox(job: StageJob): Promise<string> {
  processor ??= init().catch((err: unknown) => {
    processor = undefined;
    throw err;
  });
  return (await processor)(job);
}
