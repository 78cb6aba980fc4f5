import { randomUUID } from 'node:crypto';

/**
 * The optional data-free acknowledgement by email (TRIAGE_ACK_EMAIL=on): a fixed text saying
 * that the message arrived and will be answered by a secure way. Only for items that came by
 * email and get a post or portal reply. It holds nothing of the item: no name, no address, no
 * insurance number, no subject, no quote, no reference; the only thing it knows of the sender is
 * the bare address it goes to (no display name).
 */
export interface Acknowledgement {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The whole RFC 5322 message (UTF-8 text, quoted-printable, CRLF line ends). */
  raw: string;
}

export const ACK_SUBJECT = 'Eingangsbestätigung';

export const ACK_TEXT = [
  'Guten Tag,',
  '',
  'vielen Dank für Ihre Nachricht. Sie ist bei uns eingegangen.',
  '',
  'Zum Schutz Ihrer Daten beantworten wir sie nicht per E-Mail, sondern auf einem sicheren Weg:',
  'per Post oder in Ihrem Postfach im Online-Portal.',
  '',
  'Bitte antworten Sie nicht auf diese E-Mail. Senden Sie uns per E-Mail keine Gesundheitsdaten,',
  'keine Versichertennummer und niemals Zugangs- oder Sicherheitscodes.',
  '',
  'Mit freundlichen Grüßen',
  'Ihre Krankenkasse',
  '',
  'Diese E-Mail wurde automatisch erstellt.',
].join('\n');

const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Whether `address` is a bare, plain addr-spec (no display name, comment or header injection). */
export function isPlainAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/** Builds the acknowledgement (pure but for the Message-ID, which is random and not the item's id). */
export function buildAcknowledgement(input: { from: string; to: string; now: Date; messageId?: string }): Acknowledgement {
  if (!isPlainAddress(input.to) || !isPlainAddress(input.from)) throw new Error('buildAcknowledgement needs two plain addresses');
  const domain = input.from.slice(input.from.lastIndexOf('@') + 1);
  const headers = [
    `From: ${input.from}`,
    `To: ${input.to}`,
    `Subject: ${encodeWord(ACK_SUBJECT)}`,
    `Date: ${rfc5322Date(input.now)}`,
    `Message-ID: <${input.messageId ?? randomUUID()}@${domain}>`,
    // RFC 3834: an automatic message, so auto-responders do not answer it.
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  const raw = `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(ACK_TEXT)}\r\n`;
  return { from: input.from, to: input.to, subject: ACK_SUBJECT, text: ACK_TEXT, raw };
}

/**
 * The sender's address from an email's `From` header (bare addr-spec, lower-cased domain), or null
 * when there is none that is plain. Reads the header block only.
 */
export function senderAddressOf(raw: Buffer): string | null {
  let head = raw.subarray(0, 64 * 1024).toString('latin1');
  if (head.startsWith('From ')) head = head.slice(head.indexOf('\n') + 1); // mbox separator line
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const from = /^from:[ \t]*(.*)$/im.exec(unfolded)?.[1];
  if (!from) return null;
  const withoutComments = from.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^()]*\)/g, '');
  const angled = [...withoutComments.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const candidate = (angled[0] ?? withoutComments.split(',')[0] ?? '').trim();
  if (!isPlainAddress(candidate)) return null;
  const at = candidate.lastIndexOf('@');
  return `${candidate.slice(0, at)}@${candidate.slice(at + 1).toLowerCase()}`;
}

/** RFC 2047 encoded word (UTF-8, Q encoding) for a header holding non-ASCII text. */
function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9!*+\-/]/.test(ch) ? ch : byte === 0x20 ? '_' : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${out}?=`;
}

/** Quoted-printable (RFC 2045) of UTF-8 text, lines at most 76 characters, CRLF. */
function quotedPrintable(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let encoded = '';
      const bytes = [...Buffer.from(line, 'utf8')];
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const plain = (byte >= 33 && byte <= 126 && byte !== 61) || (byte === 32 && !last);
        encoded += plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      });
      const out: string[] = [];
      while (encoded.length > 76) {
        let cut = 75;
        // Never split an =XX escape.
        const eq = encoded.lastIndexOf('=', cut);
        if (eq > cut - 3) cut = eq;
        out.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      out.push(encoded);
      return out.join('\r\n');
    })
    .join('\r\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue, 24 Nov 2026 09:30:00 +0000`. */
function rfc5322Date(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
