import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * One configured key. Only the secret's SHA-256 is kept, so the secret itself never sits in the
 * config object (nor in a log line or error message made from it).
 */
export interface ApiKey {
  /** Who uses the key (`form-backend`): the actor in the audit trail. Null for a key given without a name. */
  name: string | null;
  /** SHA-256 of the secret. */
  hash: Buffer;
}

/** Shortest secret accepted: a key must not be guessable. */
export const MIN_SECRET_LENGTH = 16;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
// Printable ASCII without space and comma (the list separator): what fits in a header unquoted.
const SECRET = /^[\x21-\x2b\x2d-\x7e]+$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Parses a comma-separated key list (`TRIAGE_API_KEYS`, `TRIAGE_ADMIN_KEYS`): each entry is
 * `name:secret` or a bare `secret` (which then must not contain ":"). Problems are pushed to
 * `problems` naming the variable and the entry's position, never the secret.
 */
export function parseApiKeys(raw: string | undefined, variable: string, problems: string[]): ApiKey[] {
  const keys: ApiKey[] = [];
  const seen = new Set<string>();
  const entries = (raw ?? '').split(',').map((e) => e.trim());
  entries.forEach((entry, i) => {
    if (entry === '') return;
    const at = entry.indexOf(':');
    const name = at >= 0 ? entry.slice(0, at) : null;
    const secret = at >= 0 ? entry.slice(at + 1) : entry;
    const which = `${variable}: key ${i + 1}${name && NAME.test(name) ? ` ("${name}")` : ''}`;
    if (name !== null && !NAME.test(name)) {
      problems.push(`${which}: the name before ":" must be letters, digits, "_", ".", "@" or "-" (at most 64); write keys as name:secret`);
      return;
    }
    if (secret.length < MIN_SECRET_LENGTH || !SECRET.test(secret)) {
      problems.push(`${which}: the secret must be at least ${MIN_SECRET_LENGTH} printable characters without space or comma (e.g. from "openssl rand -hex 32")`);
      return;
    }
    const hash = sha256(secret);
    const hex = hash.toString('hex');
    if (seen.has(hex)) {
      problems.push(`${which}: the same secret is listed twice; give each user of the API a secret of its own`);
      return;
    }
    seen.add(hex);
    keys.push({ name, hash });
  });
  return keys;
}

/**
 * The configured key whose secret is `presented`, or null. Compares SHA-256 digests with
 * `timingSafeEqual` against every key (no early exit), so the time taken says nothing about how
 * much of a secret was right.
 */
export function matchKey(keys: readonly ApiKey[], presented: string): ApiKey | null {
  const digest = sha256(presented);
  let found: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(key.hash, digest) && found === null) found = key;
  }
  return found;
}

/** The actor recorded in the audit trail for items handed in with this key. */
export function actorOf(key: ApiKey): string {
  return key.name ?? 'api';
}

export interface PresentedCredentials {
  /** The secret as sent: a bearer token, an `X-API-Key` value or a Basic password. */
  secret: string;
  /** The Basic user name, if Basic was used. */
  user: string | null;
}

/**
 * The credentials of a request: `Authorization: Bearer <secret>`, `X-API-Key: <secret>` or (when
 * `basic` is allowed, for browsers on the dashboard) `Authorization: Basic base64(name:secret)`.
 */
export function credentialsOf(headers: { authorization?: string | null | undefined; apiKey?: string | null | undefined }, options: { basic: boolean }): PresentedCredentials | null {
  const auth = headers.authorization?.trim();
  if (auth) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    if (bearer) return { secret: bearer[1]!, user: null };
    const basic = options.basic ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth) : null;
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at < 0) return null;
      return { secret: decoded.slice(at + 1), user: decoded.slice(0, at) };
    }
  }
  const apiKey = headers.apiKey?.trim();
  if (apiKey) return { secret: apiKey, user: null };
  return null;
}

/**
 * Checks a request's credentials against the keys: the matching key, or null. With Basic, a named
 * key also needs its name as the user name (an unnamed key takes any user name).
 */
export function authenticate(keys: readonly ApiKey[], credentials: PresentedCredentials | null): ApiKey | null {
  if (credentials === null || keys.length === 0) return null;
  const key = matchKey(keys, credentials.secret);
  if (key === null) return null;
  if (credentials.user !== null && key.name !== null && credentials.user !== key.name) return null;
  return key;
}
