// The HTTP intake API and the admin queue dashboard as a hono app. Pure factory: no socket, no
// environment; `serve.ts` puts it on a port, tests call `app.request()`.
import type { Queue } from 'bullmq';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { ApiConfig } from '../config/config.js';
import type { Channel } from '../contract/triage-result.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';
import type { IntakeRepository } from '../intake/intake-repository.js';
import type { EnqueueReceipt } from '../queue/client.js';
import { isTriageError, TriageError } from '../shared/errors.js';
import type { SessionAccess } from '../review/review-app.js';
import type { Logger } from '../shared/logger.js';
import { actorOf, authenticate, credentialsOf, type ApiKey } from './api-keys.js';
import { createDashboard, DASHBOARD_PATH } from './dashboard.js';

export interface EnqueueInput {
  bytes: Buffer;
  channel: Channel;
  /** File ending, lower case, without the dot. */
  ending: string;
  /** Who handed it in (the API key's name): the actor in the audit trail. */
  actor: string;
}

export interface HealthReport {
  postgres: boolean;
  redis: boolean;
}

export interface IntakeAppDeps {
  /** Stores the item in PostgreSQL, then queues it (the TriageClient's `enqueueBytes`). */
  enqueue(input: EnqueueInput): Promise<EnqueueReceipt>;
  /** The read path for `GET /v1/items/:id`. */
  items: Pick<IntakeRepository, 'itemState'>;
  /** Whether PostgreSQL and Redis answer (for `/healthz`); it must not throw. */
  health(): Promise<HealthReport>;
  config: {
    limits: Pick<ReaderLimits, 'maxMessageBytes' | 'maxScanBytes'>;
    api: Pick<ApiConfig, 'keys' | 'adminKeys'>;
  };
  log: Logger;
  /** The stage queues shown on the dashboard; without them, or without an admin key or session check, it is off. */
  dashboardQueues?: readonly Queue[];
  /** Whether the request comes from a signed-in admin (the review session), who may read the dashboard without a key. */
  dashboardSession?: (c: Context) => Promise<SessionAccess>;
  /**
   * Longest wait for storing and queuing an item (or reading its state) before the caller gets 503;
   * default `STORE_TIMEOUT_MS`. BullMQ waits for a Redis it has not reached yet without end, so the
   * wait is bounded here. Work cut off this way may still finish: a repeat is deduplicated.
   */
  storeTimeoutMs?: number;
}

/** Default of `storeTimeoutMs`. */
export const STORE_TIMEOUT_MS = 10_000;

/** Seconds a caller should wait before trying again after a 503. */
export const RETRY_AFTER_S = 5;

/** Multipart framing (boundaries, part headers) allowed on top of the scan limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Scan endings taken, and the media types of a raw scan body that stand for them. */
const SCAN_ENDINGS = ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff'];
const SCAN_MEDIA_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
};

type Env = { Variables: { apiKey: ApiKey; errorCode: string } };

/** The error body every failure has: `{error: {code, message}}`, the message saying how to fix it. */
function fail(c: Context<Env>, status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500 | 503, code: string, message: string, headers: Record<string, string> = {}): Response {
  c.set('errorCode', code);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json({ error: { code, message } }, status);
}

