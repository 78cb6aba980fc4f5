import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findAddresses, normaliseHouseNumberSpacing, pickAddress, type InsurerFilter } from '../../../src/extract/find-address.js';
import type { TextSource } from '../../../src/extract/text-source.js';
import type { PostalAddress } from '../../../src/contract/triage-result.js';

const INSURER: InsurerFilter = {
  names: ['Gesundheitskasse', 'Kundenservice'],
  addresses: [{ street: 'Hohe Straße 40', postalCode: '50667' }],
};
const NO_INSURER: InsurerFilter = { names: [], addresses: [] };

function own(text: string): TextSource[] {
  return [{ id: 'body', role: 'own', text }];
}

function picked(text: string, insurer: InsurerFilter = INSURER): PostalAddress | null {
  return pickAddress(own(text), insurer)?.value ?? null;
}

function addr(street: string | null, postalCode: string, city: string): PostalAddress {
  return { street, postalCode, city };
}

describe('the sender address is read from German text', () => {
  const table: { title: string; text: string; expected: PostalAddress | null; todo?: string }[] = [
    {
      title: 'an inline address after "ich wohne in der"',
      text: 'Sehr geehrte Damen und Herren,\nich wohne in der Lindenallee 12, 53111 Bonn und bitte um Rückruf.\nGruß',
      expected: addr('Lindenallee 12', '53111', 'Bonn'),
    },
    {
      title: 'an inline address at the end of a long sentence that began with other details',
      text: 'Meine Versichertennummer ist A123456780 und ich wohne in der Kirchgasse 27 in 01067 Dresden, falls Sie schreiben möchten.',
      expected: addr('Kirchgasse 27', '01067', 'Dresden'),
    },
    {
      title: 'an address whose street ends a line that began with the insurance number',
      text: 'Meine Versichertennummer ist A123456780 und meine Adresse ist Grüner Weg 7a,\n48143 Münster.',
      expected: addr('Grüner Weg 7a', '48143', 'Münster'),
    },
    {
      title: 'an inline address after the English "My address is"',
      text: 'My address is Zur Mühle 119, 58095 Hagen.',
      expected: addr('Zur Mühle 119', '58095', 'Hagen'),
    },
    {
      title: 'of a move "von der … in die …" the address moved into',
      text: 'ich ziehe zum 15.04. von der Lindenstraße 9 in 01067 Dresden in die Bahnhofstraße 64 in 06108 Halle (Saale) um.',
      expected: addr('Bahnhofstraße 64', '06108', 'Halle (Saale)'),
    },
    {
      title: 'an inline address after "Meine Anschrift:"',
      text: 'Meine Anschrift: Kirchgasse 4b, 79098 Freiburg',
      expected: addr('Kirchgasse 4b', '79098', 'Freiburg'),
    },
    {
      title: 'a sign-off block with name, street and town on separate lines',
      text: 'Vielen Dank im Voraus.\n\nMit freundlichen Grüßen\nKarla Weidenbach\nBirkenweg 7\n34117 Kassel',
      expected: addr('Birkenweg 7', '34117', 'Kassel'),
    },
    {
      title: 'a letterhead line separated by middle dots',
      text: 'Karla Weidenbach · Birkenweg 7 · 34117 Kassel\n\nBetreff: Bonusheft',
      expected: addr('Birkenweg 7', '34117', 'Kassel'),
    },
    {
      title: 'a house number range "12-14" in an inline address',
      text: 'Absender: Ulmenstraße 12-14, 04109 Leipzig',
      expected: addr('Ulmenstraße 12-14', '04109', 'Leipzig'),
    },
    {
      title: 'a spaced house number range "12 - 14" on its own line (normalised to "12-14")',
      text: 'Ulmenstraße 12 - 14\n04109 Leipzig',
      expected: addr('Ulmenstraße 12-14', '04109', 'Leipzig'),
    },
    {
      title: 'a spaced house number range "12 - 14" in an inline address',
      text: 'Absender: Ulmenstraße 12 - 14, 04109 Leipzig',
      expected: addr('Ulmenstraße 12-14', '04109', 'Leipzig'),
    },
    {
      title: 'a house number with letter "Am Markt 3a"',
      text: 'Jonas Brekel\nAm Markt 3a\n99084 Erfurt',
      expected: addr('Am Markt 3a', '99084', 'Erfurt'),
    },
    {
      title: 'a house number with a spaced letter "Am Markt 3 a"',
      text: 'Jonas Brekel\nAm Markt 3 a\n99084 Erfurt',
      expected: addr('Am Markt 3a', '99084', 'Erfurt'),
    },
    {
      title: 'a street of several words "An der Alten Mühle 5"',
      text: 'Hans Dietl\nAn der Alten Mühle 5\n83022 Rosenheim',
      expected: addr('An der Alten Mühle 5', '83022', 'Rosenheim'),
    },
    {
      title: 'a house number with a slash "12/1"',
      text: 'Bachweg 12/1\n70173 Stuttgart',
      expected: addr('Bachweg 12/1', '70173', 'Stuttgart'),
    },
    {
      title: 'a Postfach with grouped digits on one line',
      text: 'Absender: Hinrich Tamm, Postfach 12 34 56, 20095 Hamburg',
      expected: addr('Postfach 12 34 56', '20095', 'Hamburg'),
    },
    {
      title: 'a Postfach on its own line',
      text: 'Hinrich Tamm\nPostfach 1234\n20095 Hamburg',
      expected: addr('Postfach 1234', '20095', 'Hamburg'),
    },
    {
      title: 'a postcode with country prefix "D-"',
      text: 'Hauptstr. 5, D-72070 Tübingen',
      expected: addr('Hauptstr. 5', '72070', 'Tübingen'),
    },
    {
      title: 'a town with a bracketed addition "Halle (Saale)"',
      text: 'Sonnenweg 2\n06108 Halle (Saale)',
      expected: addr('Sonnenweg 2', '06108', 'Halle (Saale)'),
    },
    {
      title: 'a town with "am Main" and no street (postcode only)',
      text: 'Bitte schicken Sie die Unterlagen nach 60311 Frankfurt am Main.',
      expected: addr(null, '60311', 'Frankfurt am Main'),
    },
    {
      title: 'a hyphenated town "Garmisch-Partenkirchen"',
      text: 'Wohnort: 82467 Garmisch-Partenkirchen',
      expected: addr(null, '82467', 'Garmisch-Partenkirchen'),
    },
    {
      title: 'a street and town followed by a telephone line',
      text: 'Bahnhofstraße 1\n97070 Würzburg\nTelefon 0931 123456',
      expected: addr('Bahnhofstraße 1', '97070', 'Würzburg'),
    },
    {
      title: 'a telephone line above the street does not disturb the street',
      text: 'Tel.: 0641/30582\nLerchenweg 11\n35390 Gießen',
      expected: addr('Lerchenweg 11', '35390', 'Gießen'),
    },
    {
      title: 'an inline "Ich wohne Am Markt 3a, …" keeps only the street',
      text: 'Ich wohne Am Markt 3a, 99084 Erfurt.',
      expected: addr('Am Markt 3a', '99084', 'Erfurt'),
    },
    {
      title: 'an inline "Ich wohne in der …" at a sentence start keeps only the street',
      text: 'Ich wohne in der Ulmenstraße 12-14, 04109 Leipzig.',
      expected: addr('Ulmenstraße 12-14', '04109', 'Leipzig'),
    },
    {
      title: 'an inline "Ich bin umgezogen nach …" keeps only the street',
      text: 'Ich bin umgezogen nach Feldstraße 8, 24105 Kiel.',
      expected: addr('Feldstraße 8', '24105', 'Kiel'),
    },
    {
      title: 'a street whose name begins with a preposition keeps it after a sentence start',
      text: 'Wir wohnen jetzt Am alten Markt 5, 99084 Erfurt.',
      expected: addr('Am alten Markt 5', '99084', 'Erfurt'),
    },
    {
      title: 'an inline address with "in" before the postcode',
      text: 'Ich wohne in der Kirchgasse 4b in 79098 Freiburg.',
      expected: addr('Kirchgasse 4b', '79098', 'Freiburg'),
    },
  ];
  for (const row of table) {
    it(row.title, row.todo ? { todo: row.todo } : {}, () => {
      assert.deepEqual(picked(row.text), row.expected);
    });
  }

  it('an address with a street is surer than a postcode alone', () => {
    const [withStreet] = findAddresses(own('Birkenweg 7\n34117 Kassel'), NO_INSURER);
    const [postcodeOnly] = findAddresses(own('Ich wohne in 34117 Kassel.'), NO_INSURER);
    assert.ok(withStreet && postcodeOnly);
    assert.ok(withStreet.confidence > postcodeOnly.confidence);
  });

  it('the evidence points at the address in its source', () => {
    const text = 'Mit freundlichen Grüßen\nKarla Weidenbach\nBirkenweg 7\n34117 Kassel';
    const got = pickAddress(own(text), INSURER);
    assert.ok(got);
    const [ev] = got.evidence;
    assert.equal(ev?.source, 'body');
    assert.equal(ev?.rule, 'address.street-postcode');
    assert.equal(text.slice(ev!.start, ev!.end), 'Birkenweg 7\n34117 Kassel');
  });

  it('the subject line is never read for an address', () => {
    assert.equal(pickAddress([{ id: 'subject', role: 'subject', text: 'Umzug nach Feldstraße 8, 24105 Kiel' }], INSURER), null);
  });

  it("the sender's own text wins over an attached document", () => {
    const sources: TextSource[] = [
      { id: 'attachment:Bescheid.pdf', role: 'document', text: 'Wiesenweg 1\n24103 Kiel' },
      { id: 'body', role: 'own', text: 'Feldstraße 8\n24105 Kiel' },
    ];
    assert.deepEqual(pickAddress(sources, INSURER)?.value, addr('Feldstraße 8', '24105', 'Kiel'));
  });

  it('an attached document wins over a forwarded message', () => {
    const sources: TextSource[] = [
      { id: 'forwarded-body', role: 'forwarded', text: 'Wiesenweg 1\n24103 Kiel' },
      { id: 'attachment:Antrag.pdf', role: 'document', text: 'Feldstraße 8\n24105 Kiel' },
    ];
    assert.deepEqual(pickAddress(sources, INSURER)?.value, addr('Feldstraße 8', '24105', 'Kiel'));
  });
});

