import type { PostalAddress } from '../contract/triage-result.js';
import type { Member } from './member.js';
import { foldCity, foldStreet, namesAgree } from './name-folding.js';

/** An in-memory view of the member registry, built once per run or per worker refresh. */
export interface Registry {
  size: number;
  byNumber: ReadonlyMap<string, Member>;
  byPostalCode: ReadonlyMap<string, readonly Member[]>;
}

export function createRegistry(members: readonly Member[]): Registry {
  const byNumber = new Map<string, Member>();
  const byPostalCode = new Map<string, Member[]>();
  for (const m of members) {
    byNumber.set(m.insuranceNumber, m);
    const list = byPostalCode.get(m.postalCode) ?? [];
    list.push(m);
    byPostalCode.set(m.postalCode, list);
  }
  return { size: byNumber.size, byNumber, byPostalCode };
}

/** The written address is the registered one (street spelling, case and umlauts aside). */
export function sameAddress(written: PostalAddress | null | undefined, member: Member): boolean {
  if (!written || !written.street || !written.postalCode || !written.city) return false;
  return (
    written.postalCode === member.postalCode &&
    foldStreet(written.street) === foldStreet(member.street) &&
    foldCity(written.city) === foldCity(member.city)
  );
}

export type MatchOutcome =
  | { status: 'no-registry'; member: null; via: null }
  | { status: 'matched'; member: Member; via: 'number+name' }
  | { status: 'mismatch'; member: Member; via: 'number' | 'name+address' }
  | { status: 'not-found'; member: null; via: null };

/**
 * Identification against the registry, as the contract states it:
 * matched = valid number in the registry and the name agrees; mismatch = the number is registered
 * to a name that disagrees (or no name was found), or name and address point to a member while the
 * number is missing, invalid or unknown; otherwise not-found.
 */
export function matchMember(
  registry: Registry | null,
  sender: { name: string | null; address: PostalAddress | null; insuranceNumber: string | null; insuranceNumberValid: boolean | null },
): MatchOutcome {
  if (!registry) return { status: 'no-registry', member: null, via: null };
  const { name, address, insuranceNumber, insuranceNumberValid } = sender;
  if (insuranceNumber && insuranceNumberValid) {
    const m = registry.byNumber.get(insuranceNumber);
    if (m) {
      if (name && namesAgree(name, m.firstName, m.lastName)) return { status: 'matched', member: m, via: 'number+name' };
      return { status: 'mismatch', member: m, via: 'number' };
    }
  }
  if (name && address?.postalCode && address.street) {
    const fits = (registry.byPostalCode.get(address.postalCode) ?? []).filter(
      (m) => namesAgree(name, m.firstName, m.lastName) && sameAddress(address, m),
    );
    if (fits.length === 1) return { status: 'mismatch', member: fits[0]!, via: 'name+address' };
  }
  return { status: 'not-found', member: null, via: null };
}
