import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Channel } from '../src/contract/triage-result.js';
import type { ReadOutput } from '../src/pipeline/stages.js';
import { TriageError } from '../src/shared/errors.js';
import type { ReadReply, ReadTask, ReadThreadData } from './read-thread.js';

const ENTRY = fileURLToPath(new URL('./read-thread.mjs', import.meta.url));

/** Reads items in worker threads (text, PDF rendering, OCR, signature detection). */
export interface ReadPool {
  /** Resolves when every thread has loaded the readers. */
  ready: Promise<void>;
  read(bytes: Buffer, channel: Channel, ending: string): Promise<ReadOutput>;
  close(): Promise<void>;
}

export interface ReadPoolOptions {
  /** Threads; one per core suits a worker process. */
  size: number;
  env: Record<string, string | undefined>;
  cwd: string;
  /** OCR workers per thread. */
  ocrWorkers: number;
  /** Told the pages OCR read and the engine's seconds on them, as each item comes back. */
  onOcrPages?: (pages: number, seconds: number) => void;
}

interface Lane {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (r: ReadOutput) => void; reject: (e: unknown) => void }>;
}

/**
 * A fixed set of read threads; each task goes to the least busy one. A thread that dies fails its
 * tasks with a transient error (the jobs are retried) and is replaced.
 */
export function createReadPool(options: ReadPoolOptions): ReadPool {
  let nextId = 1;
  let closed = false;
  const data: ReadThreadData = { env: options.env, cwd: options.cwd, ocrWorkers: options.ocrWorkers };

  const spawn = (): Lane => {
    const worker = new Worker(ENTRY, { workerData: data });
    let started = false;
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        started = true;
        resolve();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new TriageError('read.thread_failed', `A read thread stopped while starting (exit code ${code}); check the installation (npm ci).`)));
    });
    // A start-up failure is reported through `ready`; here it must not be an unhandled rejection.
    ready.catch(() => {});
    const lane: Lane = { worker, ready, pending: new Map() };
    lane.worker.on('message', (reply: ReadReply | { ready: true }) => {
      if ('ready' in reply) return;
      const task = lane.pending.get(reply.id);
      if (!task) return;
      lane.pending.delete(reply.id);
      if (reply.ocr.pages > 0) options.onOcrPages?.(reply.ocr.pages, reply.ocr.ms / 1000);
      if (reply.ok) task.resolve(reply.read);
      else task.reject(reply.error.triage ? new TriageError(reply.error.code, reply.error.message, { permanent: reply.error.permanent }) : new Error(reply.error.message));
    });
    const fail = () => {
      for (const task of lane.pending.values()) {
        task.reject(new TriageError('read.thread_died', 'The read thread stopped while reading this item; it is retried.', { permanent: false }));
      }
      lane.pending.clear();
      // A thread that never started would fail again at once: that is reported through `ready` instead.
      const at = lanes.indexOf(lane);
      if (!closed && started && at >= 0) lanes[at] = spawn();
    };
    lane.worker.on('error', fail);
    lane.worker.on('exit', fail);
    return lane;
  };
  const lanes: Lane[] = Array.from({ length: Math.max(1, options.size) }, spawn);

  return {
    ready: Promise.all(lanes.map((l) => l.ready)).then(() => {}),
    read(bytes, channel, ending) {
      if (closed) return Promise.reject(new TriageError('read.pool_closed', 'The worker is shutting down; the item is retried elsewhere.', { permanent: false }));
      const lane = lanes.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<ReadOutput>((resolve, reject) => {
        lane.pending.set(id, { resolve, reject });
        const task: ReadTask = { id, bytes, channel, ending };
        lane.worker.postMessage(task);
      });
    },
    async close() {
      closed = true;
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}
