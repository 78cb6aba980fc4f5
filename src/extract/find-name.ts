import { CLOSING_FORMULA as CLOSING } from './closing-formula.js';
import type { Evidence, Extracted } from './extracted-fields.js';
import { evidenceAt, type TextSource } from './text-source.js';



// Academic titles and their lower-case degree parts ("Dr. med.", "Dr. rer. nat.", "Dr. h.c.").
const DEGREE = '(?:med|dent|vet|phil|jur|rer|nat|oec|pol|habil|h\\.[ \\t]?c)\\.';
const NAME_TOKEN = `(?:(?:Dr|Prof|Dipl\\.-Ing|Dipl)\\.?|${DEGREE}|\\p{Lu}[\\p{Ll}'’]+(?:-\\p{Lu}[\\p{Ll}'’]+)*|(?:von[ \\t]+und[ \\t]+zu|von|van|de|zu|der|den|la|le)|\\p{Lu}\\.)`;
// "gez." marks a typed stand-in for a signature; OCR may leave specks after the name.
// "i. A." (by order) and "i. V." (as deputy) stand before the name of whoever signs for an office.
const NAME_LINE = new RegExp(`^(?:(?:Ihre?|Eure?|Deine?|gez\\.?|i\\.[ \\t]?[AV]\\.)[ \\t]+)?(${NAME_TOKEN}(?:[ \\t]+${NAME_TOKEN}){0,7})[ \\t]*[,;:|.]?[ \\t]*$`, 'u');
const NAME_IN_TEXT = new RegExp(
  `(?:mein[ \\t]+Name[ \\t]+ist|ich[ \\t]+hei(?:ß|ss)e|hier[ \\t]+schreibt|hier[ \\t]+ist)[ \\t]+((?:Herr|Frau)[ \\t]+)?(${NAME_TOKEN}(?:[ \\t]+${NAME_TOKEN}){1,3})`,
  'u',
);
const POSSESSIVE = /^(?:Ihre?|Eure?|Deine?)[ \t]/u;
const NOT_A_NAME =
  /^(?:Sehr|Guten|Hallo|Liebe|Tel|Telefon|Fax|Mobil|Handy|E-?Mail|Vers|KV|Versichertennummer|Kundenberatung|Kundenservice|Anlage|Anlagen|Anhang|Von|Gesendet|Am|Betreff|Bitte|Danke|Vielen|Mit|Postfach|Straße|Strasse|Ihr|Ihre)\b|\p{L}*kasse\b|Knappschaft|Versicherung|Service|GmbH|Team|Praxis|Familie|\bFam\.|Abteilung|Kundenberatung/iu;
// The printed label of a signature field ("Unterschrift:", "Unterschrift: ________"), not a name.
const SIGNATURE_LABEL = /^(?:\(?(?:Unterschrift|Signatur|Unterzeichnet|Name)\)?)[ \t]*[:.]?[ \t_.…—–-]*$/iu;
const FIELD_LABEL = /^(?:Name|Vor-?[ \t]?und[ \t]+(?:Zu|Nach|Familien)name|Vorname[ \t]+(?:und[ \t]+)?(?:Nach|Zu)?name|Absender(?:in)?|Von)[ \t]*:[ \t]*/iu;
const FAMILY = /^(?:Familie|Fam\.?|Family)[ \t]+(.+)$/iu;
// Firms and offices, as on a company stamp under the closing ("Hollmann Gartenbau", "Inh. …").
const ORGANISATION =
  /\b(GmbH|mbH|AG|e\.V\.|KG|OHG|GbR|Praxis|Team|Service|Info|Verwaltung|Hausverwaltung|Pflegedienst|Kanzlei|Apotheke|Krankenhaus|Klinik|Büro|Buero|Steuerbüro|Steuerberatung|Gartenbau|Bauunternehmen|Malerbetrieb|Handwerk|Immobilien|Bäckerei|Metzgerei|Inh\.|Inhaber(?:in)?|Support|noreply|no-reply|System|Daemon|Postmaster|Mailer|Delivery|Newsletter)(?![\p{L}])/iu;
const SALUTATION = /^(?:Herrn?|Frau)[ \t]+/u;
const TITLES = new RegExp(`(?:^|[ \\t])(?:Dr\\.|Prof\\.|Dipl\\.-Ing\\.|Dipl\\.|${DEGREE})(?=[ \\t])`, 'gu');

function clean(name: string): string {
  return name.replace(SALUTATION, '').replace(TITLES, ' ').replace(/\s+/g, ' ').replace(/,$/, '').trim();
}

function tokens(name: string): string[] {
  return clean(name).split(' ').filter(Boolean);
}

/** The name under the closing formula in the sender's own text. */
export function findSignOff(src: TextSource): { name: string; evidence: Evidence } | null {
  const text = src.text;
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((l) => {
    const s = offset;
    offset += l.length + 1;
    return s;
  });
  let found: { name: string; evidence: Evidence } | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (!CLOSING.test(lines[i]!)) continue;
    // Up to three written lines below the closing; blank lines are the room left for the pen.
    for (let j = i + 1, written = 0; j < Math.min(lines.length, i + 10) && written < 3; j++) {
      const line = lines[j]!.trim();
      if (!line) continue;
      written++;
      if (SIGNATURE_LABEL.test(line)) continue;
      if (ORGANISATION.test(line)) break;
      const m = NAME_LINE.exec(line);
      // "Ihre Petra Lahnstein" is a name after a possessive; "Ihre Gesundheitskasse", "Ihre Karla"
      // (too little to tell from a signing organisation) are not.
      const possessive = POSSESSIVE.test(line);
      if (m && !NOT_A_NAME.test(possessive ? m[1]! : line) && tokens(m[1]!).length >= (possessive ? 2 : 1)) {
        const start = starts[j]! + lines[j]!.indexOf(m[1]!);
        found = { name: clean(m[1]!), evidence: evidenceAt(src, 'name.sign-off', start, start + m[1]!.length) };
        break;
      }
      // On a scanned letter the signature itself reads as a line of debris above the typed name.
      if (/\d/.test(line) || line.length > 40) break;
    }
  }
  return found;
}

