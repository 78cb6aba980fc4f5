import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findBlockName, findSignOff, findStatedName, readDisplayName, reconcileName, type DisplayName } from '../../../src/extract/find-name.js';
import type { Evidence } from '../../../src/extract/extracted-fields.js';
import type { TextSource } from '../../../src/extract/text-source.js';

function own(text: string): TextSource {
  return { id: 'body', role: 'own', text };
}

const DEFAULT_REVIEW_CONFIDENCE = 0.6;

describe('the name under the closing formula', () => {
  const table: { title: string; text: string; name: string | null; todo?: string }[] = [
    { title: 'the name under "Mit freundlichen Grüßen" is read', text: 'Hallo,\nbitte um Rückruf.\n\nMit freundlichen Grüßen\nKarla Weidenbach', name: 'Karla Weidenbach' },
    { title: 'a name after a blank line is read without the doctor title', text: 'Mit freundlichen Grüßen\n\nDr. Karla Weidenbach\nLerchenweg 11\n34117 Kassel', name: 'Karla Weidenbach' },
    { title: 'a name under "MfG" is read without the salutation "Herr"', text: 'Danke.\nMfG\nHerr Tobias Krumme', name: 'Tobias Krumme' },
    { title: 'a name with a nobility particle is read whole', text: 'Beste Grüße,\nTobias von Krumme', name: 'Tobias von Krumme' },
    { title: 'a double name with umlauts is read whole', text: 'Mit freundlichen Grüßen\nJürgen Müller-Lüdenscheidt', name: 'Jürgen Müller-Lüdenscheidt' },
    { title: 'a name with ß is read', text: 'Freundliche Grüße\nMaximilian Groß', name: 'Maximilian Groß' },
    { title: 'a doctor signing as "Dr. med." is read without the titles', text: 'Mit freundlichen Grüßen\n\nDr. med. Claudia Fuß', name: 'Claudia Fuß' },
    { title: 'a name under "Prof. Dr. rer. nat." is read whole', text: 'Mit freundlichen Grüßen\nProf. Dr. rer. nat. Hans-Peter von Stetten', name: 'Hans-Peter von Stetten' },
    { title: 'a name signed "i. A." for an office is read without the "i. A."', text: 'Mit freundlichen Grüßen\ni. A. Karla Weidenbach\nPflegedienst Sonnenschein GmbH', name: 'Karla Weidenbach' },
    { title: 'a name signed "i.V." is read without the "i.V."', text: 'Mit freundlichen Grüßen\ni.V. Tobias Krumme', name: 'Tobias Krumme' },
    { title: 'a first name alone under "Viele Grüße" is read', text: 'Viele Grüße\nKarla', name: 'Karla' },
    { title: 'a first name under "Vielen Dank und viele Grüße" is read', text: 'Vielen Dank und viele Grüße\nPetra', name: 'Petra' },
    { title: 'an initial and a last name are read', text: 'Gruß\nP. Lahnstein', name: 'P. Lahnstein' },
    { title: 'a name followed by the device footer is read', text: 'Mit freundlichen Grüßen\nOle Frerichs\n\nVon meinem iPhone gesendet', name: 'Ole Frerichs' },
    { title: 'of two closings the last one names the sender', text: 'Viele Grüße\nKarla\n\nPS: Noch etwas.\n\nMit freundlichen Grüßen\nKarla Weidenbach', name: 'Karla Weidenbach' },
    { title: '"Familie Lahnstein" is no person name', text: 'Mit freundlichen Grüßen\nFamilie Lahnstein', name: null },
    { title: 'a telephone line is no name', text: 'Mit freundlichen Grüßen\nTel. 0221 12345', name: null },
    { title: 'the insurer signing is no sender name', text: 'Mit freundlichen Grüßen\nIhre Gesundheitskasse', name: null },
    { title: 'an enclosure line is no name', text: 'Mit freundlichen Grüßen\nAnlage: Attest', name: null },
    { title: 'without a closing formula no sign-off name is read', text: 'Karla Weidenbach\nBirkenweg 7\n34117 Kassel\n\nIch bitte um Rückruf.', name: null },
    {
      title: 'a name after "Ihre" is read',
      text: 'Freundliche Grüße\nIhre Petra Lahnstein-Vogt',
      name: 'Petra Lahnstein-Vogt',
    },
    { title: 'a signing insurer after "Ihre" is no name', text: 'Mit freundlichen Grüßen\nIhre Barmer Ersatzkasse', name: null },
    { title: 'a first name alone after "Ihre" is not read', text: 'Viele Grüße\nIhre Karla', name: null },
    { title: 'a name with "von und zu" is read whole', text: 'Mit freundlichen Grüßen\nKarl-Theodor von und zu Lindenfels', name: 'Karl-Theodor von und zu Lindenfels' },
    { title: 'two people joined by "und" are not one name', text: 'Mit freundlichen Grüßen\nKarl und Erika Lindner', name: null },
    {
      title: 'a name with an accented capital "Álvarez" is read',
      text: 'Mit freundlichen Grüßen\nJosé Álvarez',
      name: 'José Álvarez',
    },
    {
      title: 'a typed name under the space left for the handwritten signature is read',
      text: 'Mit freundlichen Grüßen\n\n\n\nOle Frerichs',
      name: 'Ole Frerichs',
    },
    {
      title: 'a care service signing as an organisation is no person name',
      text: 'Mit freundlichen Grüßen\nPflegedienst Sonnenschein',
      name: null,
    },
    {
      title: 'a law firm signing as an organisation is no person name',
      text: 'Mit freundlichen Grüßen\nKanzlei Brandt',
      name: null,
    },
  ];
  for (const row of table) {
    it(row.title, row.todo ? { todo: row.todo } : {}, () => {
      assert.equal(findSignOff(own(row.text))?.name ?? null, row.name);
    });
  }

  it('points its evidence at the name', () => {
    const text = 'Mit freundlichen Grüßen\nKarla Weidenbach';
    const got = findSignOff(own(text));
    assert.ok(got);
    assert.equal(got.evidence.rule, 'name.sign-off');
    assert.equal(text.slice(got.evidence.start, got.evidence.end), 'Karla Weidenbach');
  });
});

