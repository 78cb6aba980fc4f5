// `npm run bench -- queue`: the queue end to end, through the real Redis and PostgreSQL.
//
// Prints, in one run:
//   - raw BullMQ no-op jobs/s on the same Redis (one process), for the ratio;
//   - end-to-end items/s for emails and for contact forms (../shared/load-corpus, else variants of
//     samples/) with 1 and 2 worker processes: from the first item handed in until the last result
//     and reply are stored (intake in this process, workers as `triage worker` child processes),
//     cold (fresh workers) and warm (the same items again as new ones), with the CPU per item of
//     the workers, PostgreSQL, Redis and the intake client in the warm pass (Linux /proc);
//   - p50/p95 latency from intake to stored result at a steady 200 items/s (2 worker processes),
//     and at 50 items/s (below saturation on a small machine);
//   - scanned letters: OCR pages/s through the queue (one worker process, OCR on) against the same
//     letters read in this process with as many OCR engines (`--letters N`, default 40).
// Every run uses its own pg schema and queue prefix, removed afterwards. Prints figures only.
//
// Environment: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { parseConfig } from '../src/config/config.js';
import { createTriageClient, type TriageClient } from '../src/queue/client.js';
import { corpus, cpuPerItem, cpuSeconds, DATABASE_URL, dropBenchEnv as dropEnv, freshBenchEnv, REDIS_URL, root, startTriage, stopTriage as stopWorkers, waitForReplies, waitForResults, type BenchEnv } from './bench-env.js';

interface Item {
  name: string;
  channel: 'email' | 'contact-form';
  bytes: Buffer;
}

function loadItems(): { emails: Item[]; forms: Item[]; from: string } {
  if (existsSync(corpus)) {
    const files = readdirSync(corpus).sort();
    const read = (ending: string, channel: Item['channel']) =>
      files.filter((f) => f.endsWith(`.${ending}`)).map((f) => ({ name: f, channel, bytes: readFileSync(path.join(corpus, f)) }));
    return { emails: read('eml', 'email'), forms: read('json', 'contact-form'), from: corpus };
  }
  // Without the shared corpus: 1,000 variants of each kind made from the samples.
  const samples = path.join(root, 'samples');
  const emails: Item[] = [];
  const forms: Item[] = [];
  const files = readdirSync(samples).sort();
  for (let i = 0; i < 1000; i++) {
    for (const f of files) {
      const bytes = readFileSync(path.join(samples, f));
      if (f.endsWith('.eml') && emails.length <= i) {
        emails.push({ name: f, channel: 'email', bytes: Buffer.from(bytes.toString('latin1').replace(/^(message-id:\s*<)/im, `$1b${i}.`), 'latin1') });
      } else if (f.endsWith('.json') && forms.length <= i) {
        forms.push({ name: f, channel: 'contact-form', bytes: Buffer.from(`${JSON.stringify(JSON.parse(bytes.toString('utf8')))}${' '.repeat(i)}`) });
      }
    }
  }
  return { emails, forms, from: 'variants of samples/' };
}

const freshEnv = (extra: Record<string, string> = {}) => freshBenchEnv('q', extra);

function startWorkers(env: Record<string, string>, n: number): Promise<ChildProcess[]> {
  // Through `triage worker`, exactly as deployed.
  return Promise.all(Array.from({ length: n }, () => startTriage(['worker'], env, 'workers running')));
}

/** Hands items in with `parallel` calls at a time. */
async function handIn(client: TriageClient, items: Item[], parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await client.enqueueBytes(item.bytes, item.channel);
      }
    }),
  );
}

/** The same item as a new one for intake (which dedupes by content and Message-ID): the same work for the readers. */
function variantOf(item: Item, pass: number): Item {
  if (item.channel === 'contact-form') return { ...item, bytes: Buffer.concat([item.bytes, Buffer.from(' '.repeat(pass))]) };
  const text = item.bytes.toString('latin1');
  const renamed = text.replace(/^(message-id:\s*<)/im, `$1p${pass}.`);
  return { ...item, bytes: Buffer.from(`X-Bench-Pass: ${pass}\r\n${renamed}`, 'latin1') };
}

/** Hands `items` in and waits until each has its result and, where it wants one, its reply; seconds. */
async function timedPass(e: BenchEnv, client: TriageClient, items: Item[], resultsBefore: number): Promise<{ seconds: number; intakeSeconds: number }> {
  const t0 = performance.now();
  await handIn(client, items, 16);
  const handedIn = performance.now();
  await waitForResults(e.pool, resultsBefore + items.length, 600_000);
  await waitForReplies(e.pool, 600_000);
  return { seconds: (performance.now() - t0) / 1000, intakeSeconds: (handedIn - t0) / 1000 };
}

