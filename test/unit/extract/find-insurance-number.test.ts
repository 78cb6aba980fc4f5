import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findInsuranceNumbers, pickInsuranceNumber } from '../../../src/extract/find-insurance-number.js';
import type { TextSource } from '../../../src/extract/text-source.js';

function own(text: string): TextSource[] {
  return [{ id: 'body', role: 'own', text }];
}

function pick(text: string): string | null {
  return pickInsuranceNumber(own(text))?.number.value ?? null;
}

describe('the insurance number is found in German text', () => {
  const table: { title: string; text: string; number: string | null; valid?: boolean; todo?: string }[] = [
    { title: 'in lower case after the abbreviated label "Versichertennr."', text: 'Gilt die Karte im Ausland?\nVersichertennr. x110411675', number: 'X110411675', valid: true },
    { title: 'after "Versichertennummer:"', text: 'Meine Versichertennummer: X110411675, bitte um Rückruf.', number: 'X110411675', valid: true },
    { title: 'grouped with spaces after "Vers.-Nr.:"', text: 'Vers.-Nr.: X 1104 1167 5', number: 'X110411675', valid: true },
    { title: 'with a hyphen before the check digit', text: 'Krankenversichertennummer: A12345678-0', number: 'A123456780', valid: true },
    { title: 'in lower case after a label', text: 'meine versichertennummer: a 123 456 780', number: 'A123456780', valid: true },
    {
      title: 'in lower case after the label "KV-Nummer"',
      text: 'Meine KV-Nummer: a 123 456 780',
      number: 'A123456780',
      valid: true,
    },
    { title: 'without a label in upper case', text: 'Anbei das Formular für X110411675.', number: 'X110411675', valid: true },
    { title: 'with a failing check digit, still reported', text: 'Versichertennummer A123456789', number: 'A123456789', valid: false },
    { title: 'not in lower case without a label', text: 'Ich habe die Nummer x110411675 irgendwo notiert.', number: null },
    { title: 'not in an IBAN', text: 'Bitte überweisen Sie auf IBAN DE89 3704 0044 0532 0130 00.', number: null },
    { title: 'not in an IBAN written without spaces', text: 'IBAN: DE89370400440532013000', number: null },
    { title: 'not in a reference with ten digits', text: 'Aktenzeichen K2024001234 vom Sozialgericht', number: null },
    { title: 'not in a telephone number', text: 'Telefon 0221 123456789', number: null },
    {
      title: 'after "KV-Nr." in lower case with spaces',
      text: 'KV-Nr. x 110 411 675',
      number: 'X110411675',
      valid: true,
    },
    {
      title: 'wrapped after its letter by a plain-text mail client, after a label',
      text: 'als Betreuer von Frau Marie Beispiel (Versichertennummer A\n123 456 780) bitte ich um',
      number: 'A123456780',
      valid: true,
    },
    {
      title: 'wrapped between its digit groups, after a label',
      text: 'Meine Krankenversichertennummer lautet X 1104\n1167 5, bitte um Rückruf.',
      number: 'X110411675',
      valid: true,
    },
    { title: 'not joined over a line break without a label', text: 'Anbei das Formular für X\n110411675.', number: null },
    { title: 'not joined over a line break when the check digit fails', text: 'Versichertennummer A\n123 456 789 und Fax 0221', number: null },
    { title: 'not joined over a blank line', text: 'Versichertennummer A\n\n123 456 780', number: null },
    {
      title: 'written "A-123456780" with a hyphen after the letter',
      text: 'Versicherten-Nr. A-123456780',
      number: 'A123456780',
      valid: true,
    },
  ];
  for (const row of table) {
    it(`a number ${row.title} gives ${row.number ?? 'nothing'}`, row.todo ? { todo: row.todo } : {}, () => {
      const got = pickInsuranceNumber(own(row.text));
      assert.equal(got?.number.value ?? null, row.number);
      if (row.valid !== undefined) assert.equal(got?.valid, row.valid);
    });
  }
});

describe('choosing between several numbers', () => {
  it('a number passing the check digit is preferred over a typo', () => {
    assert.equal(pick('Versichertennummer A123456789, Entschuldigung, richtig ist A123456780.'), 'A123456780');
  });

  it('a labelled number is preferred over an unlabelled one', () => {
    assert.equal(pick('Zu Vorgang B204815732 sende ich meine Versichertennummer X110411675.'), 'X110411675');
  });

  it("the sender's own text is preferred over an attached document", () => {
    const sources: TextSource[] = [
      { id: 'attachment:Bescheid.pdf', role: 'document', text: 'Versichertennummer: B204815732' },
      { id: 'body', role: 'own', text: 'Versichertennummer: X110411675' },
    ];
    assert.equal(pickInsuranceNumber(sources)?.number.value, 'X110411675');
  });

  it('the subject is preferred over a forwarded message', () => {
    const sources: TextSource[] = [
      { id: 'forwarded-body', role: 'forwarded', text: 'X110411675' },
      { id: 'subject', role: 'subject', text: 'Anfrage B204815732' },
    ];
    assert.equal(pickInsuranceNumber(sources)?.number.value, 'B204815732');
  });

  it('two different valid unlabelled numbers make the pick too unsure to act on', () => {
    const got = pickInsuranceNumber(own('Für mich B204815732 und für meine Mutter X110411675.'));
    assert.ok(got);
    assert.ok(got.number.confidence < 0.6);
  });

  it('a labelled valid number is surer than an unlabelled one, and both surer than an invalid one', () => {
    const labelled = pickInsuranceNumber(own('Versichertennummer: X110411675'))!.number.confidence;
    const bare = pickInsuranceNumber(own('Anbei X110411675'))!.number.confidence;
    const invalid = pickInsuranceNumber(own('Versichertennummer: A123456789'))!.number.confidence;
    assert.ok(labelled > bare);
    assert.ok(bare > invalid);
  });

  it('every mention of the chosen number is kept as evidence', () => {
    const text = 'Versichertennummer X110411675. Nochmals: X 110 411 675.';
    const got = pickInsuranceNumber(own(text))!;
    assert.equal(got.number.evidence.length, 2);
    const first = got.number.evidence[0]!;
    assert.equal(first.rule, 'kvnr.labelled');
    assert.equal(text.slice(first.start, first.end), 'X110411675');
  });

  it('finds nothing in a text without a number', () => {
    assert.deepEqual(findInsuranceNumbers(own('Ich habe eine Frage zum Bonusheft.')), []);
    assert.equal(pickInsuranceNumber(own('Ich habe eine Frage zum Bonusheft.')), null);
  });
});

