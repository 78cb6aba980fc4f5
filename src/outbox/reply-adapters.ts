import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxConfig } from '../config/config.js';
import { TriageError } from '../shared/errors.js';
import { letterText, type ReplyLetter, type SecureReplyChannel } from './reply-letter.js';

/** One reply on its way out: the stored row's id, the letter and its PDF. */
export interface OutgoingReply {
  /** The reply's id (outbox_replies.id): file name, idempotency key. */
  id: string;
  /** The item's intake id: the reference the member quotes. */
  intakeId: string;
  channel: SecureReplyChannel;
  letter: ReplyLetter;
  /** The cover letter as PDF. */
  document: Buffer;
  /** The matched member's insurance number (the portal addresses the inbox by it); null for an unmatched sender. */
  memberNumber: string | null;
}

/**
 * What the channel did with a reply: `delivered` when the channel took it (file in the print
 * folder, portal accepted it); `pending` when no channel is configured and it waits in
 * outbox_replies for whoever collects it there.
 */
export interface DeliveryReceipt {
  status: 'delivered' | 'pending';
  /** Where it went, without personal data: `print-folder`, `portal`, `outbox-table`. */
  via: 'print-folder' | 'portal' | 'outbox-table';
}

/** A secure reply channel. Errors are TriageErrors: `permanent: false` for ones a retry may mend. */
export interface ReplyAdapter {
  channel: SecureReplyChannel;
  deliver(reply: OutgoingReply): Promise<DeliveryReceipt>;
}

export type ReplyAdapters = Record<SecureReplyChannel, ReplyAdapter>;

/**
 * Writes `bytes` as `dir/name` so that a reader of the folder never sees half a file: first a
 * hidden temporary name in the same folder, flushed to disk, then renamed (atomic on one file system).
 */
export async function writeFileAtomically(dir: string, name: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${name}.${process.pid}.partial`);
  try {
    const handle = await open(temporary, 'w', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path.join(dir, name));
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => {});
    throw err;
  }
}

function folderError(dir: string, variable: string, err: unknown): TriageError {
  const code = (err as { code?: string } | null)?.code ?? 'unknown';
  return new TriageError(
    'outbox.folder_unwritable',
    `Cannot write into ${variable} (${dir}): ${code}. Check that the folder exists or can be created, is writable by the worker and has space; the reply is retried.`,
    { permanent: false },
  );
}

/**
 * Post: the PDF goes into the print service's folder as `<reply id>.pdf`. Without a folder
 * (TRIAGE_OUTBOX_DIR unset) it stays in outbox_replies only, `pending`, for the print service to
 * take from there.
 */
export function createPostAdapter(dir: string | null): ReplyAdapter {
  return {
    channel: 'post',
    async deliver(reply) {
      if (dir === null) return { status: 'pending', via: 'outbox-table' };
      try {
        await writeFileAtomically(dir, `${reply.id}.pdf`, reply.document);
      } catch (err) {
        throw folderError(dir, 'TRIAGE_OUTBOX_DIR', err);
      }
      return { status: 'delivered', via: 'print-folder' };
    },
  };
}

/** What the portal's inbox endpoint receives (JSON), with the headers `Authorization` and `Idempotency-Key`. */
export interface PortalMessage {
  /** The member whose inbox it goes to. */
  insuranceNumber: string;
  /** The reference the member sees (the intake id). */
  reference: string;
  /** The reply's id; also the Idempotency-Key header. */
  replyId: string;
  subject: string;
  text: string;
  document: { filename: string; contentType: 'application/pdf'; base64: string };
}

/**
 * Portal: POSTs the reply to the member's portal inbox (TRIAGE_PORTAL_URL) with a bearer token and
 * the reply id as Idempotency-Key, so a repeated delivery is one message. 2xx: delivered; 5xx, 408,
 * 409, 429, a timeout or a network error: transient (retried); any other 4xx: refused for good.
 * Without a configured portal the reply stays `pending` in outbox_replies.
 */
export function createPortalAdapter(portal: OutboxConfig['portal'], fetchImpl: typeof fetch = fetch): ReplyAdapter {
  return {
    channel: 'portal',
    async deliver(reply) {
      if (portal === null) return { status: 'pending', via: 'outbox-table' };
      if (!reply.memberNumber) {
        throw new TriageError('outbox.portal_no_member', `The portal reply ${reply.id} has no matched member to address; a case worker must answer item ${reply.intakeId} by post.`);
      }
      const message: PortalMessage = {
        insuranceNumber: reply.memberNumber,
        reference: reply.intakeId,
        replyId: reply.id,
        subject: reply.letter.subject,
        text: letterText(reply.letter),
        document: { filename: `${reply.id}.pdf`, contentType: 'application/pdf', base64: reply.document.toString('base64') },
      };
      let response: Response;
      try {
        response = await fetchImpl(portal.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${portal.token}`,
            'idempotency-key': reply.id,
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(portal.timeoutMs),
          redirect: 'manual',
        });
      } catch (err) {
        const timedOut = (err as { name?: string } | null)?.name === 'TimeoutError';
        throw new TriageError(
          'outbox.portal_unavailable',
          timedOut
            ? `The portal inbox did not answer within TRIAGE_PORTAL_TIMEOUT_MS (${portal.timeoutMs} ms); the reply is retried. Check the portal, or raise the limit.`
            : 'The portal inbox (TRIAGE_PORTAL_URL) cannot be reached; the reply is retried. Check the URL, the network and that the portal is up.',
          { permanent: false },
        );
      }
      // The body is not read into any message: it may echo the reply.
      await response.body?.cancel().catch(() => {});
      const status = response.status;
      if (status >= 200 && status < 300) return { status: 'delivered', via: 'portal' };
      if (status >= 500 || status === 408 || status === 409 || status === 429) {
        throw new TriageError('outbox.portal_unavailable', `The portal inbox answered HTTP ${status}; the reply is retried. If it persists, check the portal.`, { permanent: false });
      }
      if (status >= 300 && status < 400) {
        throw new TriageError('outbox.portal_redirected', `The portal inbox answered with a redirect (HTTP ${status}); replies are not sent on to another address. Set TRIAGE_PORTAL_URL to the final URL, then "triage retry ${reply.intakeId}".`);
      }
      if (status === 401 || status === 403) {
        throw new TriageError('outbox.portal_unauthorized', `The portal inbox refused the token (HTTP ${status}). Check TRIAGE_PORTAL_TOKEN, then "triage retry ${reply.intakeId}".`);
      }
      throw new TriageError(
        'outbox.portal_rejected',
        `The portal inbox refused reply ${reply.id} (HTTP ${status}), e.g. an unknown member or no portal account. A case worker must answer item ${reply.intakeId} by post.`,
      );
    },
  };
}

/** Both channels from the configuration. */
export function createReplyAdapters(config: OutboxConfig): ReplyAdapters {
  return { post: createPostAdapter(config.dir), portal: createPortalAdapter(config.portal) };
}