/**
 * Items/s from the first item handed in until the last result and reply are stored: first with
 * freshly started workers (cold: module loading and the JIT's warm-up fall into it), then the same
 * items again as new ones (warm, as a long-running worker is), with the CPU each part used per item.
 */
async function endToEnd(label: string, items: Item[], processes: number): Promise<void> {
  const e = await freshEnv();
  const workers = await startWorkers(e.env, processes);
  const client = await createTriageClient({ config: parseConfig(e.env, root), actor: 'bench' });
  const cpu = () => cpuSeconds({ pids: { workers: workers.map((w) => w.pid!) }, commands: { postgres: /^postgres/, redis: /redis-server/ } });
  try {
    const cold = await timedPass(e, client, items, 0);
    const before = cpu();
    const warm = await timedPass(e, client, items.map((item) => variantOf(item, 2)), items.length);
    const after = cpu();
    const rate = (seconds: number) => (items.length / seconds).toFixed(0).padStart(5);
    const perItem = cpuPerItem(before, after, items.length, { workers: 'workers', postgres: 'PostgreSQL', redis: 'Redis', self: 'intake client' });
    console.log(
      `${label.padEnd(14)} ${String(items.length).padStart(5)} items, ${processes} worker process(es): cold ${rate(cold.seconds)} items/s, warm ${rate(warm.seconds)} items/s end to end ` +
        `(intake alone ${rate(warm.intakeSeconds).trim()} items/s)${perItem ? `; CPU ms per item, warm: ${perItem}` : ''}`,
    );
  } finally {
    await client.close();
    await stopWorkers(workers);
    await dropEnv(e);
  }
}

async function latency(items: Item[], perSecond: number, seconds: number): Promise<void> {
  const e = await freshEnv();
  const workers = await startWorkers(e.env, 2);
  const client = await createTriageClient({ config: parseConfig(e.env, root), actor: 'bench' });
  const total = Math.min(perSecond * seconds, items.length);
  /** Hands `batch` in at `perSecond`; the offered rate. */
  const offer = async (batch: Item[]): Promise<number> => {
    const t0 = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < batch.length; i++) {
      const due = t0 + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(client.enqueueBytes(batch[i]!.bytes, batch[i]!.channel));
    }
    await Promise.all(pending);
    return batch.length / ((performance.now() - t0) / 1000);
  };
  try {
    // Warm-up at the same rate with the items as new ones (a deployed worker is warm), then the measured run.
    await offer(items.slice(0, total).map((item) => variantOf(item, 2)));
    await waitForResults(e.pool, total, 300_000);
    await waitForReplies(e.pool, 300_000);
    const { rows: [mark] } = await e.pool.query<{ at: Date }>('select max(received_at) as at from intake_items');
    const offered = await offer(items.slice(0, total));
    await waitForResults(e.pool, 2 * total, 300_000);
    const millis = async (after: boolean) =>
      (
        await e.pool.query<{ ms: number }>(
          `select extract(epoch from (r.created_at - i.received_at)) * 1000 as ms from results r join intake_items i on i.id = r.intake_id where i.received_at ${after ? '>' : '<='} $1 order by ms`,
          [mark!.at],
        )
      ).rows.map((r) => Number(r.ms));
    const spread = (rows: number[]) => {
      const at = (p: number) => rows[Math.min(rows.length - 1, Math.floor(p * rows.length))]!.toFixed(0);
      return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${rows[rows.length - 1]!.toFixed(0)} ms`;
    };
    console.log(
      `latency at ${perSecond} items/s (offered ${offered.toFixed(0)}/s, ${total} mixed items, 2 worker processes, intake stored → result stored): ` +
        `warm ${spread(await millis(true))}; the same number just after the workers started: ${spread(await millis(false))}`,
    );
  } finally {
    await client.close();
    await stopWorkers(workers);
    await dropEnv(e);
  }
}

async function noop(jobs: number): Promise<void> {
  const prefix = `bench-noop-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection, prefix });
  const workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const worker = new Worker('noop', async () => null, { connection: workerConnection, prefix, concurrency: 50, autorun: false });
  try {
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
    }
    let done = 0;
    const finished = new Promise<void>((resolve) => worker.on('completed', () => ++done === jobs && resolve()));
    const t0 = performance.now();
    void worker.run();
    await finished;
    const s = (performance.now() - t0) / 1000;
    console.log(`raw BullMQ no-op ${jobs} jobs, 1 process, concurrency 50: ${(jobs / s).toFixed(0)} jobs/s`);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    workerConnection.disconnect();
  }
}

/** The scanned letters of the load corpus (or the sample letters), at most `n`. */
function loadLetters(n: number): { name: string; bytes: Buffer; ending: string }[] {
  const dir = existsSync(corpus) ? corpus : path.join(root, 'samples');
  return readdirSync(dir)
    .filter((f) => /\.(png|jpe?g|tiff?|pdf)$/i.test(f))
    .sort()
    .slice(0, n)
    .map((f) => ({ name: f, bytes: readFileSync(path.join(dir, f)), ending: path.extname(f).slice(1).toLowerCase() }));
}