describe('an insurance number misread by OCR is read through the look-alike characters', () => {
  const ocr = (text: string): TextSource[] => [{ id: 'letter', role: 'own', text, ocr: true }];

  it('a labelled "1907 847 874" (I read as 1) gives I907847874, marked as repaired and less sure', () => {
    const picked = pickInsuranceNumber(ocr('Versichertennummer: 1907 847 874'));
    assert.equal(picked?.number.value, 'I907847874');
    assert.equal(picked?.valid, true);
    assert.equal(picked?.number.evidence[0]?.rule, 'kvnr.ocr-repaired');
    assert.ok(picked!.number.confidence < 0.98 && picked!.number.confidence >= 0.6);
  });

  it('a labelled "| 203 948 574" (I read as a bar, as on a fax) gives I203948574, repaired', () => {
    const picked = pickInsuranceNumber(ocr('Versichertennummer: | 203 948 574'));
    assert.equal(picked?.number.value, 'I203948574');
    assert.equal(picked?.valid, true);
    assert.equal(picked?.number.evidence[0]?.rule, 'kvnr.ocr-repaired');
  });

  it('a bar before a clean number (a column rule) does not change the number', () => {
    assert.equal(pickInsuranceNumber(ocr('Versichertennummer: | N145368406'))?.number.value, 'N145368406');
  });

  it('a labelled "0790377842" (O read as 0) gives O790377842', () => {
    assert.equal(pickInsuranceNumber(ocr('unter der Versichertennummer 0790377842.'))?.number.value, 'O790377842');
  });

  it('a label on the line above still counts ("Krankenversichertennummer" then the number on the next line)', () => {
    assert.equal(pickInsuranceNumber(ocr('von Herrn M. (Krankenversichertennummer\n1449654323) bitte ich'))?.number.value, 'I449654323');
  });

  it('an "O" inside the digits is read as a zero', () => {
    assert.equal(pickInsuranceNumber(ocr('Vers.-Nr.: I9O7847874'))?.number.value, 'I907847874');
  });

  it('a number alone on its line under the subject ("5168 461 580", S read as 5) gives S168461580', () => {
    assert.equal(pickInsuranceNumber(ocr('Bonusprogramm\n5168 461 580\nSehr geehrte Damen und Herren,'))?.number.value, 'S168461580');
  });

  it('a labelled look-alike whose check digit fails either way is reported in its letter reading, invalid', () => {
    const picked = pickInsuranceNumber(ocr('Bitte um Bescheinigung - Vers.-Nr. 1200757248'));
    assert.equal(picked?.number.value, 'I200757248');
    assert.equal(picked?.valid, false);
  });

  it('the same digits in typed text (email, form) are not repaired', () => {
    assert.equal(pickInsuranceNumber([{ id: 'body', role: 'own', text: 'Versichertennummer: 1907 847 874' }]), null);
  });

  it('an unlabelled ten-digit number in OCR text (a telephone number) is not repaired', () => {
    assert.equal(pickInsuranceNumber(ocr('Tel. 1907 847 874')), null);
  });

  it('a clean number with a failing check digit is reported as read, never changed into another valid number', () => {
    const picked = pickInsuranceNumber(ocr('Versichertennummer: B123456789'));
    assert.equal(picked?.number.value, 'B123456789');
    assert.equal(picked?.valid, false);
  });

  it('a misread letter is repaired only when exactly one look-alike passes the check digit', () => {
    // "0" may stand for O, D or Q: the repair is taken only when exactly one of them passes the check digit.
    for (const d of '0123456789') {
      const options = ['O', 'D', 'Q'].filter((l) => findInsuranceNumbers([{ id: 'x', role: 'own', text: `${l}12345678${d}` }])[0]?.valid);
      const picked = pickInsuranceNumber(ocr(`Versichertennummer 012345678${d}`));
      // Exactly one valid letter: taken. None: the first look-alike (O), reported invalid. Several: no guess.
      const expected = options.length === 1 ? options[0]! + `12345678${d}` : options.length === 0 ? `O12345678${d}` : null;
      assert.equal(picked?.number.value ?? null, expected, `check digit ${d}`);
      if (picked) assert.equal(picked.valid, options.length === 1);
    }
  });
});
