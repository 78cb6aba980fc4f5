/**
 * Folding rules for comparing what people write with what the registry holds:
 * case, umlaut spelling (ä/ae, ß/ss), accents (André/Andre), titles and salutations,
 * hyphenated or spaced double names, and "Nachname, Vorname" order.
 */

const SALUTATIONS_AND_TITLES = new Set([
  'herr', 'herrn', 'frau', 'fraeulein', 'dr', 'prof', 'professor', 'dipl', 'ing', 'dipl-ing', 'med', 'rer', 'nat', 'phil',
  'jur', 'dent', 'vet', 'msc', 'bsc', 'mba', 'h.c', 'hc', 'familie', 'fam',
]);

/** Lower case, umlauts spelled out, accents removed, whitespace collapsed. */
export function foldText(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Name tokens without titles or salutations; hyphens split double names. */
export function nameTokens(s: string): string[] {
  return foldText(s)
    .replace(/[,;]/g, ' ')
    .split(/[\s\-]+/)
    .map((t) => t.replace(/\.+$/, ''))
    .filter((t) => t.length > 0 && !SALUTATIONS_AND_TITLES.has(t));
}

/**
 * Whether a written name agrees with a registered first and last name.
 * Every written token must belong to the registered name, the first name must be there, and
 * at least one token of the last name: "Erika Müller" agrees with "Erika Müller-Lüdenscheidt".
 */
export function namesAgree(written: string, firstName: string, lastName: string): boolean {
  const w = nameTokens(written);
  const first = nameTokens(firstName);
  const last = nameTokens(lastName);
  if (w.length === 0 || first.length === 0 || last.length === 0) return false;
  const registered = new Set([...first, ...last]);
  if (!w.every((t) => registered.has(t))) return false;
  return first.some((t) => w.includes(t)) && last.some((t) => w.includes(t));
}

/** Street for comparison: "Heidestr. 17", "Heidestrasse 17" and "heidestraße17" fold alike. */
export function foldStreet(s: string): string {
  return foldText(s)
    .replace(/strasse|str\.|str\b/g, 'str')
    .replace(/[\s.\-]/g, '');
}

export function foldCity(s: string): string {
  return foldText(s).replace(/[\s.\-]/g, '');
}
