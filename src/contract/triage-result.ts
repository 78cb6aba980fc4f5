/**
 * The product's outside, as fixed by `shared/contract/triage-result.schema.json`.
 * Nothing in here may change meaning without the contract changing first.
 */

export const CHANNELS = ['letter', 'contact-form', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FLAGS = [
  'missing-name',
  'missing-address',
  'missing-insurance-number',
  'invalid-insurance-number',
  'missing-signature',
  'member-not-found',
  'member-mismatch',
  'address-change-request',
  'address-change-insecure-channel',
  'representative',
  'auth-code-disclosed',
  'personal-data-insecure-channel',
  'unreadable',
  'no-secure-reply-route',
] as const;
export type Flag = (typeof FLAGS)[number];

/** Flags that inform but do not by themselves send an item to review (contract, "needsReview"). */
export const INFORMATIONAL_FLAGS: ReadonlySet<Flag> = new Set<Flag>(['personal-data-insecure-channel', 'address-change-request']);

export interface PostalAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

export type MemberStatus = 'matched' | 'mismatch' | 'not-found' | 'no-registry';
export type ReplyChannel = 'post' | 'portal' | 'none';

export interface ReplyAddress extends PostalAddress {
  name: string | null;
}

export interface TriageResult {
  source: string;
  channel: Channel;
  status: 'processed' | 'failed';
  channelSecurity: 'secure' | 'insecure';
  sender: {
    name: string | null;
    address: PostalAddress | null;
    insuranceNumber: string | null;
    insuranceNumberValid: boolean | null;
  };
  signaturePresent: boolean;
  member: { status: MemberStatus; insuranceNumber: string | null };
  authenticated: boolean;
  reply: { channel: ReplyChannel; address: ReplyAddress | null };
  flags: Flag[];
  needsReview: boolean;
  error: { code: string; message: string } | null;
}

export const CHANNEL_SECURITY: Record<Channel, 'secure' | 'insecure'> = {
  letter: 'secure',
  'contact-form': 'secure',
  email: 'insecure',
};
