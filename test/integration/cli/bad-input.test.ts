import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeLargeInputs } from '../../fixtures/bad-input/make-large.mjs';
import { runCli } from '../../support/run-cli.js';

const EXPECTED: Record<string, string> = {
  'binary.eml': 'email.not_a_message',
  'empty.eml': 'intake.empty_file',
  'empty.json': 'intake.empty_file',
  'huge-20mb.eml': 'intake.too_large',
  'image-named.eml': 'email.not_a_message',
  'invalid.json': 'form.invalid_json',
  'mail-named.json': 'form.invalid_json',
  'nested-1000.eml': 'email.too_many_parts',
  'not-a-form.json': 'form.schema_violation',
  'notes.txt': 'intake.unsupported_type',
  'scan.docx': 'intake.unsupported_type',
  'truncated.eml': 'email.truncated',
  'wrong-types.json': 'form.schema_violation',
  'zz-broken-link.png': 'intake.unreadable_file',
  'zz-pipe.eml': 'intake.not_a_file',
};

describe('bad input', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-bad-'));
    cpSync('test/fixtures/bad-input', dir, { recursive: true, filter: (src) => !/make-large/.test(src) });
    writeLargeInputs(dir);
    cpSync('samples/form-01-vollstaendig-osteopathie.json', path.join(dir, 'zz-good-form.json'));
    // A link whose file is gone and a named pipe in the mailroom folder: reported, never read or skipped.
    symlinkSync(path.join(dir, 'gone.png'), path.join(dir, 'zz-broken-link.png'));
    execFileSync('mkfifo', [path.join(dir, 'zz-pipe.eml')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('each broken file gives one failed result with its own clear code, the good one is processed, and the exit status is 1', async () => {
    const out = await runCli(['--no-store', '--format', 'jsonl', dir]);
    assert.equal(out.code, 1);
    assert.equal(out.results.length, readdirSync(dir).length, 'no file is skipped');
    for (const r of out.results) {
      const file = path.basename(String(r.source));
      if (file === 'zz-good-form.json') {
        assert.equal(r.status, 'processed');
        continue;
      }
      assert.equal(r.status, 'failed', file);
      assert.equal(r.error?.code, EXPECTED[file], `${file}: ${r.error?.message}`);
      assert.ok(String(r.error?.message).length > 20, `${file}: the message explains`);
      assert.equal(r.needsReview, true);
    }
  });

  it('a missing path is a usage error with exit status 2', async () => {
    const out = await runCli(['--no-store', path.join(dir, 'does-not-exist')]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /No such file or folder/);
  });

  it('an unknown option is a usage error with exit status 2', async () => {
    const out = await runCli(['--frobnicate', dir]);
    assert.equal(out.code, 2);
  });
});
