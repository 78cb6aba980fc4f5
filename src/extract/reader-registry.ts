import type { Channel } from '../contract/triage-result.js';
import type { ReadItem } from './read-item.js';
import { readContactForm } from './readers/contact-form-reader.js';
import { readEmail } from './readers/email-reader.js';
import { readLetter } from './readers/letter-reader.js';
import type { ReaderContext } from './readers/reader-limits.js';

export type Reader = (bytes: Buffer, ctx: ReaderContext, ending: string) => Promise<ReadItem>;

/** One reader per input kind; the kind comes from the file ending (contract, "The command line"). */
export const READERS: Record<Channel, Reader> = {
  email: (bytes, ctx) => readEmail(bytes, ctx),
  'contact-form': (bytes, ctx) => readContactForm(bytes, ctx),
  letter: readLetter,
};

const ENDINGS: Record<string, Channel> = {
  eml: 'email',
  json: 'contact-form',
  pdf: 'letter',
  png: 'letter',
  jpg: 'letter',
  jpeg: 'letter',
  tif: 'letter',
  tiff: 'letter',
};

export const SUPPORTED_ENDINGS = Object.keys(ENDINGS);

export function channelForPath(path: string): { channel: Channel | null; ending: string } {
  const m = /\.([^./\\]+)$/.exec(path);
  const ending = (m?.[1] ?? '').toLowerCase();
  return { channel: ENDINGS[ending] ?? null, ending };
}
