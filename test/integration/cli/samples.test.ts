import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../../support/run-cli.js';
import { differences } from '../../support/truth-check.js';

const expected = readFileSync('test/samples/expected.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, any>);

describe('the samples', () => {
  it('every sample is triaged as its expected result says, with the sample registry loaded', async () => {
    const out = await runCli(['--no-store', '--members', 'test/samples/members.csv', '--format', 'jsonl', 'samples/']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.results.length, expected.length, 'one result per sample');
    const byFile = new Map(out.results.map((r) => [String(r.source).split('/').pop(), r]));
    const problems: string[] = [];
    for (const truth of expected) {
      const r = byFile.get(truth.file);
      if (!r) {
        problems.push(`${truth.file}: no result`);
        continue;
      }
      for (const d of differences(truth, r)) problems.push(`${truth.file}: ${d}`);
      if (truth._authCode) assert.ok(!JSON.stringify(r).includes(truth._authCode), `${truth.file}: the disclosed code is echoed`);
    }
    assert.deepEqual(problems, []);
  });

  it('results come out in sorted input order, one per line, each a complete contract object', async () => {
    const out = await runCli(['--no-store', '--format', 'jsonl', 'samples/']);
    const sources = out.results.map((r) => String(r.source));
    assert.deepEqual(sources, [...sources].sort());
    for (const r of out.results) {
      for (const k of ['source', 'channel', 'status', 'channelSecurity', 'sender', 'signaturePresent', 'member', 'authenticated', 'reply', 'flags', 'needsReview', 'error']) {
        assert.ok(k in r, `${r.source} lacks ${k}`);
      }
      assert.equal(r.member.status, 'no-registry', 'without a registry nothing is matched');
    }
  });

  it('the table format shows a summary with counts per channel and items needing review', async () => {
    const out = await runCli(['--no-store', '--members', 'test/samples/members.csv', '--format', 'table', 'samples/']);
    assert.match(out.stdout, /Zusammenfassung: 37 Eingänge/);
    assert.match(out.stdout, /je Kanal: +email 15, contact-form 11, letter 11/);
    assert.match(out.stdout, /zu prüfen: +\d+/);
  });
});