describe('towns of two words', () => {
  it('a two-word town at the end of a line ("Bergisch Gladbach") is read whole, in a block and in a footer line', () => {
    assert.deepEqual(picked('Olga Petrenko\nSonnenhang 4\n51465 Bergisch Gladbach\n'), addr('Sonnenhang 4', '51465', 'Bergisch Gladbach'));
    assert.deepEqual(picked('Olga Petrenko · Sonnenhang 4 · 51465 Bergisch Gladbach · Tel. 02202 1234\n'), addr('Sonnenhang 4', '51465', 'Bergisch Gladbach'));
  });

  it('a sentence going on after the town does not make the next word part of it', () => {
    assert.deepEqual(picked('ich wohne Am Markt 3, 40721 Hilden Meine Nummer lautet\n'), addr('Am Markt 3', '40721', 'Hilden'));
  });

  it('a word in capitals or across a wide gap beside the town (a mailroom stamp) is not part of it', () => {
    assert.deepEqual(picked('Feldstr. 129\n59069 Hamm EINGEGANGEN\n'), addr('Feldstr. 129', '59069', 'Hamm'));
    assert.deepEqual(picked('Feldstr. 129\n59069 Hamm\tEingang\n'), addr('Feldstr. 129', '59069', 'Hamm'));
  });
});

