import { Redis, type RedisOptions } from 'ioredis';
import { TriageError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact-url.js';

/**
 * A Redis connection for BullMQ. `blocking` connections (workers) wait for Redis forever instead of
 * failing commands, so a Redis restart pauses work rather than failing jobs.
 */
export function connectRedis(url: string, options: { blocking: boolean }): Redis {
  const extra: RedisOptions = options.blocking
    ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
    : { maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000 };
  const redis = new Redis(url, { ...extra, lazyConnect: false });
  // Reconnection is ioredis' job; without a listener an error event would crash the process.
  redis.on('error', () => {});
  return redis;
}

/**
 * Checks that Redis answers and keeps every key: BullMQ loses jobs when Redis may evict them, so a
 * policy other than `noeviction` is refused.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    try {
      await withTimeout(redis.connect().then(() => redis.ping()), timeoutMs);
    } catch (err) {
      throw new TriageError(
        'queue.redis_unreachable',
        `Cannot reach Redis at ${redactUrl(url, 'REDIS_URL')} (${errorText(err)}). Check REDIS_URL and that Redis is running and accepts connections.`,
        { permanent: false },
      );
    }
    const policy = await evictionPolicy(redis);
    if (policy !== null && policy !== 'noeviction') {
      throw new TriageError(
        'queue.redis_eviction_policy',
        `Redis at ${redactUrl(url, 'REDIS_URL')} has maxmemory-policy "${policy}": it may drop queued jobs when memory runs short. ` +
          'Set "maxmemory-policy noeviction" in redis.conf (or run: redis-cli CONFIG SET maxmemory-policy noeviction).',
      );
    }
  } finally {
    redis.disconnect();
  }
}

async function evictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    if (reply[1]) return reply[1];
  } catch {
    // Managed Redis often disables CONFIG; INFO carries the same setting.
  }
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? null;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return err.errors.map(errorText).join('; ');
  if (err instanceof Error) return (err as { code?: string }).code ?? err.message;
  return String(err);
}
