import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formName, normalisePostalCode, normaliseStreet } from '../../../../src/extract/readers/contact-form-reader.js';

describe('a street typed into the contact form is normalised', () => {
  const table: { raw: string; expected: string | null; todo?: string }[] = [
    { raw: 'hauptstraße64', expected: 'Hauptstraße 64' },
    { raw: 'am markt36', expected: 'Am Markt 36' },
    { raw: 'Am Markt 3a', expected: 'Am Markt 3a' },
    { raw: 'Lindenweg 12 a', expected: 'Lindenweg 12a' },
    { raw: '  Heidestr.  17 ', expected: 'Heidestr. 17' },
    { raw: 'ulmenstraße 12 - 14', expected: 'Ulmenstraße 12-14' },
    { raw: 'an der alten mühle 5', expected: 'An der Alten Mühle 5' },
    { raw: 'Auf dem Berg 7/1', expected: 'Auf dem Berg 7/1' },
    { raw: 'Postfach 12 34 56', expected: 'Postfach 12 34 56' },
    { raw: 'AM MARKT 3A', expected: 'AM MARKT 3A' },
    { raw: '', expected: null },
    { raw: '   ', expected: null },
    {
      raw: 'hauptstr.5',
      expected: 'Hauptstr. 5',
    },
  ];
  for (const row of table) {
    it(`"${row.raw}" becomes ${row.expected === null ? 'nothing' : `"${row.expected}"`}`, row.todo ? { todo: row.todo } : {}, () => {
      assert.equal(normaliseStreet(row.raw), row.expected);
    });
  }
});

describe('a postcode typed into the contact form is normalised', () => {
  const table: [string, string | null][] = [
    ['51147', '51147'],
    [' 51 147 ', '51147'],
    ['51.147', '51147'],
    ['D-51147', '51147'],
    ['d51147', '51147'],
    ['04109', '04109'],
    ['5114', null],
    ['511470', null],
    ['0221 1234', null],
    ['Köln', null],
    ['', null],
  ];
  for (const [raw, expected] of table) {
    it(`"${raw}" becomes ${expected === null ? 'nothing' : `"${expected}"`}`, () => {
      assert.equal(normalisePostalCode(raw), expected);
    });
  }
});

describe("the sender's name from the form's name fields", () => {
  const table: { first: string; last: string; expected: string | null }[] = [
    { first: 'Anna', last: 'Schmidt', expected: 'Anna Schmidt' },
    { first: ' anna ', last: 'SCHMIDT', expected: 'Anna Schmidt' },
    { first: '', last: 'Schmidt, Anna', expected: 'Anna Schmidt' },
    { first: 'Schmidt, Anna-Lena', last: '', expected: 'Anna-Lena Schmidt' },
    { first: '', last: 'Schmidt', expected: null },
    { first: '', last: 'Schmidt, Anna, Köln', expected: null },
    { first: '', last: '', expected: null },
  ];
  for (const row of table) {
    it(`"${row.first}" and "${row.last}" give ${row.expected === null ? 'no name' : `"${row.expected}"`}`, () => {
      assert.equal(formName(row.first, row.last), row.expected);
    });
  }
});
