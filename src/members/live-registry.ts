import type { MembersRepository } from './members-repository.js';
import { createRegistry, type Registry } from './registry.js';

/** The stored registry as a long-running worker sees it: loaded at start, reloaded when it changes. */
export interface LiveRegistry {
  /** The registry now; null when none is stored (results then say `no-registry`). */
  current(): Registry | null;
  /** Reloads when the stored registry changed since the last load. */
  refresh(): Promise<void>;
  /** Stops the periodic refresh. */
  stop(): void;
}

export async function createLiveRegistry(repo: MembersRepository, refreshMs: number, onError: (err: unknown) => void = () => {}): Promise<LiveRegistry> {
  let registry: Registry | null = null;
  let version: string | null = null;
  async function refresh(): Promise<void> {
    const now = await repo.version();
    if (now === version) return;
    const members = await repo.list();
    registry = members.length > 0 ? createRegistry(members) : null;
    version = now;
  }
  await refresh();
  const timer = setInterval(() => void refresh().catch(onError), refreshMs);
  timer.unref();
  return { current: () => registry, refresh, stop: () => clearInterval(timer) };
}
