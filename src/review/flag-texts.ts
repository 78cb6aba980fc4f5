import type { Flag } from '../contract/triage-result.js';

/**
 * Each flag of the contract explained in plain German for the case worker: what it means and what
 * to do. A Record over every flag, so a flag added to the contract without a text fails to compile.
 */
export const FLAG_TEXTS: Record<Flag, string> = {
  'missing-name': 'Im Schreiben wurde kein Absendername gefunden. Bitte den Namen im Original suchen und als Korrektur eintragen.',
  'missing-address':
    'Brief oder Kontaktformular ohne vollständige Postanschrift des Absenders. Anschrift im Original prüfen und eintragen; ohne Anschrift ist keine Antwort per Post an den Absender möglich.',
  'missing-insurance-number': 'Keine Krankenversichertennummer gefunden. Nummer im Original (auch auf Anlagen) suchen und eintragen.',
  'invalid-insurance-number':
    'Die Krankenversichertennummer hat die richtige Form, aber die Prüfziffer stimmt nicht: vermutlich verlesen oder verschrieben. Nummer im Original prüfen und korrigieren.',
  'missing-signature':
    'Brief ohne erkennbare handschriftliche Unterschrift. Im Original prüfen und die Unterschrift als vorhanden oder fehlend markieren; ohne Unterschrift gilt der Absender nicht als sicher erkannt.',
  'member-not-found': 'Kein passender Eintrag im Mitgliederverzeichnis. Nummer, Name und Anschrift prüfen; ggf. handelt es sich um keine versicherte Person.',
  'member-mismatch':
    'Nummer oder Name und Anschrift passen nur teilweise zu einem Mitglied. Zuordnung prüfen und bestätigen oder ablehnen; falsch gelesene Angaben korrigieren.',
  'address-change-request': 'Der Absender meldet eine neue Anschrift. Nicht einfach übernehmen: die Antwort geht weiter an die registrierte Anschrift.',
  'address-change-insecure-channel':
    'Adressänderung per E-Mail oder Kontaktformular: nur ein unterschriebener Brief, das Portal oder ein persönlicher Besuch darf die Anschrift ändern. Mitglied auf sicherem Weg informieren.',
  representative:
    'Jemand schreibt für die versicherte Person (Betreuer, Bevollmächtigte, Angehörige). Vollmacht oder Betreuerausweis prüfen und die Prüfung vermerken.',
  'auth-code-disclosed':
    'Die Nachricht enthielt den persönlichen Authentifizierungscode. Code sperren und neu ausstellen; der Code wurde entfernt und wird nirgends angezeigt oder zurückgesendet.',
  'personal-data-insecure-channel':
    'Die unverschlüsselte E-Mail enthält Sozial- oder Gesundheitsdaten. Nur zur Information: die Antwort geht auf sicherem Weg (Post oder Portal), nie per E-Mail.',
  unreadable: 'Aus dem Dokument ließ sich kein verwertbarer Text lesen (leer, zerstört oder verschlüsselt). Original ansehen und die Angaben von Hand eintragen.',
  'no-secure-reply-route':
    'Es ist kein sicherer Antwortweg bekannt (weder Portal noch Postanschrift). Anschrift ermitteln oder Antwortweg Post bzw. Portal wählen, sobald das möglich ist.',
};

export interface ExplainedFlag {
  flag: Flag;
  text: string;
}

/** The flags of a result with their explanations, in the result's order. */
export function explainFlags(flags: readonly Flag[]): ExplainedFlag[] {
  return flags.map((flag) => ({ flag, text: FLAG_TEXTS[flag] ?? flag }));
}