/**
 * Letters in this process: `engines` OCR engines, as many letters at a time as a worker keeps busy.
 * Resolves to the pages read and the seconds it took.
 */
async function lettersInProcess(letters: ReturnType<typeof loadLetters>, engines: number): Promise<{ pages: number; seconds: number }> {
  const { createTesseractPool } = await import('../src/ocr/tesseract-pool.js');
  const { countPages } = await import('../src/ocr/counted-engine.js');
  const { readStage } = await import('../src/pipeline/stages.js');
  const cfg = parseConfig({}, root);
  const engine = createTesseractPool({ size: engines, model: cfg.ocr.model, recycleAfterPages: cfg.ocr.recycleAfterPages });
  let pages = 0;
  const ocr = countPages(engine, () => pages++);
  const ctx = { limits: cfg.limits, ocr, extract: { insurer: cfg.insurer } };
  try {
    // Warm-up: the engines load their language data on the first page, as a worker does once.
    await Promise.all(letters.slice(0, engines).map((l) => readStage(l.bytes, 'letter', ctx, l.ending)));
    pages = 0;
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: engines * 2 }, async () => {
        while (next < letters.length) {
          const l = letters[next++]!;
          await readStage(l.bytes, 'letter', ctx, l.ending).catch(() => {});
        }
      }),
    );
    return { pages, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await engine.close();
  }
}

/** The same letters through `triage worker` (one process, OCR on): from the first hand-in to the last result. */
async function lettersThroughQueue(letters: ReturnType<typeof loadLetters>, engines: number): Promise<number> {
  const e = await freshEnv();
  const env = { ...e.env, TRIAGE_OCR: 'on', TRIAGE_READ_THREADS: String(engines), TRIAGE_OCR_WORKERS: String(engines) };
  const workers = await startWorkers(env, 1);
  const client = await createTriageClient({ config: parseConfig(env, root), actor: 'bench' });
  try {
    // Warm-up as in-process: one letter per engine, then the measured run on fresh copies.
    const warm = letters.slice(0, engines);
    for (const l of warm) await client.enqueueBytes(l.bytes, 'letter', { ending: l.ending });
    await waitForResults(e.pool, warm.length, 300_000);
    const t0 = performance.now();
    // A trailing byte makes each a new item (intake dedupes by content); readers ignore it.
    for (const l of letters) await client.enqueueBytes(Buffer.concat([l.bytes, Buffer.from([0])]), 'letter', { ending: l.ending });
    await waitForResults(e.pool, warm.length + letters.length, 900_000);
    return (performance.now() - t0) / 1000;
  } finally {
    await client.close();
    await stopWorkers(workers);
    await dropEnv(e);
  }
}

async function benchLettersThroughQueue(n: number): Promise<void> {
  const letters = loadLetters(n);
  const engines = Math.max(1, Math.min(2, availableParallelism()));
  const inProcess = await lettersInProcess(letters, engines);
  const queued = await lettersThroughQueue(letters, engines);
  const rateIn = inProcess.pages / inProcess.seconds;
  const rateQ = inProcess.pages / queued;
  console.log(
    `letters        ${String(letters.length).padStart(5)} letters, ${inProcess.pages} pages, ${engines} OCR engines: in-process ${rateIn.toFixed(2)} pages/s, ` +
      `through the queue ${rateQ.toFixed(2)} pages/s (${((rateQ / rateIn) * 100).toFixed(0)} % of in-process)`,
  );
}

export async function benchQueue(): Promise<void> {
  const at = process.argv.indexOf('--letters');
  const letters = at > 0 ? Number(process.argv[at + 1]) : 40;
  // `--only letters|throughput|latency` measures one part (OCR takes minutes; the rest about one).
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  if (only === 'letters') return benchLettersThroughQueue(letters);
  const { emails, forms, from } = loadItems();
  console.log(`queue benchmark: ${emails.length} emails and ${forms.length} contact forms from ${from}; Redis ${REDIS_URL}, PostgreSQL ${DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}`);
  if (only === null || only === 'throughput') {
    await noop(20_000);
    for (const processes of [1, 2]) {
      await endToEnd('emails', emails, processes);
      await endToEnd('contact forms', forms, processes);
    }
  }
  if (only === null || only === 'latency') {
    const mixed = emails.flatMap((e, i) => (forms[i] ? [e, forms[i]!] : [e]));
    await latency(mixed, 200, 10);
    // The same below saturation, to show the latency of the stages themselves rather than of a backlog.
    await latency(mixed, 50, 10);
  }
  if (only === null) await benchLettersThroughQueue(letters);
}