describe('a stated new address is preferred', () => {
  it('"Meine neue Anschrift" on separate lines wins over the old one above it', () => {
    const text = 'Meine alte Anschrift:\nWiesenweg 1\n24103 Kiel\n\nMeine neue Anschrift:\nFeldstraße 8\n24105 Kiel';
    assert.deepEqual(picked(text), addr('Feldstraße 8', '24105', 'Kiel'));
  });

  it('"Meine neue Anschrift lautet: …" inline is marked as a new address', () => {
    const [c] = findAddresses(own('Meine neue Anschrift lautet: Ulmenstraße 12-14, 04109 Leipzig'), NO_INSURER);
    assert.equal(c?.newAddress, true);
  });

  it('an address without a cue is not marked new', () => {
    const [c] = findAddresses(own('Karla Weidenbach\nBirkenweg 7\n34117 Kassel'), NO_INSURER);
    assert.equal(c?.newAddress, false);
  });

  it(
    'the new address in one sentence wins over the old one in the sentence before',
    () => {
      const text = 'Vorher wohnte ich im Wiesenweg 1, 24103 Kiel. Meine neue Adresse ist Feldstraße 8, 24105 Kiel.';
      assert.deepEqual(picked(text), addr('Feldstraße 8', '24105', 'Kiel'));
    },
  );

  it(
    '"umgezogen nach …" marks the address that follows as new, not the old one after it',
    () => {
      const text = 'Ich bin umgezogen nach Feldstraße 8, 24105 Kiel. Vorher: Wiesenweg 1, 24103 Kiel.';
      assert.equal(picked(text)?.postalCode, '24105');
    },
  );
});

