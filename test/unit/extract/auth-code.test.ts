import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findAuthCodes, redactCodes, REDACTED_CODE } from '../../../src/extract/auth-code.js';

function codes(text: string): string[] {
  return findAuthCodes(text).map((h) => h.code);
}

describe('a disclosed authentication code is detected', () => {
  const table: { text: string; code: string; todo?: string }[] = [
    { text: 'Mein Authentifizierungscode lautet 4711AB, bitte schalten Sie mich frei.', code: '4711AB' },
    { text: 'Hier mein Auth-Code 3F7K2L für die App.', code: '3F7K2L' },
    { text: 'Authentifizierungs-Code: 73HG21', code: '73HG21' },
    { text: 'Mein persönlicher Authentifizierungscode für die Online-Filiale lautet 5XK82M.', code: '5XK82M' },
    { text: 'Der Freischaltcode ist: K7Q9-2X4M', code: 'K7Q9-2X4M' },
    { text: 'Anbei mein Zugangscode 83920174 für das Versichertenportal.', code: '83920174' },
    { text: 'Meine PIN lautet 5521.', code: '5521' },
    { text: 'Der Code lautet X9Y8Z7', code: 'X9Y8Z7' },
    { text: 'Der Code heißt 12AB34.', code: '12AB34' },
    { text: 'Aktivierungscode für die App lautet 7F3K9P', code: '7F3K9P' },
    { text: 'Bestätigungscode 443322 aus der SMS kam an.', code: '443322' },
    { text: 'Kennwort: geheim99', code: 'geheim99' },
    { text: 'mein authentisierungscode: ab12cd34', code: 'ab12cd34' },
    {
      text: 'Der Authentisierungscode (aus dem Brief vom 3. Mai) lautet 99AA77.',
      code: '99AA77',
    },
    { text: 'Mein Freischaltcode (den Brief habe ich am 2. Juni bekommen, Tel. 0221 12345) lautet K7Q9X4.', code: 'K7Q9X4' },
  ];
  for (const row of table) {
    it(`in "${row.text}"`, row.todo ? { todo: row.todo } : {}, () => {
      assert.deepEqual(codes(row.text), [row.code]);
    });
  }

  it('reports where the announcing word stands', () => {
    const text = 'Guten Tag, mein Freischaltcode lautet 8KX42P.';
    const [hit] = findAuthCodes(text);
    assert.ok(hit);
    assert.equal(text.slice(hit.at, hit.at + 'Freischaltcode'.length), 'Freischaltcode');
  });

  it('finds two codes in one message', () => {
    assert.deepEqual(codes('Meine PIN lautet 5521. Der neue Freischaltcode ist 8KX42P.'), ['5521', '8KX42P']);
  });
});

describe('no false authentication code', () => {
  const table: { text: string; todo?: string }[] = [
    { text: 'Meine Versichertennummer lautet A123456780.' },
    { text: 'Versichertennummer: X110411675, bitte um Rückruf.' },
    { text: 'Ich brauche einen neuen Freischaltcode für A123456780.' },
    {
      text: 'Ich brauche einen neuen Freischaltcode für meine Versichertennummer A 123456780.',
    },
    { text: 'Meine Versichertennummer lautet A123456780, Geburtsdatum 01.02.1960.' },
    { text: 'Ich bin am 12.03.2024 umgezogen. Telefon 0221 4711 0815.' },
    { text: 'Bitte rufen Sie mich an: 0171-2345678' },
    { text: 'Ich habe keinen Code erhalten, bitte senden Sie ihn mir am 14.05.2024 zu.' },
    { text: 'Ihren Aktivierungscode habe ich bis heute nicht erhalten. Meine Telefonnummer ist 0221 123456.' },
    { text: 'Der Freischaltcode vom 12.03.2024 ist abgelaufen.' },
    { text: 'Der Registrierungscode funktioniert nicht. Kundennummer 12345678' },
    { text: 'Der Postleitzahlcode? Nein: 50667 Köln ist meine Postleitzahl.' },
    {
      text: 'Mein Aktivierungscode ist abgelaufen, bitte rufen Sie 0221 998877 an.',
    },
    {
      text: 'Ich habe Ihren Anmeldecode erhalten und bitte um Rückruf unter 0221-123456.',
    },
    {
      text: 'Meine PIN habe ich vergessen, Rückruf unter 0171 2345678.',
    },
    {
      text: 'Den Zugangscode habe ich im Januar 2024 beantragt, aber nie bekommen.',
    },
    {
      text: 'Den Freischaltcode vom 03/2024 finde ich nicht mehr.',
    },
    { text: 'Der Freischaltcode (vom 12.03.2024) ist abgelaufen.' },
    { text: 'Mein Aktivierungscode (Brief vom 3. Mai) kam nie an, Rückruf unter 0221 998877.' },
  ];
  for (const row of table) {
    it(`in "${row.text}"`, row.todo ? { todo: row.todo } : {}, () => {
      assert.deepEqual(codes(row.text), []);
    });
  }

  it('a text without any code word yields nothing even with code-like strings', () => {
    assert.deepEqual(codes('Rechnung 8KX42P vom 01.02.2024, Betrag 45,10 EUR, Telefon 030 1234567.'), []);
  });
});

describe('redaction of a disclosed code', () => {
  it('removes every occurrence of the code', () => {
    const text = 'Code lautet 4711AB. Nochmal zur Sicherheit: 4711AB\n(4711AB)';
    const out = redactCodes(text, ['4711AB']);
    assert.equal(out.includes('4711AB'), false);
    assert.equal(out.split(REDACTED_CODE).length - 1, 3);
  });

  it('removes every code of several', () => {
    const out = redactCodes('PIN 5521, Freischaltcode 8KX42P, wieder 5521.', ['5521', '8KX42P']);
    assert.equal(out, `PIN ${REDACTED_CODE}, Freischaltcode ${REDACTED_CODE}, wieder ${REDACTED_CODE}.`);
  });

  it('treats characters of a code literally (hyphens, dots)', () => {
    assert.equal(redactCodes('Code: K7Q9-2X4M und K7Q9X2X4M', ['K7Q9-2X4M']), `Code: ${REDACTED_CODE} und K7Q9X2X4M`);
  });

  it('leaves a longer word that merely contains the code untouched', () => {
    assert.equal(redactCodes('PIN 5521; Aktenzeichen AZ55210', ['5521']), `PIN ${REDACTED_CODE}; Aktenzeichen AZ55210`);
  });

  it('changes nothing when there is no code', () => {
    assert.equal(redactCodes('Guten Tag', []), 'Guten Tag');
  });

  it('a found code redacted from its own text is no longer found', () => {
    const text = 'Mein Authentifizierungscode lautet 7KD9-PQ2X, bitte sperren.';
    const out = redactCodes(text, codes(text));
    assert.equal(out.includes('7KD9'), false);
    assert.deepEqual(codes(out), []);
  });
});
