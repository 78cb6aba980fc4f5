import type { Evidence, Intents } from './extracted-fields.js';
import { evidenceAt, type TextSource } from './text-source.js';

const ADDRESS_CHANGE =
  /\bneue[nr]?\s+(?:Wohn)?(?:anschrift|adresse)\b|\bumgezogen\b|\b(?:ziehe|ziehen|zog|zogen)\b[^.\n]{0,60}\bum\b|\bUmzug\b|\b(?:Adress|Anschrift|Wohnort)(?:s)?-?(?:ä|ae)nderung\b|(?<![A-Za-zÄÖÜäöüß])(?:Ä|Ae)nderung\s+(?:meiner|der|unserer)\s+(?:Anschrift|Adresse|Wohnanschrift)\b|\b(?:Anschrift|Adresse)\s+(?:hat\s+sich\s+ge(?:ä|ae)ndert|(?:ä|ae)ndert\s+sich)\b|\bwohne\s+(?:jetzt|nun|seit\s+dem|ab\s+dem)\b|\bneue\s+Wohnung\b|(?<![A-Za-zÄÖÜäöüß])(?:ä|ae)ndern\s+Sie\s+(?:bitte\s+)?(?:meine|unsere)\s+(?:Wohn)?(?:Anschrift|Adresse)\b/i;

const REPRESENTATIVE =
  /\b(?:gesetzlich\w*\s+)?(?:bestellte[rn]?\s+)?(?:Berufs)?[Bb]etreuer(?:in)?\b|\b(?:rechtliche|gesetzliche)\s+Betreuung\b|\bon\s+behalf\s+of\b|\bBetreuerausweis|\bBetreuungsverf|\bBevollm(?:ä|ae)chtigt\w*|\bVorsorgevollmacht\b|\bVollmacht\b|\bim\s+(?:Namen|Auftrag)\s+(?:von|meine[rsn]?|unsere[rsn]?|des|der)\b|\bVormund\w*|\bgesetzliche[rn]?\s+Vertreter|\bals\s+(?:Tochter|Sohn|Ehemann|Ehefrau|Mutter|Vater|Enkel(?:in)?|Schwester|Bruder|Angeh(?:ö|oe)rige[rn]?|Pflegeperson)\b|\bf(?:ü|ue)r\s+meine[nm]?\s+(?:Mutter|Vater|Sohn|Tochter|Mann|Frau|Ehemann|Ehefrau|Oma|Opa|Gro(?:ß|ss)mutter|Gro(?:ß|ss)vater|Kind|Schwiegermutter|Schwiegervater)\b|\bAngelegenheit(?:en)?\s+meine[rs]\s+(?:Mutter|Vaters|Sohnes|Tochter|Mannes|Frau|Ehemannes|Ehefrau)\b/i;

const DATA_ACCESS =
  /\bArt\.?\s*15\s*(?:DS-?GVO|DSGVO)|\bAuskunft\s+(?:(?:ü|ue)ber|nach)\b[^.\n]{0,80}\bDaten\b|\bDatenauskunft\b|\bAuskunftsersuchen\b|\bSelbstauskunft\b|\bAuskunftsanspruch\b/i;

// Plain /i, not /iu: none needs Unicode escapes, and /iu is several times slower in V8.
const HEALTH =
  /\bDiagnose\w*|\bErkrankung\w*|\berkrankt\b|\bKrankheit\w*|\bDiabetes\b|\bKrebs\w*|\bTumor\w*|\bDepression\w*|\bTherapie\w*|\bMedikament\w*|\bOperation\w*|\boperiert\b|\bKrankenhaus\w*|\bKlinik\w*|\bReha(?:bilitation)?\b|\bschwanger\w*|\bBefund\w*|\bArbeitsunf(?:ä|ae)higkeit\w*|\bkrankgeschrieben\b|\bPflegegrad\w*|\bpflegebed(?:ü|ue)rftig\w*|\bPhysiotherapie\b|\bPsychotherap\w*|\bAllergie\w*|\bBluthochdruck\b|\bchronisch\w*|\bInsulin\b|\bHerz(?:infarkt|insuffizienz|erkrankung|rhythmus)\w*|\bSchlaganfall\b|\bBehinderung\b|\bHilfsmittel\b|\bRollstuhl\b|\bDialyse\b|\bChemotherapie\b|\bBandscheibe\w*|\bFraktur\b|\bICD-?10\b/i;

function first(re: RegExp, sources: TextSource[], rule: string, roles: TextSource['role'][]): Evidence | null {
  for (const src of sources) {
    if (!roles.includes(src.role)) continue;
    const m = re.exec(src.text);
    if (m) return evidenceAt(src, rule, m.index, m.index + m[0].length);
  }
  return null;
}

/** What the sender asks for or says about themselves, from their own text and subject. */
export function findIntents(sources: TextSource[]): Intents {
  const own: TextSource['role'][] = ['own', 'subject'];
  return {
    addressChange: first(ADDRESS_CHANGE, sources, 'intent.address-change', own),
    representative: first(REPRESENTATIVE, sources, 'intent.representative', own),
    dataAccess: first(DATA_ACCESS, sources, 'intent.data-access', own),
    healthData: first(HEALTH, sources, 'intent.health-data', ['own', 'subject', 'document']),
  };
}
