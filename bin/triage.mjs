#!/usr/bin/env node
// Runs the TypeScript sources through tsx: no build step between a change and the command.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2), process.env);
