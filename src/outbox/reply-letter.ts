import type { Channel, ReplyAddress, TriageResult } from '../contract/triage-result.js';
import { TriageError } from '../shared/errors.js';

/** A reply goes by post or into the member's portal inbox: never by email. */
export type SecureReplyChannel = 'post' | 'portal';

/**
 * The cover letter of a reply: it confirms that a message arrived and will be answered, under the
 * item's intake id as reference. It never quotes the incoming text or subject, never carries an
 * authentication code and not the insurance number (the reference identifies the case).
 */
export interface ReplyLetter {
  channel: SecureReplyChannel;
  /** Who writes: the insurer's name, and its return line above the address window (DIN 5008). */
  sender: { name: string; returnLine: string };
  /** The address window's lines (name, street, postcode and city); empty for a portal reply without address. */
  recipient: string[];
  /** The letter's own date, `24.11.2026`. */
  date: string;
  /** The reference: the intake id. */
  reference: string;
  subject: string;
  salutation: string;
  paragraphs: string[];
  closing: string;
  signature: string;
}

export interface ReplyLetterInput {
  result: TriageResult;
  /** The intake id: the reference the member quotes. */
  intakeId: string;
  /** When the message arrived (intake). */
  receivedAt: Date;
  /** Today, for the letter's date. */
  now: Date;
  insurer: { names: string[]; addresses: { street: string; postalCode: string }[] };
}

const GERMAN_DATE = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

/** `03.11.2026`, in German time. */
export function germanDate(date: Date): string {
  return GERMAN_DATE.format(date);
}

/** How the message arrived, and its pronoun (das Schreiben: es; die Nachricht, die E-Mail: sie). */
const RECEIVED_AS: Record<Channel, { noun: string; pronoun: string }> = {
  letter: { noun: 'Ihr Schreiben', pronoun: 'es' },
  'contact-form': { noun: 'Ihre Nachricht über unser Kontaktformular', pronoun: 'sie' },
  email: { noun: 'Ihre E-Mail', pronoun: 'sie' },
};

/** One line of text: no line breaks or control characters (they would break the layout). */
function oneLine(value: string | null | undefined): string {
  return (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The address window: name, street, postcode and city. Null when any part is missing. */
export function addressLines(address: ReplyAddress | null): string[] | null {
  if (!address) return null;
  const name = oneLine(address.name);
  const street = oneLine(address.street);
  const place = [oneLine(address.postalCode), oneLine(address.city)].filter(Boolean).join(' ');
  if (!street || !oneLine(address.postalCode) || !oneLine(address.city)) return null;
  return [name, street, place].filter(Boolean);
}

/**
 * Builds the cover letter of a decided item's reply (pure). A post reply needs a complete postal
 * address (`outbox.no_postal_address` otherwise); the address is the result's reply address, which
 * the rules already set to the registered one for a matched member.
 */
export function buildReplyLetter(input: ReplyLetterInput): ReplyLetter {
  const { result, intakeId } = input;
  const channel = result.reply.channel;
  if (channel !== 'post' && channel !== 'portal') {
    throw new TriageError('outbox.no_secure_channel', `Result of item ${intakeId} has reply channel "${channel}": only post and portal replies are sent. A case worker answers it.`);
  }
  const lines = addressLines(result.reply.address);
  if (channel === 'post' && lines === null) {
    throw new TriageError(
      'outbox.no_postal_address',
      `The post reply of item ${intakeId} has no complete postal address (street, postcode, city). A case worker must complete the address and answer by hand.`,
    );
  }
  const name = oneLine(input.insurer.names[0]) || 'Ihre Krankenkasse';
  const own = input.insurer.addresses[0];
  const returnLine = own ? [name, oneLine(own.street), oneLine(own.postalCode)].filter(Boolean).join(' · ') : name;
  const { noun, pronoun } = RECEIVED_AS[result.channel];
  const received = germanDate(input.receivedAt);
  const way = channel === 'post' ? 'per Post' : 'in Ihr Postfach im Online-Portal';
  const addressee = oneLine(result.reply.address?.name);
  const paragraphs = [
    `${noun} vom ${received} ist bei uns eingegangen. Wir haben ${pronoun} unter dem Aktenzeichen ${intakeId} erfasst und beantworten ${pronoun} so bald wie möglich ${way}.`,
    'Bitte geben Sie bei Rückfragen immer dieses Aktenzeichen an.',
  ];
  if (result.channel === 'email') {
    paragraphs.push('Zum Schutz Ihrer Daten antworten wir nicht per E-Mail, sondern nur auf einem sicheren Weg.');
  }
  if (result.flags.includes('auth-code-disclosed')) {
    paragraphs.push('Bitte senden Sie uns niemals Zugangs-, Aktivierungs- oder Sicherheitscodes. Wir fragen nie danach.');
  }
  return {
    channel,
    sender: { name, returnLine },
    recipient: lines ?? [],
    date: germanDate(input.now),
    reference: intakeId,
    subject: `Eingangsbestätigung: ${noun} vom ${received}`,
    salutation: addressee ? `Guten Tag ${addressee},` : 'Guten Tag,',
    paragraphs,
    closing: 'Mit freundlichen Grüßen',
    signature: name,
  };
}

/** The letter as plain text (portal message body). */
export function letterText(letter: ReplyLetter): string {
  return [letter.subject, `Aktenzeichen: ${letter.reference}`, '', letter.salutation, '', ...letter.paragraphs.flatMap((p) => [p, '']), letter.closing, letter.signature].join('\n');
}
