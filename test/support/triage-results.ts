import type { TriageResult } from '../../src/contract/triage-result.js';

/**
 * A complete, contract-shaped result: a decided letter of a matched member, authenticated, reply by
 * post to the registered address; fields can be overridden.
 */
export function decidedLetter(overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    source: 'inbox/brief-001.pdf',
    channel: 'letter',
    status: 'processed',
    channelSecurity: 'secure',
    sender: {
      name: 'Jürgen Müßig',
      address: { street: 'Königstraße 12', postalCode: '50667', city: 'Köln' },
      insuranceNumber: 'A123456780',
      insuranceNumberValid: true,
    },
    signaturePresent: true,
    member: { status: 'matched', insuranceNumber: 'A123456780' },
    authenticated: true,
    reply: { channel: 'post', address: { name: 'Jürgen Müßig', street: 'Königstraße 12', postalCode: '50667', city: 'Köln' } },
    flags: [],
    needsReview: false,
    error: null,
    ...overrides,
  };
}
