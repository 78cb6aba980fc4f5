// Which poller handles a message: several pollers on one mailbox (processes, machines) share Redis,
// and the first to claim a message there fetches, stores and files it; the others leave it alone.
// Without this two pollers could MOVE the same message at the same moment and the server would keep
// two copies (Dovecot does). Storing it twice would be harmless (intake dedupes); filing it twice is
// not. A claim lapses after `ttlMs`, so a poller that died holding one delays that message by no
// more than that.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface FilingClaims {
  /** True when this poller may file the message: nobody else claimed it within the claim time (its own claim counts as its). */
  claim(mailboxKey: string, uidValidity: bigint, uid: number): Promise<boolean>;
}

/** Claims at `<prefix>:mailbox-claim:<mailbox key>:<uidvalidity>:<uid>` (ids only, no personal data). */
export function createFilingClaims(redis: Redis, prefix: string, ttlMs: number): FilingClaims {
  const owner = randomUUID();
  return {
    async claim(mailboxKey, uidValidity, uid) {
      const key = `${prefix}:mailbox-claim:${mailboxKey}:${uidValidity}:${uid}`;
      if ((await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
      // This poller's own claim (its connection broke while it had the message in hand) is still its own.
      return (await redis.get(key)) === owner;
    },
  };
}
