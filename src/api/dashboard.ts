import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board over the stage queues, as a hono sub-app to mount at `DASHBOARD_PATH` (behind the admin
 * key check). Read-only: a job retried here would rerun the same run, whose result key is already
 * taken; `triage retry` starts a new run instead. Job payloads carry intake ids only, so the board
 * shows no personal data.
 */
export function createDashboard(queues: readonly Queue[]): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) =>
        new BullMQAdapter(queue, {
          readOnlyMode: true,
          allowRetries: false,
          displayName: queue.name,
          description: 'stage queue; requeue dead letters with "triage retry"',
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'triage queues', hideDocsLink: true } },
  });
  return serverAdapter.registerPlugin() as unknown as Hono;
}
