// A local stand-in for the member portal's inbox endpoint: records every request and answers
// with the statuses it is told (200 once the list is used up).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalMessage } from '../../../src/outbox/reply-adapters.js';

export interface PortalRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: PortalMessage;
  /** The status the stub answered. */
  status: number;
}

export interface PortalStub {
  url: string;
  requests: PortalRequest[];
  /** Statuses for the next requests, in order; afterwards 200. */
  answer(...statuses: number[]): void;
  /** Answers each new Idempotency-Key first with `status`, its repetition with 200 (a portal with a hiccup). */
  failFirstAttemptWith(status: number | null): void;
  /** Holds each answer this long (for timeouts). */
  delay(ms: number): void;
  /** Requests that were accepted (2xx), one per Idempotency-Key. */
  accepted(): PortalRequest[];
  close(): Promise<void>;
}

export async function startPortalStub(): Promise<PortalStub> {
  const requests: PortalRequest[] = [];
  let queue: number[] = [];
  let firstAttempt: number | null = null;
  let delayMs = 0;
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      let status = queue.shift() ?? 200;
      if (firstAttempt !== null && !seen.has(key)) status = firstAttempt;
      seen.add(key);
      let body: PortalMessage;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PortalMessage;
      } catch {
        status = 400;
        body = {} as PortalMessage;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status });
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status < 300 ? { id: `msg-${requests.length}` } : { error: 'stub says no', echo: body.insuranceNumber ?? null }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/inbox`,
    requests,
    answer: (...statuses) => void (queue = statuses),
    failFirstAttemptWith: (status) => void (firstAttempt = status),
    delay: (ms) => void (delayMs = ms),
    accepted() {
      const byKey = new Map<string, PortalRequest>();
      for (const r of requests) if (r.status < 300) byKey.set(String(r.headers['idempotency-key']), r);
      return [...byKey.values()];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