describe('a name the sender states in the text', () => {
  const table: [string, string | null][] = [
    ['Guten Tag, mein Name ist Ole Frerichs und ich habe eine Frage.', 'Ole Frerichs'],
    ['Hallo, ich heiße Frau Dr. Lena Pfeil, und brauche Hilfe.', 'Lena Pfeil'],
    ['hier schreibt Bernd Quast für seine Mutter.', 'Bernd Quast'],
    ['Ich habe eine Frage zu meinem Bonusheft.', null],
  ];
  for (const [text, name] of table) {
    it(`"${text}" gives ${name ?? 'no name'}`, () => {
      assert.equal(findStatedName(own(text))?.name ?? null, name);
    });
  }
});

describe('the From display name', () => {
  const table: [string | null, DisplayName][] = [
    ['Erika Wegner', { kind: 'person', value: 'Erika Wegner' }],
    ['Wegner, Erika', { kind: 'person', value: 'Erika Wegner' }],
    ['"Dr. Erika Wegner"', { kind: 'person', value: 'Erika Wegner' }],
    ['Herr Tobias Krumme', { kind: 'person', value: 'Tobias Krumme' }],
    ['Familie Wegner', { kind: 'family', value: 'Wegner' }],
    ['Fam. Müller-Lüdenscheidt', { kind: 'family', value: 'Müller-Lüdenscheidt' }],
    ['erika.wegner@example.org', { kind: 'none', value: null }],
    ['Pflegedienst Sonnenschein GmbH', { kind: 'none', value: null }],
    ['Kanzlei Brandt', { kind: 'none', value: null }],
    ['Tobias Krumme (privat)', { kind: 'none', value: null }],
    ['', { kind: 'none', value: null }],
    [null, { kind: 'none', value: null }],
  ];
  for (const [display, expected] of table) {
    it(`${JSON.stringify(display)} is read as ${expected.kind}${expected.value ? ` "${expected.value}"` : ''}`, () => {
      assert.deepEqual(readDisplayName(display), expected);
    });
  }
});

