import { TriageError } from '../shared/errors.js';
import type { Member } from './member.js';

const COLUMNS = ['insurance_number', 'first_name', 'last_name', 'street', 'postal_code', 'city', 'portal_account'] as const;

/** The delimiter of an export: whichever of "," and ";" the header line uses more, outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of text.replace(/^\uFEFF/, '')) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** A CSV row with the line of the file it starts on (1-based), for messages a person can follow. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** RFC 4180 rows: quoted fields may hold the delimiter, quotes ("") and line breaks; blank lines are skipped. */
export function parseCsvLines(text: string, delimiter: ',' | ';' = detectDelimiter(text)): CsvRow[] {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const s = text.replace(/^\uFEFF/, '');
  const end = () => {
    row.push(field);
    if (row.some((f) => f.trim() !== '')) rows.push({ fields: row, line: rowLine });
    row = [];
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      end();
      line++;
      rowLine = line;
    } else field += c;
  }
  end();
  return rows;
}

/** The fields of each row (see `parseCsvLines`). */
export function parseCsvRows(text: string): string[][] {
  return parseCsvLines(text).map((r) => r.fields);
}

/** Parses a registry export (columns as in `shared/contract/members.csv`), failing with every bad row named. */
export function parseMembersCsv(text: string, fileLabel = 'members CSV'): Member[] {
  const rows = parseCsvLines(text);
  const header = rows.shift()?.fields.map((h) => h.trim().toLowerCase());
  if (!header) throw new TriageError('members.empty', `${fileLabel} is empty. Export the registry with the header ${COLUMNS.join(',')}.`);
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new TriageError('members.bad_header', `${fileLabel} lacks the column(s) ${missing.join(', ')}. Expected header: ${COLUMNS.join(',')}.`);
  }
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const members: Member[] = [];
  const problems: string[] = [];
  for (const r of rows) {
    const get = (c: (typeof COLUMNS)[number]) => (r.fields[at[c]] ?? '').trim();
    const wrong: string[] = [];
    if (r.fields.length !== header.length) wrong.push(`${r.fields.length} field(s) where the header has ${header.length}`);
    const number = get('insurance_number').toUpperCase().replace(/\s+/g, '');
    if (!/^[A-Z]\d{9}$/.test(number)) wrong.push('insurance_number is not a letter and nine digits');
    const postalCode = get('postal_code');
    if (!/^\d{5}$/.test(postalCode)) wrong.push('postal_code is not five digits');
    for (const c of ['first_name', 'last_name', 'street', 'city'] as const) if (!get(c)) wrong.push(`${c} is empty`);
    const portal = get('portal_account').toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no', 'ja', 'nein', ''].includes(portal)) wrong.push('portal_account must be true or false');
    if (wrong.length) problems.push(`line ${r.line}: ${wrong.join(', ')}`);
    members.push({
      insuranceNumber: number,
      firstName: get('first_name'),
      lastName: get('last_name'),
      street: get('street'),
      postalCode,
      city: get('city'),
      portalAccount: ['true', '1', 'yes', 'ja'].includes(portal),
    });
  }
  if (problems.length) {
    const shown = problems.slice(0, 10).join('; ');
    throw new TriageError('members.bad_rows', `${fileLabel} has ${problems.length} bad row(s): ${shown}${problems.length > 10 ? '; …' : ''}. Fix the export and load it again.`);
  }
  return members;
}
