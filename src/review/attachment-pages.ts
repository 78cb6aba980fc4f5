import { simpleParser, type ParsedMail } from 'mailparser';
import type { Channel } from '../contract/triage-result.js';
import type { Evidence } from '../extract/extracted-fields.js';
import { scanKindOf } from '../extract/readers/attachment-reader.js';
import type { ReaderLimits } from '../extract/readers/reader-limits.js';

// The scanned attachments of an email or contact form, found again in the stored original by the
// place the reader recorded on their evidence (`Evidence.attachment`: `2`, or `1.3` inside a
// forwarded message), so the review can show their pages with the boxes read from them.

/** An attached document the readers scan (PDF or image), as stored in the original. */
export interface ScannedAttachment {
  /** Its place in the message, as on the evidence. */
  part: string;
  filename: string;
  contentType: string;
  kind: 'pdf' | 'image';
  content: Buffer;
}

/** As deep as the email reader follows forwarded messages. */
const MAX_FORWARD_DEPTH = 3;
const MBOX_FROM_LINE = /^From [^\n]*\n/;
const PART = /^[1-9]\d{0,3}(\.[1-9]\d{0,3}){0,3}$/;

/** Whether `part` is shaped like an attachment's place (`2`, `1.3`); anything else names no attachment. */
export function isAttachmentPart(part: string): boolean {
  return PART.test(part);
}

/**
 * The scanned attachments of a stored email or contact form, each numbered as the reader numbered
 * it (the same parser, the same order). Files the reader would not scan (too large, not a PDF or
 * image, a signature part) are left out. An original that cannot be parsed has none.
 */
export async function scannedAttachments(raw: Buffer, channel: Channel | null, limits: Pick<ReaderLimits, 'maxScanBytes'>): Promise<ScannedAttachment[]> {
  const files: ScannedAttachment[] = [];
  const add = (part: string, file: { filename: string; contentType: string; content: Buffer }) => {
    const kind = scanKindOf(file, limits);
    if (kind) files.push({ part, kind, ...file });
  };
  if (channel === 'contact-form') {
    let form: { attachments?: unknown };
    try {
      form = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')) as { attachments?: unknown };
    } catch {
      return [];
    }
    const list = Array.isArray(form?.attachments) ? (form.attachments as Record<string, unknown>[]) : [];
    list.forEach((a, i) => {
      if (typeof a?.filename !== 'string' || typeof a.contentType !== 'string' || typeof a.contentBase64 !== 'string') return;
      add(String(i + 1), { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') });
    });
    return files;
  }
  if (channel !== 'email') return [];
  const body = MBOX_FROM_LINE.test(raw.subarray(0, 1024).toString('latin1')) ? raw.subarray(raw.indexOf(10) + 1) : raw;
  const walk = async (mail: ParsedMail, parent: string, depth: number): Promise<void> => {
    for (const [index, a] of mail.attachments.entries()) {
      const part = parent === '' ? String(index + 1) : `${parent}.${index + 1}`;
      const filename = a.filename ?? `(unnamed ${a.contentType})`;
      if (a.contentType.toLowerCase() === 'message/rfc822') {
        if (depth >= MAX_FORWARD_DEPTH) continue;
        const inner = await simpleParser(a.content, { skipTextToHtml: true, skipImageLinks: true }).catch(() => null);
        if (inner) await walk(inner, part, depth + 1);
        continue;
      }
      add(part, { filename, contentType: a.contentType, content: a.content });
    }
  };
  try {
    await walk(await simpleParser(body, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 }), '', 0);
  } catch {
    return [];
  }
  return files;
}

/**
 * Whether a piece of evidence was read from this attachment. Results stored before the reader
 * recorded the place carry only the name (`attachment:Scan.pdf`, `…:enclosure`): those count when
 * no other scanned attachment has that name.
 */
export function evidenceOfAttachment(e: Evidence, file: ScannedAttachment, all: ScannedAttachment[]): boolean {
  if (e.attachment !== undefined) return e.attachment === file.part;
  if (e.source !== `attachment:${file.filename}` && e.source !== `attachment:${file.filename}:enclosure`) return false;
  return all.filter((f) => f.filename === file.filename).length === 1;
}
