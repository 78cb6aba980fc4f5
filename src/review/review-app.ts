// The case workers' review API as a hono app (issue 5). Pure factory: no socket, no environment;
// `triage serve` mounts it, tests call `app.request()`. Every route names the role it needs;
// sessions are cookies (httpOnly, SameSite=Strict) and every state-changing request needs the
// session's CSRF token in `X-CSRF-Token`. Bodies and answers are JSON; failures are
// `{error: {code, message}}`, the UI shows German text per code.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Config } from '../config/config.js';
import { CHANNELS, FLAGS, type Channel, type Flag } from '../contract/triage-result.js';
import type { Db } from '../db/database.js';
import { createOutboxRepository } from '../outbox/outbox-repository.js';
import { createRouteDeps, replyToClosedItem } from '../outbox/route-usecase.js';
import { isTriageError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { isAttachmentPart } from './attachment-pages.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import type { RenderedPage } from './letter-pages.js';
import { createReviewRepository } from './review-repository.js';
import { isRefusal, parseCorrection, parseDecisions } from './review-model.js';
import {
  assignItem,
  chooseReplyRoute,
  claimItem,
  closeItem,
  correctField,
  recordDecisions,
  releaseItem,
  replyOfClosedItem,
  retryWaitingReplies,
  searchAudit,
  viewItem,
  viewAttachmentPage,
  viewPage,
  workBasket,
  type ReviewDeps,
} from './review-usecase.js';
import { roleAllows, USERNAME, type Role } from './roles.js';
import { sameSecret } from './secrets.js';
import { sessionUser, signIn, signOut, type SignInDeps } from './sign-in-usecase.js';
import { createUsersRepository, type SessionUser } from './users-repository.js';
import { addUser, changeRole, listUsers, unlockUser, type UserChange, type UsersDeps } from './users-usecase.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'triage_session';
/** The header a state-changing request carries the session's CSRF token in. */
export const CSRF_HEADER = 'X-CSRF-Token';

export interface ReviewAppDeps {
  /** The database (PGlite or PostgreSQL), migrated. */
  db: Db;
  /** `insurer` and `outbox`: a closed item's reply goes through the route stage's letter and adapters. */
  config: Pick<Config, 'review' | 'limits' | 'reviewConfidence' | 'insurer' | 'outbox'>;
  log: Logger;
  /**
   * The client's address, for the sign-in rate limit. Default: the socket's remote address under
   * @hono/node-server, else "unknown". Behind a reverse proxy, pass one that reads its header.
   */
  clientAddress?: (c: Context) => string;
}

export type ReviewEnv = { Variables: { user: SessionUser; sessionToken: string; errorCode: string } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_BODY_BYTES = 64 * 1024;

/** HTTP status per error code; codes not listed are 500 (scan.* 422: the stored scan cannot be shown). */
const STATUS: Record<string, ContentfulStatusCode> = {
  'review.invalid_request': 400,
  'review.invalid_json': 400,
  'review.reply_channel': 400,
  'users.invalid_username': 400,
  'users.invalid_role': 400,
  'users.weak_password': 400,
  'auth.required': 401,
  'auth.invalid': 401,
  'auth.csrf': 403,
  'auth.forbidden': 403,
  'review.not_found': 404,
  'review.page_not_found': 404,
  'review.original_withheld': 404,
  'users.not_found': 404,
  'review.undecided': 409,
  'review.claimed': 409,
  'review.not_claimed': 409,
  'review.closed': 409,
  'review.stale': 409,
  'review.not_correctable': 409,
  'review.no_registry': 409,
  'review.reply_route_unavailable': 409,
  'review.not_closed': 409,
  'users.exists': 409,
  'users.last_admin': 409,
  'review.unsupported_type': 415,
  'review.page_unavailable': 422,
  'auth.locked': 423,
  'auth.rate_limited': 429,
};

function statusOf(code: string): ContentfulStatusCode {
  return STATUS[code] ?? (code.startsWith('scan.') ? 422 : 500);
}

function fail(c: Context, code: string, message: string): Response {
  c.set('errorCode', code);
  return c.json({ error: { code, message } }, statusOf(code));
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A request from another site: `Sec-Fetch-Site` other than same-origin (or none: typed by the
 * user), or an `Origin` whose host is neither `Host` nor `X-Forwarded-Host`. Requests without either header (curl,
 * tests) pass; the CSRF token still guards them.
 */
function fromAnotherSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (!origin) return false;
  // Behind a reverse proxy the browser's host may arrive as X-Forwarded-Host. A page of another
  // site cannot set that header (it would need a CORS preflight this API never grants).
  const hosts = [c.req.header('host') ?? new URL(c.req.url).host, ...(c.req.header('x-forwarded-host')?.split(',').map((h) => h.trim()) ?? [])];
  try {
    return !hosts.includes(new URL(origin).host);
  } catch {
    return true; // "null" and other opaque origins
  }
}

/** The JSON body, or a failure response (415 without JSON content type, 400 when unparseable). */
async function jsonBody(c: Context): Promise<unknown | Response> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return fail(c, 'review.unsupported_type', 'Send the body as JSON with "Content-Type: application/json".');
  try {
    return await c.req.json();
  } catch {
    return fail(c, 'review.invalid_json', 'The body is not valid JSON.');
  }
}

function built(deps: ReviewAppDeps) {
  const users = createUsersRepository(deps.db);
  const review = createReviewRepository(deps.db);
  const signInDeps: SignInDeps = { users, review, config: deps.config.review, log: deps.log };
  const outbox = createOutboxRepository(deps.db);
  const routeDeps = { ...createRouteDeps(deps.db, deps.config, 'review'), outbox };
  const replies: ReviewDeps['replies'] = {
    find: (intakeId) => outbox.replySummaryOf(intakeId),
    // The case worker is the actor of the reply's audit events.
    send: (item, route, actor) => replyToClosedItem({ ...routeDeps, actor }, item, route),
    waiting: (limit) => outbox.waitingAfterFailure(limit),
  };
  const reviewDeps: ReviewDeps = { review, users, replies, config: { reviewConfidence: deps.config.reviewConfidence, limits: deps.config.limits }, log: deps.log };
  const usersDeps: UsersDeps = { users, review };
  return { users, review, signInDeps, reviewDeps, usersDeps };
}

/**
 * The guard of a route: a live session (401 `auth.required`), on state-changing methods the
 * session's CSRF token and a same-site request (403 `auth.csrf`), and at least `role` (403
 * `auth.forbidden`).
 */
function guardFactory(signInDeps: Pick<SignInDeps, 'users' | 'config'>) {
  return (role: Role): MiddlewareHandler<ReviewEnv> =>
    async (c, next) => {
      const token = getCookie(c, SESSION_COOKIE);
      const user = await sessionUser(signInDeps, token);
      if (!user || !token) return fail(c, 'auth.required', 'Sign in first (POST /api/session).');
      if (!SAFE_METHODS.has(c.req.method)) {
        const presented = c.req.header(CSRF_HEADER);
        if (!presented || !sameSecret(presented, user.csrfToken) || fromAnotherSite(c)) {
          return fail(c, 'auth.csrf', `A state-changing request needs the session's CSRF token in ${CSRF_HEADER} and must come from this site.`);
        }
      }
      if (!roleAllows(user.role, role)) return fail(c, 'auth.forbidden', `This needs the role ${role}.`);
      c.set('user', user);
      c.set('sessionToken', token);
      await next();
    };
}

/** What a request's review session may do with a route: its role allows it, a session without the role, or no session. */
export type SessionAccess = 'allowed' | 'forbidden' | 'none';

/**
 * `requireRole('admin')` for routes outside this app (the queue dashboard at /admin/queues): the
 * same session, CSRF and role check as the review routes.
 */
export function createReviewGuard(deps: ReviewAppDeps): { requireRole(role: Role): MiddlewareHandler; sessionAccess(c: Context, role: Role): Promise<SessionAccess> } {
  const { signInDeps } = built(deps);
  const guard = guardFactory(signInDeps);
  return {
    requireRole: (role) => guard(role) as unknown as MiddlewareHandler,
    /** Whether the request's session has the role; for reading only (no CSRF check: other methods get `none`). */
    async sessionAccess(c, role) {
      if (!SAFE_METHODS.has(c.req.method)) return 'none';
      const user = await sessionUser(signInDeps, getCookie(c, SESSION_COOKIE));
      if (user === null) return 'none';
      return roleAllows(user.role, role) ? 'allowed' : 'forbidden';
    },
  };
}

const intParam = (raw: string | undefined, min: number, max: number, fallback: number): number | null => {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
};

function userChangeFailure(c: Context, change: UserChange): Response {
  switch (change.kind) {
    case 'invalid':
      return fail(c, change.code, change.message);
    case 'exists':
      return fail(c, 'users.exists', 'A user with this name exists.');
    case 'not-found':
      return fail(c, 'users.not_found', 'There is no user with this name.');
    case 'last-admin':
      return fail(c, 'users.last_admin', 'The last admin cannot lose the admin role.');
    default:
      return fail(c, 'internal.unexpected', 'Unexpected outcome.');
  }
}

/** The review API: mount it at the root (`app.route('/', createReviewApp(deps))`); its routes start with /api/. */
/** The actor of replies delivered again by the server itself (audit events). */
export const REPLY_RETRY_ACTOR = 'review-server';

/**
 * A function that delivers again the waiting replies of closed items (see `retryWaitingReplies`);
 * `triage serve` calls it every TRIAGE_REPLY_RETRY_S. It resolves to how many were tried and delivered.
 */
export function createReplyRetry(deps: ReviewAppDeps): (limit?: number) => Promise<{ tried: number; delivered: number }> {
  const { reviewDeps } = built(deps);
  return (limit) => retryWaitingReplies(reviewDeps, { username: REPLY_RETRY_ACTOR }, limit);
}

export function createReviewApp(deps: ReviewAppDeps): Hono<ReviewEnv> {
  const { log } = deps;
  const { signInDeps, reviewDeps, usersDeps } = built(deps);
  const guard = guardFactory(signInDeps);
  const clientAddress = deps.clientAddress ?? socketAddress;
  const app = new Hono<ReviewEnv>();

  app.use('/api/*', async (c, next) => {
    await next();
    // Answers hold personal data: never cached, never sniffed.
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => fail(c, 'review.invalid_request', `The body is larger than ${MAX_BODY_BYTES} bytes.`) }));

  app.onError((err, c) => {
    if (isTriageError(err) && STATUS[err.code] !== undefined) return fail(c, err.code, err.message);
    if (isTriageError(err) && err.code.startsWith('scan.')) return fail(c, err.code, 'The stored scan cannot be shown.');
    log.error('review.unexpected', { error: isTriageError(err) ? err.code : 'internal.unexpected' });
    return fail(c, 'internal.unexpected', 'The server could not handle this request. Try again; if it keeps failing, report the time to the operators.');
  });

  // --- sign-in and session ---

  app.post('/api/session', async (c) => {
    if (fromAnotherSite(c)) return fail(c, 'auth.csrf', 'Sign in from the review page of this server.');
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string' || username.length > 200 || password.length > 1024) {
      return fail(c, 'review.invalid_request', 'Send {"username": "…", "password": "…"}.');
    }
    const outcome = await signIn(signInDeps, { username, password, clientAddress: clientAddress(c), previousToken: getCookie(c, SESSION_COOKIE) ?? null });
    switch (outcome.kind) {
      case 'rate-limited':
        c.header('Retry-After', String(outcome.retryAfterS));
        return fail(c, 'auth.rate_limited', `Too many failed sign-ins; try again in ${outcome.retryAfterS} s.`);
      case 'locked':
        return fail(c, 'auth.locked', 'The account is locked after too many failed sign-ins; an admin can unlock it.');
      case 'invalid':
        return fail(c, 'auth.invalid', 'User name or password is wrong.');
      case 'signed-in':
        setCookie(c, SESSION_COOKIE, outcome.token, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          secure: deps.config.review.cookieSecure,
          maxAge: Math.floor(deps.config.review.sessionMaxMs / 1000),
        });
        return c.json({ user: outcome.user, csrfToken: outcome.csrfToken });
    }
  });

  app.get('/api/session', guard('caseworker'), (c) => {
    const user = c.get('user');
    return c.json({ user: { name: user.username, role: user.role }, csrfToken: user.csrfToken });
  });

  app.delete('/api/session', guard('caseworker'), async (c) => {
    await signOut(signInDeps, c.get('sessionToken'), c.get('user').username);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: deps.config.review.cookieSecure });
    return c.body(null, 204);
  });

  // --- work basket and items ---

  app.get('/api/basket', guard('caseworker'), async (c) => {
    const q = c.req.query();
    const flag = q.flag || undefined;
    if (flag !== undefined && !(FLAGS as readonly string[]).includes(flag)) return fail(c, 'review.invalid_request', 'flag: one of the contract flags.');
    const channel = q.channel || undefined;
    if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) return fail(c, 'review.invalid_request', 'channel: letter, contact-form or email.');
    let minAgeHours: number | undefined;
    if (q.minAgeHours) {
      minAgeHours = Number(q.minAgeHours);
      if (!Number.isFinite(minAgeHours) || minAgeHours < 0) return fail(c, 'review.invalid_request', 'minAgeHours: a number of hours, 0 or more.');
    }
    let assignee: string | null | undefined;
    if (q.assignee === 'me') assignee = c.get('user').username;
    else if (q.assignee === 'none') assignee = null;
    else if (q.assignee) {
      if (!USERNAME.test(q.assignee)) return fail(c, 'review.invalid_request', 'assignee: me, none or a user name.');
      assignee = q.assignee;
    }
    const limit = intParam(q.limit, 1, 500, 50);
    const offset = intParam(q.offset, 0, 1_000_000, 0);
    if (limit === null || offset === null) return fail(c, 'review.invalid_request', 'limit: 1 to 500; offset: 0 or more.');
    const basket = await workBasket(reviewDeps, {
      ...(flag ? { flag: flag as Flag } : {}),
      ...(channel ? { channel: channel as Channel } : {}),
      ...(minAgeHours !== undefined ? { minAgeHours } : {}),
      ...(assignee !== undefined ? { assignee } : {}),
      limit,
      offset,
    });
    return c.json({
      items: basket.items.map((i) => ({ ...i, receivedAt: i.receivedAt.toISOString(), closed: false })),
      total: basket.total,
      countsByFlag: basket.countsByFlag,
    });
  });

  const actor = (c: Context<ReviewEnv>) => ({ username: c.get('user').username });

  app.get('/api/items/:id', guard('caseworker'), async (c) => c.json(await viewItem(reviewDeps, actor(c), c.req.param('id'))));

  const pageImage = (c: Context, page: RenderedPage) =>
    c.body(new Uint8Array(page.png), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'no-store',
      'X-Box-Width': String(page.width),
      'X-Box-Height': String(page.height),
    });

  app.get('/api/items/:id/pages/:n', guard('caseworker'), async (c) => {
    const n = intParam(c.req.param('n'), 1, 10_000, 0);
    if (!n) return fail(c, 'review.page_not_found', 'Pages are numbered from 1.');
    return pageImage(c, await viewPage(reviewDeps, actor(c), c.req.param('id'), n));
  });

  app.get('/api/items/:id/attachments/:part/pages/:n', guard('caseworker'), async (c) => {
    const n = intParam(c.req.param('n'), 1, 10_000, 0);
    const part = c.req.param('part');
    if (!n || !isAttachmentPart(part)) return fail(c, 'review.page_not_found', 'Attachments are named by their place as in the item view (2, 1.3) and pages numbered from 1.');
    return pageImage(c, await viewAttachmentPage(reviewDeps, actor(c), c.req.param('id'), part, n));
  });

  app.post('/api/items/:id/claim', guard('caseworker'), async (c) => c.json(await claimItem(reviewDeps, actor(c), c.req.param('id'))));

  app.post('/api/items/:id/release', guard('caseworker'), async (c) =>
    c.json(await releaseItem(reviewDeps, actor(c), c.req.param('id'), { anyone: roleAllows(c.get('user').role, 'supervisor') })),
  );

  app.post('/api/items/:id/assign', guard('supervisor'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const username = (body as { username?: unknown } | null)?.username;
    if (typeof username !== 'string' || !USERNAME.test(username)) return fail(c, 'review.invalid_request', 'Send {"username": "…"}.');
    return c.json(await assignItem(reviewDeps, actor(c), c.req.param('id'), username));
  });

  app.post('/api/items/:id/corrections', guard('caseworker'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const correction = parseCorrection(body);
    if (isRefusal(correction)) return fail(c, 'review.invalid_request', correction.problem);
    return c.json(await correctField(reviewDeps, actor(c), c.req.param('id'), correction));
  });

  app.post('/api/items/:id/decisions', guard('caseworker'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const decisions = parseDecisions(body);
    if (isRefusal(decisions)) return fail(c, 'review.invalid_request', decisions.problem);
    return c.json(await recordDecisions(reviewDeps, actor(c), c.req.param('id'), decisions));
  });

  app.post('/api/items/:id/reply-route', guard('caseworker'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const channel = (body as { channel?: unknown } | null)?.channel;
    if (channel !== 'post' && channel !== 'portal') return fail(c, 'review.reply_channel', 'The reply goes by post or portal only, never by email.');
    return c.json(await chooseReplyRoute(reviewDeps, actor(c), c.req.param('id'), channel));
  });

  app.post('/api/items/:id/close', guard('caseworker'), async (c) => c.json(await closeItem(reviewDeps, actor(c), c.req.param('id'))));

  app.post('/api/items/:id/reply', guard('caseworker'), async (c) => c.json(await replyOfClosedItem(reviewDeps, actor(c), c.req.param('id'))));

  // --- audit log (supervisors) ---

  app.get('/api/audit', guard('supervisor'), async (c) => {
    const q = c.req.query();
    const limit = intParam(q.limit, 1, 1000, 100);
    const before = q.before ? intParam(q.before, 1, Number.MAX_SAFE_INTEGER, 0) : undefined;
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (limit === null || before === null || (from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
      return fail(c, 'review.invalid_request', 'limit: 1 to 1000; before: an event id; from, to: ISO 8601 times.');
    }
    const events = await searchAudit(reviewDeps, {
      ...(q.user ? { actor: q.user } : {}),
      ...(q.intakeId ? { intakeId: q.intakeId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(before ? { before } : {}),
      limit,
    });
    return c.json({ events: events.map((e) => ({ ...e, at: e.at.toISOString() })) });
  });

  // --- users (admins) ---

  app.get('/api/users', guard('admin'), async (c) => {
    const list = await listUsers(usersDeps);
    return c.json({
      users: list.map((u) => ({ name: u.username, role: u.role, locked: u.lockedAt !== null, lockedAt: u.lockedAt?.toISOString() ?? null, failedSignIns: u.failedSignIns, createdAt: u.createdAt.toISOString() })),
    });
  });

  app.post('/api/users', guard('admin'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const { username, password, role } = (body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string' || typeof role !== 'string') {
      return fail(c, 'review.invalid_request', 'Send {"username", "password", "role"}.');
    }
    const change = await addUser(usersDeps, { username, password, role }, c.get('user').username);
    if (change.kind !== 'done') return userChangeFailure(c, change);
    return c.json({ user: { name: username, role } }, 201);
  });

  app.post('/api/users/:name/unlock', guard('admin'), async (c) => {
    const change = await unlockUser(usersDeps, c.req.param('name'), c.get('user').username);
    if (change.kind !== 'done') return userChangeFailure(c, change);
    return c.json({ user: { name: c.req.param('name'), locked: false } });
  });

  app.post('/api/users/:name/role', guard('admin'), async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const role = (body as { role?: unknown } | null)?.role;
    if (typeof role !== 'string') return fail(c, 'review.invalid_request', 'Send {"role": "caseworker" | "supervisor" | "admin"}.');
    const change = await changeRole(usersDeps, c.req.param('name'), role, c.get('user').username);
    if (change.kind !== 'done') return userChangeFailure(c, change);
    return c.json({ user: { name: c.req.param('name'), role } });
  });

  // --- the API's description ---

  app.get('/api/openapi.json', guard('caseworker'), (c) => c.json(OPENAPI_DOCUMENT));

  return app;
}