export function findStatedName(src: TextSource): { name: string; evidence: Evidence } | null {
  const m = NAME_IN_TEXT.exec(src.text);
  if (!m) return null;
  const start = m.index + m[0].length - m[2]!.length;
  return { name: clean(m[2]!), evidence: evidenceAt(src, 'name.stated', start, start + m[2]!.length) };
}

export interface DisplayName {
  kind: 'person' | 'family' | 'none';
  /** "Vorname Nachname" for a person, the family name for a family. */
  value: string | null;
}

/** Reads a From display name: "Erika Mustermann", "Mustermann, Erika", "Familie Schmidt", or nothing usable. */
export function readDisplayName(display: string | null | undefined): DisplayName {
  const d = (display ?? '').replace(/["']/g, '').replace(/\s+/g, ' ').trim();
  if (!d || d.includes('@') || ORGANISATION.test(d)) return { kind: 'none', value: null };
  const fam = FAMILY.exec(d);
  if (fam) return { kind: 'family', value: fam[1]!.trim() };
  const comma = /^([^,]+),\s*([^,]+)$/.exec(d);
  const ordered = comma ? `${comma[2]} ${comma[1]}` : d;
  const t = tokens(ordered);
  if (t.length < 1 || t.length > 5 || t.some((x) => !/^[\p{L}][\p{L}'’.\-]*$/u.test(x))) return { kind: 'none', value: null };
  return { kind: 'person', value: t.join(' ') };
}

/**
 * Reconciles the sign-off and the From display name into the sender's name.
 * A full sign-off is the writer; a first-name sign-off borrows the last name from the display name.
 */
export function reconcileName(
  signOff: { name: string; evidence: Evidence } | null,
  stated: { name: string; evidence: Evidence } | null,
  display: DisplayName,
  displayEvidence: Evidence | null,
): Extracted<string> | null {
  const disp = display.kind === 'person' ? tokens(display.value!) : [];
  const ev = (e: Evidence | null | undefined): Evidence[] => (e ? [e] : []);
  if (stated && tokens(stated.name).length >= 2) {
    return { value: stated.name, confidence: 0.93, evidence: [stated.evidence, ...ev(signOff?.evidence)] };
  }
  if (signOff) {
    const s = tokens(signOff.name);
    // "G. Pütz" under a mail from "Gudrun Pütz": the display name spells out the initial.
    const initial = s.length >= 2 && /^\p{Lu}\.$/u.test(s[0]!) ? s[0]!.charAt(0) : null;
    if (initial && disp.length >= 2 && disp[0]!.startsWith(initial) && disp[disp.length - 1] === s[s.length - 1]) {
      return { value: disp.join(' '), confidence: 0.93, evidence: [signOff.evidence, ...ev(displayEvidence)] };
    }
    if (s.length >= 2) {
      const sameLast = disp.length >= 2 && disp[disp.length - 1] === s[s.length - 1];
      return { value: s.join(' '), confidence: sameLast ? 0.96 : 0.88, evidence: [signOff.evidence, ...(sameLast ? ev(displayEvidence) : [])] };
    }
    if (s.length === 1) {
      if (disp.length >= 2 && disp[0] === s[0]) return { value: disp.join(' '), confidence: 0.93, evidence: [signOff.evidence, ...ev(displayEvidence)] };
      if (display.kind === 'family') return { value: `${s[0]} ${display.value}`, confidence: 0.8, evidence: [signOff.evidence, ...ev(displayEvidence)] };
      // "Petra" signing a mail from "Hans Lahnstein": someone else at Hans's address, perhaps of his
      // household. The display name is kept for the case worker, below any review threshold.
      if (disp.length >= 2) return { value: disp.join(' '), confidence: 0.5, evidence: ev(displayEvidence) };
      return null;
    }
  }
  if (disp.length >= 2) return { value: disp.join(' '), confidence: 0.85, evidence: ev(displayEvidence) };
  return null;
}

/** The name line right above a sender block's street line ("Heike Klein / Heidestr. 113 / 44791 Bochum"). */
export function findBlockName(src: TextSource, streetStart: number): { name: string; evidence: Evidence } | null {
  const lineEnd = src.text.lastIndexOf('\n', streetStart - 1);
  if (lineEnd <= 0) return null;
  const start = src.text.lastIndexOf('\n', lineEnd - 1) + 1;
  // A form's or a sender block's field label before the name ("Name: Petra Lindner", "Absender: …").
  const line = src.text.slice(start, lineEnd).trim().replace(FIELD_LABEL, '');
  const m = NAME_LINE.exec(line);
  if (!m || NOT_A_NAME.test(line) || ORGANISATION.test(line) || tokens(m[1]!).length < 2) return null;
  const at = start + src.text.slice(start, lineEnd).indexOf(m[1]!);
  return { name: clean(m[1]!), evidence: evidenceAt(src, 'name.sender-block', at, at + m[1]!.length) };
}