describe("the insurer's own address is never the sender's", () => {
  it('an address directly under the insurer name is skipped', () => {
    assert.equal(picked('Gesundheitskasse\nPostfach 10 01 20\n50441 Köln'), null);
  });

  it('an address two lines under the insurer name is skipped', () => {
    assert.equal(picked('Gesundheitskasse Nordrhein\nKundenbetreuung\nRingstraße 9\n50999 Köln'), null);
  });

  it('an address on the same line as the insurer name is skipped', () => {
    assert.equal(picked('Gesundheitskasse Nordrhein, Ringstraße 9, 50999 Köln'), null);
  });

  it('a configured insurer address is skipped even without a name and with another street spelling', () => {
    assert.equal(picked('Bitte schreiben Sie an:\nHohe Str. 40\n50667 Köln'), null);
  });

  it("a letter with the sender's block and the insurer's recipient block yields the sender's address", () => {
    const text =
      'Wiebke Sander\nLerchenweg 11\n48149 Münster\n\nGesundheitskasse\nPostfach 10 01 20\n50441 Köln\n\nMünster, 3. Juni 2024\n\nSehr geehrte Damen und Herren,';
    assert.deepEqual(picked(text), addr('Lerchenweg 11', '48149', 'Münster'));
  });

  it('a quoted insurer signature under the sender\'s own address yields the sender\'s address', () => {
    const text = 'Gruß\nOle Frerichs\nDeichweg 5\n26721 Emden\n\nIhr Kundenservice\nRingstraße 9\n50999 Köln';
    const all = findAddresses(own(text), INSURER).map((c) => c.address.postalCode);
    assert.deepEqual(all, ['26721']);
  });

  it(
    'an insurer address four lines under the insurer name (department and contact person) is skipped',
    {},
    () => {
      assert.equal(picked('Gesundheitskasse Nordrhein\nAbteilung Leistungen\nz. Hd. Frau Berger\nRingstraße 9\n50999 Köln'), null);
    },
  );
});

describe('telephone numbers are not postal codes', () => {
  it('a telephone number with a six-digit subscriber part yields no address', () => {
    assert.deepEqual(findAddresses(own('Telefon 0931 123456'), NO_INSURER), []);
  });

  it('a telephone number written with a slash yields no address', () => {
    assert.deepEqual(findAddresses(own('Tel.: 0641/30582 Montag bis Freitag'), NO_INSURER), []);
  });

  it('a telephone number with a hyphen yields no address', () => {
    assert.deepEqual(findAddresses(own('Rückruf unter 0228-73921 Vormittags'), NO_INSURER), []);
  });

  it(
    'a "Tel. … Fax …" line yields no address',
    {},
    () => {
      assert.deepEqual(findAddresses(own('Tel. 0641 30582 Fax 0641 30583'), NO_INSURER), []);
    },
  );

  it(
    'a spaced telephone number followed by a capitalised word yields no address',
    {},
    () => {
      assert.equal(picked('Sie erreichen mich unter 0228 73921 Vormittags.'), null);
    },
  );

  it(
    'the telephone line under a sign-off address adds no second address',
    {},
    () => {
      const text = 'Mit freundlichen Grüßen\nKarla Weidenbach\nBirkenweg 7\n34117 Kassel\nTel. 0561 40322 Mobil 0171 998877';
      assert.deepEqual(findAddresses(own(text), NO_INSURER).map((c) => c.address.postalCode), ['34117']);
    },
  );
});

describe('house number spacing', () => {
  const table: [string, string][] = [
    ['Lindenweg 12 a', 'Lindenweg 12a'],
    ['Ulmenstraße 12 - 14', 'Ulmenstraße 12-14'],
    ['Bachweg 12 / 1', 'Bachweg 12/1'],
    ['Am  Markt   3a', 'Am Markt 3a'],
  ];
  for (const [raw, expected] of table) {
    it(`"${raw}" becomes "${expected}"`, () => assert.equal(normaliseHouseNumberSpacing(raw), expected));
  }
});

describe('a postcode misread by OCR', () => {
  it('"4O210" with the letter O in OCR text is read as 40210, less sure', () => {
    const a = pickAddress([{ id: 'letter', role: 'own', text: 'Heinz Wegener\nLindenstraße 14\n4779B Krefeld\n', ocr: true }], { names: [], addresses: [] });
    assert.equal(a?.value.postalCode, '47798');
    assert.equal(a?.value.street, 'Lindenstraße 14');
    assert.ok(a!.confidence < 0.93);
  });

  it('the same look-alike in typed text is no postcode', () => {
    const a = pickAddress([{ id: 'body', role: 'own', text: 'Lindenstraße 14\n4779B Krefeld\n' }], { names: [], addresses: [] });
    assert.equal(a, null);
  });
});

