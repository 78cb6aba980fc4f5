// The start-up check against a Redis that may evict keys. Uses a private redis-server on its own
// port (the shared one is left alone); skipped when redis-server is not installed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { checkRedis } from '../../../src/queue/redis.js';
import { TriageError } from '../../../src/shared/errors.js';
import { waitFor } from './harness.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe('queue: the Redis start-up check', () => {
  test('a Redis that may evict keys is refused, naming the setting to change', { timeout: 20_000, skip: !hasRedisServer && 'redis-server is not installed' }, async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => server.on('exit', resolve));
    try {
      const url = `redis://127.0.0.1:${port}`;
      await waitFor('the private redis-server', () => checkRedis(url, 500).then(() => false, (err: TriageError) => err.code !== 'queue.redis_unreachable'), 10_000, 100);
      await assert.rejects(checkRedis(url), (err: unknown) => {
        assert.ok(err instanceof TriageError);
        assert.equal(err.code, 'queue.redis_eviction_policy');
        assert.match(err.message, /allkeys-lru/);
        assert.match(err.message, /maxmemory-policy noeviction/);
        return true;
      });
    } finally {
      server.kill('SIGKILL');
      await exited;
    }
  });

  test('the shared test Redis passes the check', { timeout: 10_000 }, async () => {
    await checkRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
});
