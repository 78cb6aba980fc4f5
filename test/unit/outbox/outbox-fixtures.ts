import type { TriageResult } from '../../../src/contract/triage-result.js';
import { decidedLetter } from '../../support/triage-results.js';

/**
 * A decided letter of a matched member, reply by post to the registered address, written from
 * another address than the registered one (the reply must take the registered one); fields can be
 * overridden.
 */
export function decided(overrides: Partial<TriageResult> = {}): TriageResult {
  const base = decidedLetter();
  return decidedLetter({ source: 'samples/letter-01.png', sender: { ...base.sender, address: { street: 'Neue Gasse 7', postalCode: '50999', city: 'Köln' } }, ...overrides });
}
