import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { TriageError } from '../../shared/errors.js';
import { normaliseHouseNumberSpacing } from '../find-address.js';
import { normaliseInsuranceNumber } from '../insurance-number.js';
import type { Attachment, Extracted } from '../extracted-fields.js';
import type { FormValues, ReadItem } from '../read-item.js';
import type { TextSource } from '../text-source.js';
import { combineSignatures, readAttachment } from './attachment-reader.js';
import type { ReaderContext } from './reader-limits.js';
import { redactSources } from './redact-sources.js';

const schema = JSON.parse(readFileSync(new URL('../../contract/contact-form.schema.json', import.meta.url), 'utf8')) as object;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

export interface ContactForm {
  formId: string;
  submittedAt: string;
  fields: Partial<Record<'salutation' | 'firstName' | 'lastName' | 'email' | 'phone' | 'insuranceNumber' | 'street' | 'postalCode' | 'city' | 'subject' | 'message', string>>;
  attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

const LOWER_PARTICLES = new Set(['der', 'die', 'das', 'dem', 'den', 'des', 'von', 'vom', 'zu', 'zum', 'zur', 'im', 'in', 'an', 'am', 'auf', 'bei', 'unter', 'ob']);

function titleCaseWords(s: string): string {
  return s
    .split(' ')
    .map((w, i) => (i > 0 && LOWER_PARTICLES.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/** "hauptstraße64" → "Hauptstraße 64", "am markt36" → "Am Markt 36", "Lindenweg 12 a" → "Lindenweg 12a". */
export function normaliseStreet(raw: string): string | null {
  const s = raw.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const spaced = s.replace(/(\p{L}\.?)(\d)/gu, '$1 $2');
  const cased = /\p{Lu}/u.test(spaced) ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : titleCaseWords(spaced);
  return normaliseHouseNumberSpacing(cased);
}

export function normalisePostalCode(raw: string): string | null {
  const s = raw.replace(/[\s.]/g, '').replace(/^D-?/i, '');
  return /^\d{5}$/.test(s) ? s : null;
}

function normaliseName(raw: string | undefined): string | null {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!s) return null;
  return s === s.toLowerCase() || s === s.toUpperCase() ? titleCaseWords(s.toLowerCase()) : s;
}

/**
 * The sender's name from the form's name fields: first and last name; or, with one of them empty,
 * the other written the way lists write it ("Schmidt, Anna"). A single word alone names nobody.
 */
export function formName(firstName: string | undefined, lastName: string | undefined): string | null {
  const first = normaliseName(firstName);
  const last = normaliseName(lastName);
  if (first && last) return `${first} ${last}`;
  const one = first ?? last;
  const listed = one ? /^([^,]+),\s*([^,]+)$/u.exec(one) : null;
  return listed ? `${listed[2]!.trim()} ${listed[1]!.trim()}` : null;
}

function schemaMessage(): string {
  const errs = (validate.errors ?? []).slice(0, 4).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  return `The submission does not match contact-form.schema.json: ${errs.join('; ')}. Fix the form backend's export.`;
}

/** Reads one contact-form submission: structured fields first, the message fills the gaps. */
export async function readContactForm(bytes: Buffer, ctx: ReaderContext): Promise<ReadItem> {
  const limits = ctx.limits;
  if (bytes.length === 0) throw new TriageError('intake.empty_file', 'The file is empty (0 bytes). Ask the form backend to resend the submission.');
  if (bytes.length > limits.maxMessageBytes) {
    throw new TriageError('intake.too_large', `The submission has ${bytes.length} bytes, more than the limit of ${limits.maxMessageBytes}. Raise TRIAGE_MAX_MESSAGE_MB if such forms are expected.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    const where = err instanceof SyntaxError ? ` (${err.message.replace(/[^\w ,()]/g, ' ').slice(0, 80).trim()})` : '';
    throw new TriageError('form.invalid_json', `The file is not valid JSON${where}. A contact form must be one JSON object as in contact-form.schema.json.`);
  }
  if (!validate(data)) throw new TriageError('form.schema_violation', schemaMessage());
  const form = data as ContactForm;
  const f = form.fields;

  const numberRaw = (f.insuranceNumber ?? '').trim();
  const street = f.street ? normaliseStreet(f.street) : null;
  const postalCode = f.postalCode ? normalisePostalCode(f.postalCode) : null;
  const values: FormValues = {
    name: formName(f.firstName, f.lastName),
    address: {
      ...(street ? { street } : {}),
      ...(postalCode ? { postalCode } : {}),
      ...(f.city?.trim() ? { city: titleCaseWords(f.city.replace(/\s+/g, ' ').trim()) } : {}),
    },
    insuranceNumber: numberRaw ? normaliseInsuranceNumber(numberRaw) : null,
  };

  const sources: TextSource[] = [];
  if (f.subject?.trim()) sources.push({ id: 'form:subject', role: 'subject', text: f.subject });
  if (f.message?.trim()) sources.push({ id: 'form:message', role: 'own', text: f.message.replace(/\r\n?/g, '\n') });

  const attachments: Attachment[] = [];
  const signatures: (Extracted<boolean> | null)[] = [];
  for (const [index, a] of (form.attachments ?? []).entries()) {
    const content = Buffer.from(a.contentBase64, 'base64');
    const { attachment, sources: read, signature } = await readAttachment({ filename: a.filename, contentType: a.contentType, content, part: String(index + 1) }, ctx);
    attachments.push(attachment);
    signatures.push(signature);
    sources.push(...read);
  }
  const notes = attachments.some((a) => a.handling === 'needs-ocr') ? ['scanned attachments wait for the OCR stage: their text and signature are not read yet'] : [];

  // Codes typed into a structured field are disclosed just the same.
  const fieldTexts = Object.values(f).filter((v): v is string => typeof v === 'string');
  const { sources: clean, codes, redact } = redactSources(sources, fieldTexts);
  if (values.name) values.name = redact(values.name);
  return {
    channel: 'contact-form',
    sources: clean,
    fromDisplay: null,
    form: values,
    facts: { messageId: null, cryptography: [], attachments, notes },
    signature: combineSignatures(signatures),
    authCodes: codes,
    unreadable: false,
  };
}
