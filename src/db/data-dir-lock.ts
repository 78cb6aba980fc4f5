import { rmSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { TriageError } from '../shared/errors.js';

/** The lock file inside an embedded database folder. */
export const LOCK_FILE = 'triage.lock';

export interface DataDirClaim {
  /** Gives the folder up (idempotent). */
  release(): Promise<void>;
}

// Claims this process holds, by folder: opening the same folder again in this process shares the
// claim; the file goes when the last holder releases it, or when the process exits.
const held = new Map<string, { count: number; file: string }>();
let exitHookInstalled = false;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive claim on an embedded (PGlite) database folder for this process. PGlite is one
 * PostgreSQL inside one process, without PostgreSQL's own postmaster.pid guard: two processes on
 * one folder (a `triage` run while `triage serve` works on it) would each write its files and
 * corrupt it. A second process gets `db.in_use` at once; a lock left by a process that is gone
 * (killed) is taken over.
 */
export async function claimDataDir(dataDir: string): Promise<DataDirClaim> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const mine = held.get(dir);
  if (mine) {
    mine.count++;
  } else {
    await takeFile(file);
    held.set(dir, { count: 1, file });
    installExitHook();
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const entry = held.get(dir);
      if (!entry || --entry.count > 0) return;
      held.delete(dir);
      await rm(file, { force: true });
    },
  };
}

async function takeFile(file: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt((await readFile(file, 'utf8').catch(() => '')).trim(), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
      throw new TriageError(
        'db.in_use',
        `The local database in ${path.dirname(file)} is in use by another triage process (pid ${owner}); the embedded database takes one process at a time. ` +
          `Wait for that process to end, give this one its own TRIAGE_DATA_DIR, or set DATABASE_URL to a PostgreSQL server that several processes can share. ` +
          `If no triage process is running, delete ${file}.`,
      );
    }
    // Left by a process that is gone (or half written): take it over.
    await rm(file, { force: true });
  }
  throw new TriageError('db.in_use', `Could not claim the local database in ${path.dirname(file)}: another process keeps taking ${file}. Retry when it has ended.`);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process that ends without closing its database (an uncaught error, process.exit) leaves no lock behind.
  process.once('exit', () => {
    for (const { file } of held.values()) rmSync(file, { force: true });
    held.clear();
  });
}
