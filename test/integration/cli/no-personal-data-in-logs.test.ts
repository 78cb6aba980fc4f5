import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../support/run-cli.js';

const expected = readFileSync('test/samples/expected.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, any>);
const members = readFileSync('test/samples/members.csv', 'utf8').split('\n').slice(1).filter(Boolean);

/** Every name, number, street, postal code and code the samples and their registry hold. */
function personalStrings(): string[] {
  const out = new Set<string>();
  for (const t of expected) {
    const s = t.sender ?? {};
    if (s.name) out.add(s.name);
    if (s.insuranceNumber) out.add(s.insuranceNumber);
    if (s.address?.street) out.add(s.address.street);
    if (s.address?.postalCode) out.add(s.address.postalCode);
    if (t._authCode) out.add(t._authCode);
  }
  for (const line of members) {
    const [number, first, last, street, postalCode] = line.split(',');
    for (const v of [number, `${first} ${last}`, last, street, postalCode]) if (v && v.length >= 4) out.add(v);
  }
  return [...out];
}

describe('logs', () => {
  it('debug logging over all samples, with storage, carries no names, numbers, addresses or codes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'triage-logs-'));
    try {
      const out = await runCli(['--members', 'test/samples/members.csv', '--format', 'jsonl', '--data-dir', dataDir, 'samples/'], { TRIAGE_LOG_LEVEL: 'debug' });
      assert.equal(out.code, 0, out.stderr.slice(-400));
      const logLines = out.stderr.split('\n').filter((l) => l.startsWith('{'));
      assert.ok(logLines.length >= expected.length, 'debug logging wrote a line per item');
      const leaks = personalStrings().filter((p) => out.stderr.includes(p));
      assert.deepEqual(leaks, []);
      for (const t of expected.filter((e) => e._authCode)) {
        assert.ok(!new RegExp(`(^|\\D)${t._authCode}(\\D|$)`).test(out.stdout), `code of ${t.file} echoed on stdout`);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
