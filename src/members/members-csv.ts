import { TriageError } from '../shared/errors.js';
import type { Member } from './member.js';

const COLUMNS = ['insurance_number', 'first_name', 'last_name', 'street', 'postal_code', 'city', 'portal_account'] as const;

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',' || c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** Parses a registry export (columns as in `shared/contract/members.csv`), failing with every bad row named. */
export function parseMembersCsv(text: string, fileLabel = 'members CSV'): Member[] {
  const rows = parseCsvRows(text);
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header) throw new TriageError('members.empty', `${fileLabel} is empty. Export the registry with the header ${COLUMNS.join(',')}.`);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new TriageError('members.bad_header', `${fileLabel} lacks the column(s) ${missing.join(', ')}. Expected header: ${COLUMNS.join(',')}.`);
  }
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const members: Member[] = [];
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const get = (c: (typeof COLUMNS)[number]) => (r[at[c]] ?? '').trim();
    const line = i + 2;
    const number = get('insurance_number').toUpperCase().replace(/\s+/g, '');
    if (!/^[A-Z]\d{9}$/.test(number)) problems.push(`line ${line}: insurance_number is not a letter and nine digits`);
    const postalCode = get('postal_code');
    if (!/^\d{5}$/.test(postalCode)) problems.push(`line ${line}: postal_code is not five digits`);
    const portal = get('portal_account').toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no', 'ja', 'nein', ''].includes(portal)) problems.push(`line ${line}: portal_account must be true or false`);
    members.push({
      insuranceNumber: number,
      firstName: get('first_name'),
      lastName: get('last_name'),
      street: get('street'),
      postalCode,
      city: get('city'),
      portalAccount: ['true', '1', 'yes', 'ja'].includes(portal),
    });
  });
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ');
    throw new TriageError('members.bad_rows', `${fileLabel} has ${problems.length} bad row(s): ${shown}${problems.length > 10 ? '; …' : ''}. Fix the export and load it again.`);
  }
  return members;
}