function mediaTypeOf(c: Context<Env>): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 1000) / 1000} MB`;
}

function tooLarge(c: Context<Env>, limit: number, variable: string): Response {
  return fail(c, 413, 'api.too_large', `The body is larger than the limit of ${megabytes(limit)}; nothing was stored. Send a smaller item, or raise ${variable} on the server if such items are expected.`);
}

/** Refuses a body over `limit` bytes, by Content-Length or while it streams in, before anything is read. */
function limitBody(limit: number, variable: string, shownLimit = limit): MiddlewareHandler<Env> {
  return bodyLimit({ maxSize: limit, onError: (c) => tooLarge(c as Context<Env>, shownLimit, variable) }) as MiddlewareHandler<Env>;
}

function requireMediaType(accepted: readonly string[], hint: string): MiddlewareHandler<Env> {
  return async (c, next) => {
    const type = mediaTypeOf(c);
    if (!accepted.includes(type)) {
      return fail(c, 415, 'api.unsupported_type', `${type ? `Content-Type ${type} is not taken here` : 'The request has no Content-Type'}; ${hint} Nothing was stored.`);
    }
    await next();
  };
}

export function createIntakeApp(deps: IntakeAppDeps): Hono<Env> {
  const { config, log } = deps;
  const storeTimeoutMs = deps.storeTimeoutMs ?? STORE_TIMEOUT_MS;
  const app = new Hono<Env>();

  // One JSON log line per request: method, route pattern, status, time and error code; never a body,
  // a key or a header.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      route: routeOf(c),
      status,
      ms: Math.round(performance.now() - started),
      code: c.get('errorCode') ?? null,
      actor: c.get('apiKey') ? actorOf(c.get('apiKey')) : null,
    };
    if (status >= 500) log.warn('api.request', fields);
    else log.info('api.request', fields);
  });

  app.notFound((c) =>
    fail(c, 404, 'api.not_found', 'No such endpoint. The intake API has POST /v1/contact-forms, POST /v1/emails, POST /v1/scans, GET /v1/items/{intakeId} and GET /healthz.'),
  );
  app.onError((err, c) => {
    log.error('api.unexpected', { route: routeOf(c), error: errorCodeOf(err) });
    return fail(c, 500, 'internal.unexpected', 'The server could not handle this request. Try again; if it keeps failing, report the time of the request to the operators.');
  });

  app.get('/healthz', async (c) => {
    const health = await deps.health();
    const up = health.postgres && health.redis;
    if (!up) c.header('Retry-After', String(RETRY_AFTER_S));
    return c.json({ status: up ? 'ok' : 'unavailable', postgres: health.postgres ? 'up' : 'down', redis: health.redis ? 'up' : 'down' }, up ? 200 : 503);
  });

  // --- the intake API: a key from TRIAGE_API_KEYS on every /v1 request ---
  app.use('/v1/*', async (c, next) => {
    const key = authenticate(config.api.keys, credentialsOf({ authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') }, { basic: false }));
    if (key === null) {
      return fail(c, 401, 'api.unauthorized', 'A valid API key is needed: send "Authorization: Bearer <key>" or "X-API-Key: <key>" with a key from TRIAGE_API_KEYS. Nothing was stored.', {
        'WWW-Authenticate': 'Bearer realm="triage intake"',
      });
    }
    c.set('apiKey', key);
    await next();
  });

  async function handIn(c: Context<Env>, channel: Channel, bytes: Buffer, ending: string): Promise<Response> {
    const actor = actorOf(c.get('apiKey'));
    let receipt: EnqueueReceipt;
    try {
      receipt = await withDeadline(deps.enqueue({ bytes, channel, ending, actor }), storeTimeoutMs);
    } catch (err) {
      return storeFailure(c, err, channel);
    }
    log.info('api.item_received', { channel, intakeId: receipt.intakeId, duplicate: receipt.duplicate, queued: receipt.queued, bytes: bytes.length });
    c.header('Location', `/v1/items/${receipt.intakeId}`);
    // 202: stored and queued, the triage runs later (poll the Location). 200: this item was stored before.
    return c.json({ intakeId: receipt.intakeId, duplicate: receipt.duplicate }, receipt.duplicate ? 200 : 202);
  }

  function storeFailure(c: Context<Env>, err: unknown, channel: Channel): Response {
    if (isTriageError(err) && err.code === 'intake.too_large') {
      return tooLarge(c, channel === 'letter' ? config.limits.maxScanBytes : config.limits.maxMessageBytes, channel === 'letter' ? 'TRIAGE_MAX_SCAN_MB' : 'TRIAGE_MAX_MESSAGE_MB');
    }
    if (isTriageError(err) && err.permanent) {
      log.error('api.store_failed', { channel, error: err.code });
      return fail(c, 500, 'internal.unexpected', 'The item could not be stored. Try again; if it keeps failing, report the time of the request to the operators.');
    }
    // PostgreSQL or Redis gone (or any other error of the store): the item is either not stored, or
    // stored and not yet queued; sending it again is safe (same content, same intake id) and queues it.
    log.warn('api.store_unavailable', { channel, error: errorCodeOf(err) });
    return fail(c, 503, 'api.unavailable', `The item could not be stored and queued right now (database or queue unavailable). Send it again in ${RETRY_AFTER_S} s or later; a repeat is never stored twice.`, {
      'Retry-After': String(RETRY_AFTER_S),
    });
  }

  async function bodyOf(c: Context<Env>): Promise<Buffer | Response> {
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length === 0) return fail(c, 400, 'api.empty_body', 'The body is empty; send the item itself as the body. Nothing was stored.');
    return bytes;
  }

  app.post(
    '/v1/contact-forms',
    requireMediaType(['application/json'], 'send the contact form as "Content-Type: application/json".'),
    limitBody(config.limits.maxMessageBytes, 'TRIAGE_MAX_MESSAGE_MB'),
    async (c) => {
      const bytes = await bodyOf(c);
      if (bytes instanceof Response) return bytes;
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        // The parser's message may quote the body: it is not passed on.
        return fail(c, 400, 'api.invalid_json', 'The body is not valid JSON. Send the contact form as one JSON object as in contact-form.schema.json (UTF-8). Nothing was stored.');
      }
      // The form's schema is checked by the read stage: a form that violates it is stored and fails
      // there with form.schema_violation, as "triage PATH" does, so case workers see it.
      return handIn(c, 'contact-form', bytes, 'json');
    },
  );

  app.post(
    '/v1/emails',
    requireMediaType(['message/rfc822'], 'send the email as it arrived (RFC 5322, headers and body) with "Content-Type: message/rfc822".'),
    limitBody(config.limits.maxMessageBytes, 'TRIAGE_MAX_MESSAGE_MB'),
    async (c) => {
      const bytes = await bodyOf(c);
      if (bytes instanceof Response) return bytes;
      return handIn(c, 'email', bytes, 'eml');
    },
  );

  const scanHint = `send the scan as multipart/form-data with one file field "file" named *.${SCAN_ENDINGS.join(', *.')}, or as the raw body with Content-Type ${Object.keys(SCAN_MEDIA_TYPES).join(', ')}.`;
  const rawScanLimit = limitBody(config.limits.maxScanBytes, 'TRIAGE_MAX_SCAN_MB');
  const multipartScanLimit = limitBody(config.limits.maxScanBytes + MULTIPART_OVERHEAD, 'TRIAGE_MAX_SCAN_MB', config.limits.maxScanBytes);
  const scanLimit: MiddlewareHandler<Env> = (c, next) => (mediaTypeOf(c) === 'multipart/form-data' ? multipartScanLimit : rawScanLimit)(c, next);
  app.post('/v1/scans', requireMediaType(['multipart/form-data', ...Object.keys(SCAN_MEDIA_TYPES)], scanHint), scanLimit, async (c) => {
    const type = mediaTypeOf(c);
    if (type !== 'multipart/form-data') {
      const bytes = await bodyOf(c);
      if (bytes instanceof Response) return bytes;
      return handIn(c, 'letter', bytes, SCAN_MEDIA_TYPES[type]!);
    }
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      return fail(c, 400, 'api.invalid_multipart', `The multipart body could not be read (boundary or part headers broken); ${scanHint} Nothing was stored.`);
    }
    const stray = Object.keys(form).filter((name) => name !== 'file');
    if (stray.length > 0) {
      return fail(c, 400, 'api.unexpected_field', `Only the field "file" is read; send no other fields (${stray.length} found). Nothing was stored.`);
    }
    const file = form.file;
    if (Array.isArray(file)) return fail(c, 400, 'api.too_many_files', 'Send one scan per request (one "file" field); a letter of several pages is one PDF or TIFF. Nothing was stored.');
    if (!(file instanceof File)) return fail(c, 400, 'api.missing_file', `The multipart body has no file field "file"; ${scanHint} Nothing was stored.`);
    const ending = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? SCAN_MEDIA_TYPES[file.type.split(';')[0]!.trim().toLowerCase()] ?? '';
    if (!SCAN_ENDINGS.includes(ending)) {
      return fail(c, 415, 'api.unsupported_type', `A scan must be a file whose name ends in .${SCAN_ENDINGS.join(', .')} (the ending decides how it is read). Nothing was stored.`);
    }
    if (file.size > config.limits.maxScanBytes) return tooLarge(c, config.limits.maxScanBytes, 'TRIAGE_MAX_SCAN_MB');
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length === 0) return fail(c, 400, 'api.empty_body', 'The file is empty (0 bytes); scan the letter again and send the file. Nothing was stored.');
    return handIn(c, 'letter', bytes, ending);
  });

  for (const path of ['/v1/contact-forms', '/v1/emails', '/v1/scans']) {
    app.all(path, (c) => fail(c, 405, 'api.method_not_allowed', `Use POST on ${path}.`, { Allow: 'POST' }));
  }

  app.get('/v1/items/:id', async (c) => {
    const id = c.req.param('id');
    let state: Awaited<ReturnType<IntakeAppDeps['items']['itemState']>>;
    try {
      state = await withDeadline(deps.items.itemState(id), storeTimeoutMs);
    } catch (err) {
      log.warn('api.read_unavailable', { error: errorCodeOf(err) });
      return fail(c, 503, 'api.unavailable', `The item's state cannot be read right now (database unavailable). Ask again in ${RETRY_AFTER_S} s or later.`, { 'Retry-After': String(RETRY_AFTER_S) });
    }
    if (state === null) return fail(c, 404, 'api.item_not_found', 'No item has this intake id; use the intakeId returned when the item was handed in.');
    const { result } = state;
    // State only: no sender, no fields, no texts (those are for case workers, not for the sender's channel).
    return c.json({
      intakeId: state.intakeId,
      channel: state.channel,
      receivedAt: state.receivedAt.toISOString(),
      state: result === null ? 'received' : result.status,
      needsReview: result?.needsReview ?? null,
      errorCode: result?.errorCode ?? null,
      decidedAt: result?.decidedAt.toISOString() ?? null,
    });
  });

  // --- the queue dashboard: a key from TRIAGE_ADMIN_KEYS; off without one ---
  const dashboardOn = (config.api.adminKeys.length > 0 || deps.dashboardSession !== undefined) && (deps.dashboardQueues?.length ?? 0) > 0;
  const adminGate: MiddlewareHandler<Env> = async (c, next) => {
    if (!dashboardOn) {
      return fail(c, 404, 'api.dashboard_disabled', 'The queue dashboard is off: set TRIAGE_ADMIN_KEYS on the server to turn it on.');
    }
    const session = deps.dashboardSession ? await deps.dashboardSession(c as unknown as Context) : 'none';
    if (session === 'allowed') {
      await next();
      return;
    }
    const key = authenticate(config.api.adminKeys, credentialsOf({ authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') }, { basic: true }));
    if (key === null && session === 'forbidden') {
      return fail(c, 403, 'api.forbidden', 'The queue dashboard is for admins: sign in to the review interface as a user with the admin role.');
    }
    if (key === null) {
      return fail(c, 401, 'api.unauthorized', 'The queue dashboard needs an admin key from TRIAGE_ADMIN_KEYS: log in with the key\'s name as user and its secret as password, or send "Authorization: Bearer <key>".', {
        'WWW-Authenticate': 'Basic realm="triage admin", charset="UTF-8"',
      });
    }
    c.set('apiKey', key);
    await next();
  };
  app.use(DASHBOARD_PATH, adminGate);
  app.use(`${DASHBOARD_PATH}/*`, adminGate);
  if (dashboardOn) app.route(DASHBOARD_PATH, createDashboard(deps.dashboardQueues!));

  return app;
}

/** The matched route pattern (`/v1/items/:id`), never the path as sent; `unmatched` for a 404. */
function routeOf(c: Context<Env>): string {
  const route = routePath(c, -1);
  return route && route !== '*' && route !== '/*' ? route : 'unmatched';
}

/** The promise, or a transient `api.timeout` error once `ms` have passed (the work itself is not stopped). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TriageError('api.timeout', `no answer from the store within ${ms} ms`, { permanent: false })), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A code for the log: the TriageError's code or the system error code, never an error's message (it may quote input). */
function errorCodeOf(err: unknown): string {
  if (isTriageError(err)) return err.code;
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(code) ? code : 'unknown';
}
