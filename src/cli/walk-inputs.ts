import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { TriageError } from '../shared/errors.js';

/**
 * Files under the given paths: folders walked recursively, each folder's entries in sorted order.
 * An entry of a folder that is no readable file or folder (a broken link, a pipe) is listed too, so
 * the run reports it as a failed item instead of skipping it or stopping.
 */
export async function walkInputs(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  async function visit(p: string): Promise<void> {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      const names = (await readdir(p)).sort();
      for (const n of names) await visit(path.join(p, n));
    } else out.push(p);
  }
  for (const p of paths) {
    try {
      await stat(p);
    } catch {
      throw new TriageError('cli.path_not_found', `No such file or folder: ${p}`);
    }
    await visit(p);
  }
  return out;
}