describe('reconciling sign-off, stated name and display name', () => {
  const EV_SIGN: Evidence = { source: 'body', rule: 'name.sign-off' };
  const EV_STATED: Evidence = { source: 'body', rule: 'name.stated' };
  const EV_DISPLAY: Evidence = { source: 'from-header', rule: 'name.display' };
  const sign = (name: string) => ({ name, evidence: EV_SIGN });

  it('a full sign-off confirmed by the display name is very sure', () => {
    const r = reconcileName(sign('Petra Lahnstein'), null, readDisplayName('Petra Lahnstein'), EV_DISPLAY);
    assert.equal(r?.value, 'Petra Lahnstein');
    assert.ok(r!.confidence > 0.9);
    assert.deepEqual(r!.evidence, [EV_SIGN, EV_DISPLAY]);
  });

  it('a full sign-off wins over a different display name, a little less sure', () => {
    const confirmed = reconcileName(sign('Petra Lahnstein'), null, readDisplayName('Petra Lahnstein'), EV_DISPLAY)!;
    const r = reconcileName(sign('Petra Lahnstein'), null, readDisplayName('Hans Brenner'), EV_DISPLAY);
    assert.equal(r?.value, 'Petra Lahnstein');
    assert.ok(r!.confidence < confirmed.confidence);
    assert.ok(r!.confidence >= DEFAULT_REVIEW_CONFIDENCE);
  });

  it('a first-name sign-off borrows the last name from the display name', () => {
    const r = reconcileName(sign('Petra'), null, readDisplayName('Lahnstein, Petra'), EV_DISPLAY);
    assert.equal(r?.value, 'Petra Lahnstein');
    assert.ok(r!.confidence >= DEFAULT_REVIEW_CONFIDENCE);
  });

  it('a first-name sign-off from a "Familie" display name gets the family name', () => {
    const r = reconcileName(sign('Petra'), null, readDisplayName('Familie Lahnstein'), EV_DISPLAY);
    assert.equal(r?.value, 'Petra Lahnstein');
  });

  it('a stated full name wins over a first-name sign-off', () => {
    const r = reconcileName(sign('Petra'), { name: 'Bernd Quast', evidence: EV_STATED }, readDisplayName(''), null);
    assert.equal(r?.value, 'Bernd Quast');
    assert.equal(r!.evidence[0], EV_STATED);
  });

  it('without a sign-off a personal display name is used', () => {
    const r = reconcileName(null, null, readDisplayName('Wegner, Erika'), EV_DISPLAY);
    assert.equal(r?.value, 'Erika Wegner');
    assert.deepEqual(r!.evidence, [EV_DISPLAY]);
  });

  it('a "Familie" display name alone names nobody', () => {
    assert.equal(reconcileName(null, null, readDisplayName('Familie Lahnstein'), EV_DISPLAY), null);
  });

  it('a first name alone without a display name names nobody', () => {
    assert.equal(reconcileName(sign('Petra'), null, readDisplayName(null), null), null);
  });

  it(
    'a first-name sign-off that contradicts the display name is not trusted at the default review confidence',
    () => {
      const r = reconcileName(sign('Petra'), null, readDisplayName('Hans Lahnstein'), EV_DISPLAY);
      assert.ok(r === null || r.confidence < DEFAULT_REVIEW_CONFIDENCE);
    },
  );
});

describe('the typed name under a printed signature label', () => {
  it('"Unterschrift:" between the closing and the typed name is skipped, the name below is taken', () => {
    const src = { id: 'letter', role: 'own' as const, text: 'Vielen Dank.\nMit freundlichen Grüßen .\nUnterschrift:\nUrsel Kleinschmidt\n' };
    assert.equal(findSignOff(src)?.name, 'Ursel Kleinschmidt');
  });

  it('an empty signature line "Unterschrift: ______" is not taken for a name', () => {
    const src = { id: 'letter', role: 'own' as const, text: 'Mit freundlichen Grüßen\nUnterschrift: ________\n' };
    assert.equal(findSignOff(src), null);
  });
});

describe('a company stamp under the closing is not the sender', () => {
  it('"Hollmann Gartenbau" on a stamp is no person name', () => {
    const src = { id: 'letter', role: 'own' as const, text: 'Mit freundlichen Grüßen\nHollmann Gartenbau\nKirchgasse 3 · 52349 Düren\nBernd Hollmann\n' };
    assert.equal(findSignOff(src), null);
  });
});

describe('the name line above the street of a sender block or a form', () => {
  const block = (text: string) => {
    const src = { id: 'letter', role: 'own' as const, text };
    return findBlockName(src, text.indexOf('Eichenweg'))?.name ?? null;
  };

  it('a plain name line above the street names the sender', () => {
    assert.equal(block('Petra Lindner\nEichenweg 12\n53757 Sankt Augustin\n'), 'Petra Lindner');
  });

  it('a form\'s "Name:" field above the address field names the sender', () => {
    assert.equal(block('Antrag auf Kostenerstattung\nName: Petra Lindner\nAnschrift: Eichenweg 12, 53757 Sankt Augustin\n'), 'Petra Lindner');
  });

  it('an "Absender:" label before the name is not part of the name', () => {
    assert.equal(block('Absender: Petra Lindner\nEichenweg 12\n53757 Sankt Augustin\n'), 'Petra Lindner');
  });

  it('a "Dr. med." before the name in the block is left out', () => {
    assert.equal(block('Dr. med. Petra Lindner\nEichenweg 12\n53757 Sankt Augustin\n'), 'Petra Lindner');
  });

  it('a label alone, without a name after it, names nobody', () => {
    assert.equal(block('Name:\nEichenweg 12\n53757 Sankt Augustin\n'), null);
  });
});
