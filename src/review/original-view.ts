import { simpleParser, type AddressObject } from 'mailparser';
import { codeRedactor, findAuthCodes } from '../extract/auth-code.js';
import type { Evidence, ExtractedFields } from '../extract/extracted-fields.js';
import { htmlToText } from '../extract/readers/email-reader.js';
import type { TriageRecord } from '../pipeline/triage-record.js';
import { sanitizeEmailHtml } from './email-html.js';
import { ofLetter, type PageGeometry } from './letter-pages.js';

/** A box drawn on a page image: which field (or the signature) was read there. */
export interface PageBox {
  field: 'name' | 'address' | 'insuranceNumber' | 'signature';
  rule: string;
  box: { x: number; y: number; width: number; height: number };
}

export interface PageView extends PageGeometry {
  url: string;
  boxes: PageBox[];
}

/** The pages of a scanned document attached to an email or form, with the boxes read from them. */
export interface AttachmentPagesView {
  /** Its place in the message (`2`, `1.3` in a forwarded message); the page URLs carry it. */
  part: string;
  filename: string;
  contentType: string;
  pages: PageView[];
  /** Why no pages are shown (the stored file cannot be opened: `scan.corrupt_pdf`, …); else absent. */
  unavailable?: string;
}

/** The item as it arrived, made safe to show. */
export type OriginalView =
  | { kind: 'letter'; pages: PageView[] }
  | {
      kind: 'email';
      headers: { from: string | null; to: string | null; date: string | null; subject: string | null };
      text: string;
      /** Sanitised (see email-html.ts), or null when the mail has no HTML part. */
      html: string | null;
      attachments: { filename: string; contentType: string; size: number }[];
      /** The scanned attachments (also those inside forwarded messages) as page images. */
      attachmentPages: AttachmentPagesView[];
    }
  | { kind: 'contact-form'; fields: Record<string, string>; attachments: { filename: string; contentType: string }[]; attachmentPages: AttachmentPagesView[] }
  /** The original was not kept (it disclosed an authentication code): only the redacted texts that were read. */
  | { kind: 'withheld'; channel: string | null; texts: TriageRecord['texts'] }
  /** Nothing to show (unknown kind, or the stored bytes cannot be read). */
  | { kind: 'unavailable'; reason: string };

const FIELD_NAMES = ['name', 'address', 'insuranceNumber', 'signature'] as const;

/** The boxes of every extracted field on one page of the document the evidence `belongs` to (default: the letter). */
export function boxesOnPage(fields: ExtractedFields | null, page: number, belongs: (e: Evidence) => boolean = ofLetter): PageBox[] {
  const boxes: PageBox[] = [];
  for (const field of FIELD_NAMES) {
    const evidence: Evidence[] = fields?.[field]?.evidence ?? [];
    for (const e of evidence) {
      if (e.page === page && e.box && belongs(e)) boxes.push({ field, rule: e.rule, box: e.box });
    }
  }
  return boxes;
}

export function letterView(intakeId: string, pages: PageGeometry[], fields: ExtractedFields | null): OriginalView {
  return {
    kind: 'letter',
    pages: pages.map((p) => ({ ...p, url: `/api/items/${intakeId}/pages/${p.page}`, boxes: boxesOnPage(fields, p.page) })),
  };
}

/** An attachment's pages, each with the boxes of the evidence read from that attachment. */
export function attachmentPagesView(
  intakeId: string,
  file: { part: string; filename: string; contentType: string },
  pages: PageGeometry[],
  fields: ExtractedFields | null,
  belongs: (e: Evidence) => boolean,
): AttachmentPagesView {
  return {
    part: file.part,
    filename: file.filename,
    contentType: file.contentType,
    pages: pages.map((p) => ({ ...p, url: `/api/items/${intakeId}/attachments/${file.part}/pages/${p.page}`, boxes: boxesOnPage(fields, p.page, belongs) })),
  };
}

/** Every authentication code in the texts removed, as a second net behind the reader's redaction. */
function redactorFor(texts: (string | null | undefined)[]): (s: string) => string {
  const codes = new Set<string>();
  for (const t of texts) if (t) for (const hit of findAuthCodes(t)) codes.add(hit.code);
  return codeRedactor(codes);
}

function addressText(a: AddressObject | AddressObject[] | undefined): string | null {
  if (!a) return null;
  return (Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text) || null;
}

const MBOX_FROM_LINE = /^From [^\n]*\n/;

/** An email as plain text and sanitised HTML (inline images as data: URLs, remote ones removed). */
export async function emailView(raw: Buffer): Promise<OriginalView> {
  const body = MBOX_FROM_LINE.test(raw.subarray(0, 1024).toString('latin1')) ? raw.subarray(raw.indexOf(10) + 1) : raw;
  let mail;
  try {
    mail = await simpleParser(body, { skipTextToHtml: true, skipImageLinks: false, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  } catch {
    return { kind: 'unavailable', reason: 'email.unparseable' };
  }
  const html = typeof mail.html === 'string' && mail.html.trim() ? mail.html : null;
  const text = typeof mail.text === 'string' && mail.text.trim() ? mail.text : html ? htmlToText(html) : '';
  const subject = mail.subject ?? null;
  const redact = redactorFor([text, html, subject]);
  return {
    kind: 'email',
    headers: {
      from: addressText(mail.from),
      to: addressText(mail.to),
      date: mail.date ? mail.date.toISOString() : null,
      subject: subject === null ? null : redact(subject),
    },
    text: redact(text),
    html: html === null ? null : redact(sanitizeEmailHtml(html)),
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? `(${a.contentType})`, contentType: a.contentType, size: a.size })),
    attachmentPages: [],
  };
}

/** A contact form's own fields (attachments by name only). */
export function contactFormView(raw: Buffer): OriginalView {
  let data: { fields?: Record<string, unknown>; attachments?: { filename?: unknown; contentType?: unknown }[] };
  try {
    data = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')) as typeof data;
  } catch {
    return { kind: 'unavailable', reason: 'form.invalid_json' };
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(data?.fields ?? {})) if (typeof v === 'string') fields[k] = v;
  const redact = redactorFor(Object.values(fields));
  for (const k of Object.keys(fields)) fields[k] = redact(fields[k]!);
  const attachments = (Array.isArray(data?.attachments) ? data.attachments : []).map((a) => ({
    filename: typeof a?.filename === 'string' ? a.filename : '(ohne Namen)',
    contentType: typeof a?.contentType === 'string' ? a.contentType : 'application/octet-stream',
  }));
  return { kind: 'contact-form', fields, attachments, attachmentPages: [] };
}
