import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

const PEER = '../shared/peer-fixtures';

describe('emails from other parsers’ test suites', { skip: !existsSync(PEER) && 'shared/peer-fixtures not present' }, () => {
  it('every one ends as a processed or failed result, in bounded time and within a 384 MB heap', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=384', 'bin/triage.mjs', '--no-store', '--format', 'jsonl', `${PEER}/mailparser`, `${PEER}/postal-mime`], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(r.signal, null, 'the run was not killed (no hang, no out-of-memory crash)');
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(-500)}`);
    const results = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: string; error: { code: string } | null });
    assert.equal(results.length, 17);
    for (const res of results) {
      assert.ok(res.status === 'processed' || (res.status === 'failed' && res.error?.code), JSON.stringify(res).slice(0, 200));
    }
  });
});
