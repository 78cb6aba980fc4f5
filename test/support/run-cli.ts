import { run, type CliIo } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  results: Array<Record<string, any>>;
}

/** Runs the triage command in-process with captured output (no terminal: jsonl by default). */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}, cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, cwd };
  const code = await run(argv, env, io);
  const results = stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);
  return { code, stdout, stderr, results };
}
