import { readFile, stat } from 'node:fs/promises';
import { TriageError } from '../shared/errors.js';

/**
 * The bytes of a file handed in by path (CLI, `triage enqueue`). A path that is no readable regular
 * file (a broken link, no permission, a pipe or device in the folder) is a permanent error of that
 * item with its own code, never a crash of the run and never a read that blocks on a pipe.
 */
export async function readInputFile(file: string): Promise<Buffer> {
  let s;
  try {
    s = await stat(file);
  } catch (err) {
    throw unreadable(err);
  }
  if (!s.isFile()) {
    throw new TriageError('intake.not_a_file', 'This path is not a regular file (a pipe, socket or device); hand in scans, emails and forms as files.');
  }
  try {
    return await readFile(file);
  } catch (err) {
    throw unreadable(err);
  }
}

function unreadable(err: unknown): TriageError {
  const code = (err as { code?: string }).code ?? 'error';
  const hint = code === 'ENOENT' || code === 'ELOOP' ? 'a link pointing nowhere, or the file was removed' : code === 'EACCES' || code === 'EPERM' ? 'no permission to read it' : 'check the path and its permissions';
  return new TriageError('intake.unreadable_file', `The file cannot be read (${code}: ${hint}). Fix it and hand it in again.`);
}
