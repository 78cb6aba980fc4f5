import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../src/config/config.js';
import { DEFAULT_LIMITS } from '../../../src/extract/readers/reader-limits.js';
import { TriageError } from '../../../src/shared/errors.js';

const MB = 1024 * 1024;
const CWD = path.resolve('/srv/triage');
const dir = mkdtempSync(path.join(tmpdir(), 'triage-config-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function failure(env: Record<string, string | undefined>): TriageError {
  try {
    parseConfig(env, CWD);
  } catch (err) {
    assert.ok(err instanceof TriageError, 'expected a TriageError');
    assert.equal(err.code, 'config.invalid');
    return err;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('configuration defaults', () => {
  const c = parseConfig({}, CWD);

  it('an empty environment uses the embedded database under the working directory', () => {
    assert.equal(c.databaseUrl, null);
    assert.equal(c.dataDir, path.join(CWD, '.triage-data'));
  });

  it('an empty environment uses local Redis, warn logging and a review confidence of 0.6', () => {
    assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(c.logLevel, 'warn');
    assert.equal(c.reviewConfidence, 0.6);
  });

  it('an empty environment uses the default reader limits', () => {
    assert.deepEqual(c.limits, DEFAULT_LIMITS);
    assert.equal(c.limits.maxMessageBytes, 10 * MB);
    assert.equal(c.limits.maxScanBytes, 50 * MB);
  });

  it('the default insurer identity names the usual insurer words', () => {
    assert.ok(c.insurer.names.includes('Krankenkasse'));
    assert.ok(c.insurer.names.includes('Gesundheitskasse'));
  });

  it('an empty string counts as unset', () => {
    assert.deepEqual(parseConfig({ DATABASE_URL: '', REDIS_URL: '', TRIAGE_LOG_LEVEL: '', TRIAGE_MAX_MESSAGE_MB: '', TRIAGE_REVIEW_CONFIDENCE: '' }, CWD), c);
  });
});

describe('configuration values', () => {
  it('every variable is read and converted', () => {
    const insurerFile = path.join(dir, 'insurer.json');
    writeFileSync(insurerFile, JSON.stringify({ names: ['Rheinland Gesundheitskasse'], addresses: [{ street: 'Ringstraße 9', postalCode: '50999' }, { street: 7 }] }));
    const c = parseConfig(
      {
        DATABASE_URL: ' postgresql://triage@db/triage ',
        REDIS_URL: 'rediss://cache:6380',
        TRIAGE_LOG_LEVEL: 'debug',
        TRIAGE_MAX_MESSAGE_MB: '2',
        TRIAGE_MAX_SCAN_MB: '0.5',
        TRIAGE_MAX_MIME_PARTS: '16',
        TRIAGE_MAX_PDF_PAGES: '5',
        TRIAGE_ATTACHMENT_TIMEOUT_MS: '3000',
        TRIAGE_REVIEW_CONFIDENCE: '0.75',
        TRIAGE_DATA_DIR: 'var/data',
        TRIAGE_INSURER_FILE: insurerFile,
      },
      CWD,
    );
    assert.equal(c.databaseUrl, 'postgresql://triage@db/triage');
    assert.equal(c.redisUrl, 'rediss://cache:6380');
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.limits.maxMessageBytes, 2 * MB);
    assert.equal(c.limits.maxScanBytes, 0.5 * MB);
    assert.equal(c.limits.maxMimeParts, 16);
    assert.equal(c.limits.maxPdfPages, 5);
    assert.equal(c.limits.attachmentTimeoutMs, 3000);
    assert.equal(c.reviewConfidence, 0.75);
    assert.equal(c.dataDir, path.join(CWD, 'var/data'));
    assert.deepEqual(c.insurer, { names: ['Rheinland Gesundheitskasse'], addresses: [{ street: 'Ringstraße 9', postalCode: '50999' }] });
  });

  it('a relative insurer file is resolved against the working directory', () => {
    writeFileSync(path.join(dir, 'kasse.json'), JSON.stringify({ names: ['Nordkasse'], addresses: [] }));
    assert.deepEqual(parseConfig({ TRIAGE_INSURER_FILE: 'kasse.json' }, dir).insurer.names, ['Nordkasse']);
  });

  it('the review confidence may be 0 and 1', () => {
    assert.equal(parseConfig({ TRIAGE_REVIEW_CONFIDENCE: '0' }, CWD).reviewConfidence, 0);
    assert.equal(parseConfig({ TRIAGE_REVIEW_CONFIDENCE: '1' }, CWD).reviewConfidence, 1);
  });
});

describe('a bad configuration is rejected naming every bad variable at once', () => {
  it('every bad variable gives one error naming each of them', () => {
    const err = failure({
      DATABASE_URL: 'mysql://db/triage',
      REDIS_URL: 'http://cache',
      TRIAGE_LOG_LEVEL: 'verbose',
      TRIAGE_MAX_MESSAGE_MB: 'zehn',
      TRIAGE_MAX_SCAN_MB: '0',
      TRIAGE_MAX_MIME_PARTS: '-1',
      TRIAGE_MAX_PDF_PAGES: '1e9',
      TRIAGE_ATTACHMENT_TIMEOUT_MS: '5',
      TRIAGE_REVIEW_CONFIDENCE: '1.5',
      TRIAGE_INSURER_FILE: path.join(dir, 'does-not-exist.json'),
      TRIAGE_MAX_SCAN_MEGAPIXELS: '0',
      TRIAGE_RENDER_DPI: '20',
      TRIAGE_OCR: 'vielleicht',
      TRIAGE_OCR_MODEL: 'fast',
      TRIAGE_OCR_WORKERS: '0',
      TRIAGE_OCR_RECYCLE_PAGES: 'nie',
    });
    const names = [
      'DATABASE_URL',
      'REDIS_URL',
      'TRIAGE_LOG_LEVEL',
      'TRIAGE_MAX_MESSAGE_MB',
      'TRIAGE_MAX_SCAN_MB',
      'TRIAGE_MAX_MIME_PARTS',
      'TRIAGE_MAX_PDF_PAGES',
      'TRIAGE_ATTACHMENT_TIMEOUT_MS',
      'TRIAGE_REVIEW_CONFIDENCE',
      'TRIAGE_INSURER_FILE',
      'TRIAGE_MAX_SCAN_MEGAPIXELS',
      'TRIAGE_RENDER_DPI',
      'TRIAGE_OCR',
      'TRIAGE_OCR_MODEL',
      'TRIAGE_OCR_WORKERS',
      'TRIAGE_OCR_RECYCLE_PAGES',
    ];
    const lines = err.message.split('\n').filter((l) => l.trim().startsWith('- '));
    assert.equal(lines.length, names.length);
    for (const name of names) assert.ok(lines.some((l) => new RegExp(`- ${name}[=:]`).test(l)), `${name} is named`);
  });

  it('a problem line quotes the bad value and the allowed range', () => {
    const err = failure({ TRIAGE_REVIEW_CONFIDENCE: '1.5' });
    assert.match(err.message, /TRIAGE_REVIEW_CONFIDENCE="1\.5": must be a number from 0 to 1/);
  });

  it('an insurer file that is not JSON is named', () => {
    const bad = path.join(dir, 'broken.json');
    writeFileSync(bad, '{ names: ');
    const err = failure({ TRIAGE_INSURER_FILE: bad });
    assert.match(err.message, /TRIAGE_INSURER_FILE: cannot read insurer identity file/);
  });

  it('a log level in capitals is named', () => {
    assert.match(failure({ TRIAGE_LOG_LEVEL: 'INFO' }).message, /TRIAGE_LOG_LEVEL/);
  });

  it(
    'a review confidence of only spaces is not silently read as 0',
    {},
    () => {
      let c;
      try {
        c = parseConfig({ TRIAGE_REVIEW_CONFIDENCE: ' ' }, CWD);
      } catch (err) {
        assert.ok(err instanceof TriageError);
        assert.match(err.message, /TRIAGE_REVIEW_CONFIDENCE/);
        return;
      }
      assert.equal(c.reviewConfidence, 0.6);
    },
  );

  it(
    'a fractional count of MIME parts, PDF pages or OCR workers is named',
    () => {
      const err = failure({ TRIAGE_MAX_MIME_PARTS: '2.5', TRIAGE_MAX_PDF_PAGES: '7.5', TRIAGE_OCR_WORKERS: '1.5' });
      assert.match(err.message, /TRIAGE_MAX_MIME_PARTS/);
      assert.match(err.message, /TRIAGE_MAX_PDF_PAGES/);
      assert.match(err.message, /TRIAGE_OCR_WORKERS/);
    },
  );
});

describe('queue settings', () => {
  it('have defaults that keep jobs and retry them', () => {
    const c = parseConfig({}, CWD);
    assert.equal(c.pgSchema, null);
    assert.equal(c.queue.prefix, 'triage');
    assert.equal(c.queue.attempts, 8);
    assert.equal(c.queue.backoffMs, 1000);
    assert.equal(c.queue.lockDurationMs, 60_000);
    assert.equal(c.queue.maxStalledCount, 2);
    assert.equal(c.queue.shutdownTimeoutMs, 30_000);
    assert.ok(c.queue.readThreads >= 1);
    assert.equal(c.queue.concurrency, 16);
    assert.equal(c.queue.registryRefreshMs, 60_000);
  });

  it('are read from the environment', () => {
    const c = parseConfig(
      {
        TRIAGE_PG_SCHEMA: 'triage_prod',
        TRIAGE_QUEUE_PREFIX: 'kk-triage.eu',
        TRIAGE_JOB_ATTEMPTS: '3',
        TRIAGE_JOB_BACKOFF_MS: '250',
        TRIAGE_LOCK_DURATION_MS: '5000',
        TRIAGE_MAX_STALLED_COUNT: '0',
        TRIAGE_SHUTDOWN_TIMEOUT_MS: '0',
        TRIAGE_READ_THREADS: '4',
        TRIAGE_WORKER_CONCURRENCY: '50',
        TRIAGE_REGISTRY_REFRESH_S: '5',
        TRIAGE_RECOVERY_INTERVAL_S: '30',
      },
      CWD,
    );
    assert.equal(c.pgSchema, 'triage_prod');
    assert.deepEqual(c.queue, {
      prefix: 'kk-triage.eu',
      attempts: 3,
      backoffMs: 250,
      lockDurationMs: 5000,
      maxStalledCount: 0,
      shutdownTimeoutMs: 0,
      readThreads: 4,
      concurrency: 50,
      registryRefreshMs: 5000,
      recoveryIntervalMs: 30_000,
    });
  });

  it("the review server delivers waiting replies again every 5 minutes by default; 0 leaves it to the case worker", () => {
    assert.equal(parseConfig({}, CWD).review.replyRetryMs, 300_000);
    assert.equal(parseConfig({ TRIAGE_REPLY_RETRY_S: '0' }, CWD).review.replyRetryMs, 0);
    assert.equal(parseConfig({ TRIAGE_REPLY_RETRY_S: '60' }, CWD).review.replyRetryMs, 60_000);
    assert.match(failure({ TRIAGE_REPLY_RETRY_S: '-5' }).message, /TRIAGE_REPLY_RETRY_S/);
  });

  it('metrics are served only when a port is set, on localhost unless told otherwise', () => {
    assert.deepEqual(parseConfig({}, CWD).metrics, { host: '127.0.0.1', port: null });
    assert.deepEqual(parseConfig({ TRIAGE_METRICS_PORT: '9464', TRIAGE_METRICS_HOST: '0.0.0.0' }, CWD).metrics, { host: '0.0.0.0', port: 9464 });
    assert.match(failure({ TRIAGE_METRICS_PORT: 'http' }).message, /TRIAGE_METRICS_PORT/);
  });

  it('bad values are all named at once; counts must be whole numbers', () => {
    const err = failure({
      TRIAGE_PG_SCHEMA: 'Triage-Prod',
      TRIAGE_QUEUE_PREFIX: 'a b',
      TRIAGE_JOB_ATTEMPTS: '2.5',
      TRIAGE_JOB_BACKOFF_MS: '-1',
      TRIAGE_LOCK_DURATION_MS: '10',
      TRIAGE_MAX_STALLED_COUNT: 'nie',
      TRIAGE_SHUTDOWN_TIMEOUT_MS: 'x',
      TRIAGE_READ_THREADS: '0',
      TRIAGE_WORKER_CONCURRENCY: '1e9',
      TRIAGE_REGISTRY_REFRESH_S: '0',
    });
    for (const name of [
      'TRIAGE_PG_SCHEMA',
      'TRIAGE_QUEUE_PREFIX',
      'TRIAGE_JOB_ATTEMPTS',
      'TRIAGE_JOB_BACKOFF_MS',
      'TRIAGE_LOCK_DURATION_MS',
      'TRIAGE_MAX_STALLED_COUNT',
      'TRIAGE_SHUTDOWN_TIMEOUT_MS',
      'TRIAGE_READ_THREADS',
      'TRIAGE_WORKER_CONCURRENCY',
      'TRIAGE_REGISTRY_REFRESH_S',
    ]) {
      assert.match(err.message, new RegExp(`- ${name}[=:]`), `${name} is named`);
    }
  });
});
