import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { TriageError } from '../../shared/errors.js';
import type { Attachment, MessageFacts } from '../extracted-fields.js';
import type { ReadItem } from '../read-item.js';
import type { TextSource } from '../text-source.js';
import { combineSignatures, readAttachment } from './attachment-reader.js';
import { splitBody } from './email-text.js';
import type { ReaderContext, ReaderLimits } from './reader-limits.js';
import type { Extracted } from '../extracted-fields.js';
import { redactSources } from './redact-sources.js';

const HEADER_NAMES = /^(from|date|subject|message-id|mime-version|content-type|received|return-path|to|x-mailer|delivered-to|reply-to|sender|cc)$/i;
const MAX_FORWARD_DEPTH = 3;
// An mbox export starts each message with a "From sender date" line that is not a header.
const MBOX_FROM_LINE = /^From [^\n]*\n/;

const HTML_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    // Signature blocks are often laid out as tables: each cell on its own line, never run together.
    { selector: 'table', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'th', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'img', format: 'skip' },
    { selector: 'blockquote', format: 'skip' },
    { selector: 'div.gmail_quote', format: 'skip' },
    { selector: 'div#divRplyFwdMsg', format: 'skip' },
    { selector: 'div#appendonsend', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
  ],
};

export function htmlToText(html: string): string {
  return convert(html, HTML_OPTIONS);
}

/** Cheap checks before the parser sees the bytes: empty, too large, binary, headerless, bombs. */
export function precheckEmail(bytes: Buffer, limits: ReaderLimits): void {
  if (bytes.length === 0) throw new TriageError('intake.empty_file', 'The file is empty (0 bytes). Re-export the email from the mailbox.');
  if (bytes.length > limits.maxMessageBytes) {
    throw new TriageError(
      'intake.too_large',
      `The email has ${bytes.length} bytes, more than the limit of ${limits.maxMessageBytes}. Raise TRIAGE_MAX_MESSAGE_MB if such mail is expected.`,
    );
  }
  const head = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of head) if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13)) control++;
  if (head.includes(0) || control > head.length * 0.02) {
    throw new TriageError('email.not_a_message', 'The file holds binary data, not an RFC 5322 email. Check that the right file was saved with the .eml ending.');
  }
  const text = head.toString('latin1').replace(MBOX_FROM_LINE, '');
  const headerBlock = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const names = [...headerBlock.matchAll(/^([!-9;-~]+):/gm)].map((m) => m[1]!);
  if (!names.some((n) => HEADER_NAMES.test(n)) || !/^[!-9;-~]+:/.test(text.replace(/^\s+/, ''))) {
    throw new TriageError('email.no_headers', 'The file does not start with email headers (From, Date, Subject …). Save the message in .eml (RFC 5322) format.');
  }
  const all = bytes.toString('latin1');
  const parts = (all.match(/boundary\s*=/gi) ?? []).length;
  if (parts > limits.maxMimeParts) {
    throw new TriageError(
      'email.too_many_parts',
      `The email nests ${parts} multipart containers, more than the limit of ${limits.maxMimeParts}. It is kept for manual review.`,
    );
  }
  const top = /^content-type:[ \t]*multipart\/[^\n]*(?:\r?\n[ \t][^\n]*)*/im.exec(headerBlock);
  const boundary = top ? /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(top[0])?.[1] : undefined;
  if (boundary && !all.includes(`--${boundary}--`)) {
    throw new TriageError('email.truncated', 'The multipart email ends before its closing boundary: the file is truncated. Export it again from the mailbox.');
  }
}