describe('streets with a number or "Straße" in their name', () => {
  it('a day\'s number inside the street\'s name belongs to the street', () => {
    assert.deepEqual(picked('Henrike Vogel\nStraße des 18. Oktober 7\n04103 Leipzig'), addr('Straße des 18. Oktober 7', '04103', 'Leipzig'));
  });

  it('a street beginning with "Straße" keeps it: it is no field label', () => {
    assert.deepEqual(picked('Uwe Brandt\nStraße der Einheit 5\n14467 Potsdam'), addr('Straße der Einheit 5', '14467', 'Potsdam'));
  });

  it('"Straße:" with a colon is a field label and is left out', () => {
    assert.deepEqual(picked('Straße: Hauptstr. 5\n14467 Potsdam'), addr('Hauptstr. 5', '14467', 'Potsdam'));
  });

  it('a date with a year above a postcode is no street', () => {
    assert.deepEqual(picked('Am 1. Mai 2026\n14467 Potsdam'), addr(null, '14467', 'Potsdam'));
  });
});

describe("a form's address field under the insurer's address window", () => {
  // OCR text of a typed form: no blank lines; the layout knows the window's lines.
  const window = 'Gesundheitskasse Nordrhein\nKundenservice\nPostfach 10 12 30\n40003 Düsseldorf\n';
  const form = window + 'Antrag auf Kostenerstattung\nName: Petra Lindner\nAnschrift: Eichenweg 12, 53757 Sankt Augustin\n';
  const letter = (text: string, windowKind: 'recipient' | 'body'): TextSource[] => [
    { id: 'letter', role: 'own', text, ocr: true, regions: [{ kind: windowKind, start: 0, end: window.length }, { kind: 'body', start: window.length, end: text.length }] },
  ];

  it("is the sender's address, though the window's insurer name stands a few lines above it", () => {
    assert.deepEqual(pickAddress(letter(form, 'recipient'), INSURER)?.value, addr('Eichenweg 12', '53757', 'Sankt Augustin'));
  });

  it("without a known window the insurer's name above it still marks it as the insurer's", () => {
    assert.equal(pickAddress(letter(form, 'body'), INSURER), null);
  });

  it("the insurer's own return line above the window of its form sent back is not the sender's address", () => {
    const returnLine = 'Gesundheitskasse Nordrhein · Postfach 10 12 30 · 40003 Düsseldorf\n';
    const text = returnLine + 'Frau\nPetra Lindner\nEichenweg 12\n53757 Sankt Augustin\nFragebogen\n';
    const sources: TextSource[] = [
      { id: 'letter', role: 'own', text, ocr: true, regions: [{ kind: 'return-address', start: 0, end: returnLine.length }, { kind: 'recipient', start: returnLine.length, end: text.length - 'Fragebogen\n'.length }, { kind: 'body', start: text.length - 'Fragebogen\n'.length, end: text.length }] },
    ];
    assert.equal(pickAddress(sources, INSURER), null);
  });

  it("a member's return line keeps its address though a received stamp naming the insurer stands above it", () => {
    const stamp = 'EINGEGANGEN Gesundheitskasse 03.03.2026\n';
    const returnLine = 'Petra Lindner · Eichenweg 12 · 53757 Sankt Augustin\n';
    const text = stamp + returnLine + 'Gesundheitskasse Nordrhein\nPostfach 10 12 30\n40003 Düsseldorf\n';
    const sources: TextSource[] = [
      { id: 'letter', role: 'own', text, ocr: true, regions: [{ kind: 'return-address', start: 0, end: stamp.length + returnLine.length }, { kind: 'recipient', start: stamp.length + returnLine.length, end: text.length }] },
    ];
    assert.deepEqual(pickAddress(sources, INSURER)?.value, addr('Eichenweg 12', '53757', 'Sankt Augustin'));
  });

  it("an address right under the insurer's name in the body is still the insurer's", () => {
    const text = window + 'Bitte schreiben Sie an:\nGesundheitskasse Nordrhein\nRingstraße 9\n50999 Köln\n';
    assert.equal(pickAddress(letter(text, 'recipient'), INSURER), null);
  });
});
