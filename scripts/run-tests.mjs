#!/usr/bin/env node
// Runs the node:test suites under test/<suite>/ (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs unit integration e2e [--only PATTERN]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : null;
const suites = args.length ? args : ['unit', 'integration'];

function walk(dir) {
  let out = [];
  let entries;
  try { entries = readdirSync(dir).sort(); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = suites.flatMap((s) => walk(path.join('test', s))).filter((f) => !only || f.includes(only));
if (files.length === 0) {
  console.error(`no test files found for ${suites.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
