// Benchmarks: `npm run bench` (emails and contact forms in-process, plus their score).
// Prints figures only; nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/config.js';
import { channelForPath } from '../src/extract/reader-registry.js';
import { parseMembersCsv } from '../src/members/members-csv.js';
import { createRegistry } from '../src/members/registry.js';
import { triageItem, type TriageContext } from '../src/pipeline/triage-item.js';

const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(root, '../shared/load-corpus');
const which = process.argv[2] ?? 'messages';

async function benchMessages(): Promise<void> {
  const cfg = parseConfig({}, root);
  const registry = createRegistry(parseMembersCsv(readFileSync(path.join(corpus, 'members.csv'), 'utf8')));
  const ctx: TriageContext = { registry, limits: cfg.limits, ocr: null, extract: { insurer: cfg.insurer }, decide: { reviewConfidence: cfg.reviewConfidence } };
  const files = readdirSync(corpus).sort();
  for (const [label, ending] of [['emails', 'eml'], ['contact forms', 'json']] as const) {
    const items = files.filter((f) => f.endsWith(`.${ending}`) && f !== 'truth.jsonl').map((f) => ({ f, bytes: readFileSync(path.join(corpus, f)) }));
    // One warm-up pass: JIT and lazy module loading are not what a long-running worker pays per item.
    for (const it of items) await triageItem({ source: it.f, channel: channelForPath(it.f).channel, bytes: it.bytes }, ctx, ending);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    let failed = 0;
    for (const it of items) {
      const r = await triageItem({ source: it.f, channel: channelForPath(it.f).channel, bytes: it.bytes }, ctx, ending);
      if (r.result.status === 'failed') failed++;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${label.padEnd(14)} ${String(items.length).padStart(5)} items in ${s.toFixed(2)} s = ${(items.length / s).toFixed(0).padStart(6)} items/s in-process on one core, after one warm-up pass` +
        ` (failed ${failed}, rss ${Math.round(rssBefore / 1e6)} → ${Math.round(process.memoryUsage().rss / 1e6)} MB)`,
    );
  }
  // Accuracy on the same corpus, through the real CLI and the shared scorer.
  // The scorer's report goes to a file: written to a pipe, its end was lost when the scorer exits.
  const reportFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-score-')), 'report.json');
  const out = openSync(reportFile, 'w');
  const score = spawnSync(process.execPath, [path.resolve(root, '../shared/tools/score.mjs'), '--corpus', corpus, '--cmd', `${process.execPath} bin/triage.mjs --no-store`, '--json'], {
    cwd: root,
    // Only emails and forms are scored here; the letters of the load corpus belong to the letters benchmark.
    env: { ...process.env, TRIAGE_OCR: 'off' },
    encoding: 'utf8',
    stdio: ['ignore', out, 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  closeSync(out);
  if (score.status !== 0) {
    console.log(`score: could not run (${score.stderr.slice(-300)})`);
    return;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { fields: Record<string, Record<string, { correct: number; total: number }>>; unsafe: { total: number } };
  for (const ch of ['email', 'contact-form']) {
    let ok = 0;
    let n = 0;
    for (const f of Object.values(report.fields)) {
      const a = f[ch];
      if (a) {
        ok += a.correct;
        n += a.total;
      }
    }
    console.log(`score ${ch.padEnd(13)} ${(ok / n).toFixed(4)} (${ok}/${n} checks)`);
  }
  console.log(`unsafe ${report.unsafe.total}`);
}

if (which === 'messages' || which === 'all') await benchMessages();
else if (which === 'letters') await (await import('./bench-letters.js')).benchLetters(process.argv.slice(3));
else if (which === 'queue') await (await import('./bench-queue.js')).benchQueue();
else if (which === 'mailbox') await (await import('./bench-mailbox.js')).benchMailbox(process.argv.slice(3));
else {
  console.error(`unknown benchmark "${which}"; available: messages, letters, queue, mailbox`);
  process.exit(2);
}
