// One read thread: reads items (text, PDF, OCR) off the main thread, so the worker's main thread
// stays free to renew job locks and talk to Redis and PostgreSQL. Pure: no database, no queue.
import { parentPort, workerData } from 'node:worker_threads';
import { parseConfig } from '../src/config/config.js';
import type { Channel } from '../src/contract/triage-result.js';
import { countPages } from '../src/ocr/counted-engine.js';
import { createTesseractPool } from '../src/ocr/tesseract-pool.js';
import { readStage, type ReadStageContext } from '../src/pipeline/stages.js';
import { isTriageError } from '../src/shared/errors.js';

/** What the pool hands each thread (worker_threads `workerData`). */
export interface ReadThreadData {
  env: Record<string, string | undefined>;
  cwd: string;
  /** OCR workers this thread may run. */
  ocrWorkers: number;
}

export interface ReadTask {
  id: number;
  bytes: Uint8Array;
  channel: Channel;
  ending: string;
}

/** Pages OCR read for the task, and the engine's time on them (for the metrics). */
export interface OcrWork {
  pages: number;
  ms: number;
}

export type ReadReply =
  | { id: number; ok: true; read: Awaited<ReturnType<typeof readStage>>; ocr: OcrWork }
  | { id: number; ok: false; error: { triage: boolean; code: string; message: string; permanent: boolean }; ocr: OcrWork };

const data = workerData as ReadThreadData;
const config = parseConfig(data.env, data.cwd);
// Pages read since the last reply; tasks in this thread run one at a time per OCR lane, so the
// count is handed out with whichever reply comes next (the totals are what the metrics need).
const work: OcrWork = { pages: 0, ms: 0 };
const takeWork = (): OcrWork => {
  const taken = { ...work };
  work.pages = 0;
  work.ms = 0;
  return taken;
};
const ctx: ReadStageContext = {
  limits: config.limits,
  // Tesseract workers start on the first page to read: emails and forms never load the engine.
  ocr: config.ocr.enabled
    ? countPages(createTesseractPool({ size: data.ocrWorkers, model: config.ocr.model, recycleAfterPages: config.ocr.recycleAfterPages }), (ms) => {
        work.pages++;
        work.ms += ms;
      })
    : null,
  extract: { insurer: config.insurer },
};

// Loading the readers takes a moment: the pool waits for this before the worker takes read jobs.
parentPort!.postMessage({ ready: true });

parentPort!.on('message', (task: ReadTask) => {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  readStage(bytes, task.channel, ctx, task.ending).then(
    (read) => parentPort!.postMessage({ id: task.id, ok: true, read, ocr: takeWork() } satisfies ReadReply),
    (err: unknown) => {
      // Only our own errors cross with their text; an unknown error's text may quote the input.
      const error = isTriageError(err)
        ? { triage: true, code: err.code, message: err.message, permanent: err.permanent }
        : { triage: false, code: 'internal.unexpected', message: err instanceof Error ? err.name : 'unknown', permanent: true };
      parentPort!.postMessage({ id: task.id, ok: false, error, ocr: takeWork() } satisfies ReadReply);
    },
  );
});