function cryptographyOf(mail: ParsedMail, text: string): MessageFacts['cryptography'] {
  const out: MessageFacts['cryptography'] = [];
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const value = (ct?.value ?? '').toLowerCase();
  const protocol = (ct?.params?.protocol ?? '').toLowerCase();
  if (value === 'multipart/signed') out.push({ kind: protocol.includes('pgp') ? 'pgp' : 'smime', mode: 'signed' });
  if (value === 'multipart/encrypted') out.push({ kind: 'pgp', mode: 'encrypted' });
  if (/pkcs7-mime/.test(value)) out.push({ kind: 'smime', mode: /signed-data/i.test(ct?.params?.['smime-type'] ?? '') ? 'signed' : 'encrypted' });
  for (const a of mail.attachments) {
    const t = a.contentType.toLowerCase();
    if (/pkcs7-signature/.test(t) && !out.some((c) => c.kind === 'smime')) out.push({ kind: 'smime', mode: 'signed' });
    if (/pkcs7-mime/.test(t) && !out.some((c) => c.kind === 'smime')) out.push({ kind: 'smime', mode: 'encrypted' });
    if (/pgp-signature/.test(t) && !out.some((c) => c.kind === 'pgp')) out.push({ kind: 'pgp', mode: 'signed' });
  }
  if (/-----BEGIN PGP MESSAGE-----/.test(text) && !out.some((c) => c.mode === 'encrypted')) out.push({ kind: 'pgp', mode: 'encrypted' });
  if (/-----BEGIN PGP SIGNED MESSAGE-----/.test(text) && !out.some((c) => c.kind === 'pgp')) out.push({ kind: 'pgp', mode: 'signed' });
  return out;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { name: string; address: string | null } | null {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  if (!v) return null;
  return { name: v.name ?? '', address: v.address ? v.address.toLowerCase() : null };
}

function bodyText(mail: ParsedMail): string {
  // An HTML-only message's text is mailparser's conversion, wrapped at 80 columns: a number written
  // "J 558 848 080" may come out split over two lines. Ours keeps the paragraphs' lines whole.
  const htmlOnly = (mail.headers.get('content-type') as { value?: string } | undefined)?.value?.toLowerCase() === 'text/html';
  if (htmlOnly && typeof mail.html === 'string' && mail.html.trim()) return htmlToText(mail.html);
  if (typeof mail.text === 'string' && mail.text.trim()) {
    // Text and HTML versions should say the same; when the text is a stub ("please use an HTML
    // viewer") or lacks what the HTML shows (a signature block kept in a table), the reader sees
    // the HTML: it is what the mail program shows.
    if (typeof mail.html === 'string' && mail.html.trim()) {
      const fromHtml = htmlToText(mail.html);
      const words = (t: string) => (t.toLowerCase().match(/[\p{L}\d]+/gu) ?? []);
      const inText = new Set(words(mail.text));
      const htmlWords = words(fromHtml);
      const missing = htmlWords.filter((w) => !inText.has(w)).length;
      if (missing >= 5 && missing >= htmlWords.length * 0.2) return fromHtml;
    }
    return mail.text;
  }
  if (typeof mail.html === 'string' && mail.html.trim()) return htmlToText(mail.html);
  return '';
}

function stripPgpArmor(text: string): string {
  return text
    .replace(/-----BEGIN PGP MESSAGE-----[\s\S]*?(?:-----END PGP MESSAGE-----|$)/g, '')
    .replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*?(?:-----END PGP SIGNATURE-----|$)/g, '')
    .replace(/^-----BEGIN PGP SIGNED MESSAGE-----\n(?:Hash:[^\n]*\n)?/m, '');
}

/** Reads an .eml: bodies (text or HTML, any charset), forwarded mails, attachments, S/MIME and PGP. */
export async function readEmail(bytes: Buffer, ctx: ReaderContext): Promise<ReadItem> {
  precheckEmail(bytes, ctx.limits);
  const body = MBOX_FROM_LINE.test(bytes.subarray(0, 1024).toString('latin1')) ? bytes.subarray(bytes.indexOf(10) + 1) : bytes;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(body, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  } catch {
    throw new TriageError('email.unparseable', 'The MIME structure of this email could not be parsed. Export it again, or review the original by hand.');
  }
  const from = firstAddress(mail.from);
  const sources: TextSource[] = [];
  const attachments: Attachment[] = [];
  const notes: string[] = [];

  const rawBody = bodyText(mail);
  const cryptography = cryptographyOf(mail, rawBody);
  const split = splitBody(stripPgpArmor(rawBody));
  if (mail.subject) sources.push({ id: 'subject', role: 'subject', text: mail.subject });
  if (split.own) sources.push({ id: 'body', role: 'own', text: split.own });
  if (split.quotedChars > 0) notes.push('quoted reply chain ignored for sender data');
  if (split.forwarded) {
    if (split.forwarded.fromAddress && split.forwarded.fromAddress === from?.address) {
      sources.push({ id: 'forwarded-body', role: 'forwarded', text: split.forwarded.text });
    } else {
      notes.push('forwarded message from another sender ignored for sender data');
    }
  }

  const signatures: (Extracted<boolean> | null)[] = [];
  await collectAttachments(mail, from?.address ?? null, ctx, sources, attachments, notes, signatures, '');

  const { sources: clean, codes, redact } = redactSources(sources);
  const encrypted = cryptography.some((c) => c.mode === 'encrypted');
  const readable = clean.some((s) => s.role !== 'subject' && /\p{L}{3}/u.test(s.text));
  if (encrypted) notes.push('encrypted message: the body cannot be read without the insurer’s key');
  return {
    channel: 'email',
    sources: clean,
    fromDisplay: from ? { display: redact(from.name), evidence: { source: 'from-header', rule: 'name.display', snippet: redact(from.name) } } : null,
    form: null,
    facts: { messageId: mail.messageId ?? null, cryptography, attachments, notes },
    signature: combineSignatures(signatures),
    authCodes: codes,
    unreadable: !readable && (encrypted || attachments.length === 0),
  };
}

async function collectAttachments(
  mail: ParsedMail,
  outerFrom: string | null,
  ctx: ReaderContext,
  sources: TextSource[],
  attachments: Attachment[],
  notes: string[],
  signatures: (Extracted<boolean> | null)[],
  /** The place of the message this one was forwarded as (`''` for the email itself): `1`, `1.3`. */
  parent: string,
): Promise<void> {
  const depth = parent === '' ? 0 : parent.split('.').length;
  for (const [index, a] of mail.attachments.entries()) {
    const part = parent === '' ? String(index + 1) : `${parent}.${index + 1}`;
    const filename = a.filename ?? `(unnamed ${a.contentType})`;
    if (a.contentType.toLowerCase() === 'message/rfc822') {
      if (depth >= MAX_FORWARD_DEPTH) {
        attachments.push({ filename, contentType: a.contentType, size: a.size, handling: 'ignored', note: 'forwarded too deeply' });
        continue;
      }
      let inner: ParsedMail;
      try {
        inner = await simpleParser(a.content, { skipTextToHtml: true, skipImageLinks: true });
      } catch {
        attachments.push({ filename, contentType: a.contentType, size: a.size, handling: 'failed', note: 'forwarded message could not be parsed' });
        continue;
      }
      const innerFrom = firstAddress(inner.from)?.address ?? null;
      const sameSender = innerFrom !== null && innerFrom === outerFrom;
      attachments.push({
        filename,
        contentType: a.contentType,
        size: a.size,
        handling: sameSender ? 'text' : 'ignored',
        note: sameSender ? 'forwarded message from the same sender' : 'forwarded message from another sender: not the sender’s data',
      });
      if (sameSender) {
        const split = splitBody(bodyText(inner));
        if (split.own) sources.push({ id: `forwarded:${filename}`, role: 'forwarded', text: split.own });
        await collectAttachments(inner, outerFrom, ctx, sources, attachments, notes, signatures, part);
      }
      continue;
    }
    const { attachment, sources: read, signature } = await readAttachment({ filename, contentType: a.contentType, content: a.content, part }, ctx);
    attachments.push(attachment);
    signatures.push(signature);
    sources.push(...read);
  }
  if (attachments.some((a) => a.handling === 'needs-ocr')) {
    const note = 'scanned attachments wait for the OCR stage: their text and signature are not read yet';
    if (!notes.includes(note)) notes.push(note);
  }
}
