import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldCity, foldStreet, foldText, namesAgree, nameTokens } from '../../../src/members/name-folding.js';

describe('folding text for comparison', () => {
  const table: [string, string][] = [
    ['Müller', 'mueller'],
    ['ÄRGER Öl Übel', 'aerger oel uebel'],
    ['Strauß', 'strauss'],
    ['André', 'andre'],
    ['Andre\u0301', 'andre'],
    ['François Noël', 'francois noel'],
    ['  Anna \t  Berg  ', 'anna berg'],
  ];
  for (const [raw, folded] of table) {
    it(`"${raw}" folds to "${folded}"`, () => assert.equal(foldText(raw), folded));
  }
});

describe('name tokens', () => {
  const table: [string, string[]][] = [
    ['Herr Dr. Jürgen Müller-Lüdenscheidt', ['juergen', 'mueller', 'luedenscheidt']],
    ['Müller-Lüdenscheidt, Jürgen', ['mueller', 'luedenscheidt', 'juergen']],
    ['Frau Prof. Dr. med. Anna Berg', ['anna', 'berg']],
    ['Dipl.-Ing. Anna Berg', ['anna', 'berg']],
    ['Familie Berg', ['berg']],
    ['Herrn Ole Frerichs', ['ole', 'frerichs']],
  ];
  for (const [raw, tokens] of table) {
    it(`"${raw}" gives ${tokens.join(' ')}`, () => assert.deepEqual(nameTokens(raw), tokens));
  }
});

describe('a written name agrees with a registered name', () => {
  const table: { written: string; first: string; last: string; agree: boolean; todo?: string }[] = [
    { written: 'Jürgen Müller-Lüdenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Juergen Mueller-Luedenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'JÜRGEN MÜLLER LÜDENSCHEIDT', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Jürgen Müller', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Jürgen Lüdenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Müller-Lüdenscheidt, Jürgen', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Herr Dr. Jürgen Müller-Lüdenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: true },
    { written: 'Hannelore Strauss', first: 'Hannelore', last: 'Strauß', agree: true },
    { written: 'Frau Hannelore Strauß', first: 'Hannelore', last: 'Strauss', agree: true },
    { written: 'Andre Köhler', first: 'André', last: 'Köhler', agree: true },
    { written: 'André Koehler', first: 'Andre', last: 'Köhler', agree: true },
    { written: 'Anna Lena Berg', first: 'Anna-Lena', last: 'Berg', agree: true },
    { written: 'Anna Berg', first: 'Anna-Lena', last: 'Berg', agree: true },
    { written: 'Vicco von Bülow', first: 'Vicco', last: 'von Bülow', agree: true },
    { written: 'Li Ma', first: 'Li', last: 'Ma', agree: true },
    { written: 'Jörg Müller-Lüdenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: false },
    { written: 'Müller-Lüdenscheidt', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: false },
    { written: 'Jürgen', first: 'Jürgen', last: 'Müller-Lüdenscheidt', agree: false },
    { written: 'Jürgen Heinz Müller', first: 'Jürgen', last: 'Müller', agree: false },
    { written: 'Hannelore Strauß-Berger', first: 'Hannelore', last: 'Strauß', agree: false },
    { written: 'Herr Dr.', first: 'Jürgen', last: 'Müller', agree: false },
    { written: '', first: 'Jürgen', last: 'Müller', agree: false },
  ];
  for (const row of table) {
    const verdict = row.agree ? 'agrees' : 'does not agree';
    it(`"${row.written}" ${verdict} with ${row.first} ${row.last}`, row.todo ? { todo: row.todo } : {}, () => {
      assert.equal(namesAgree(row.written, row.first, row.last), row.agree);
    });
  }
});

describe('streets and towns fold alike across spellings', () => {
  const sameStreets: [string, string][] = [
    ['Heidestr. 17', 'Heidestraße 17'],
    ['Heidestrasse 17', 'heidestraße17'],
    ['Heide-Straße 17', 'Heidestraße 17'],
    ['Am Markt 3 a', 'Am Markt 3a'],
    ['AM MARKT 3A', 'Am Markt 3a'],
    ['Ulmenstraße 12 - 14', 'Ulmenstr. 12-14'],
  ];
  for (const [a, b] of sameStreets) {
    it(`"${a}" and "${b}" are the same street`, () => assert.equal(foldStreet(a), foldStreet(b)));
  }
  const differentStreets: [string, string][] = [
    ['Heidestraße 17', 'Heideweg 17'],
    ['Heidestraße 17', 'Heidestraße 71'],
    ['Am Markt 3a', 'Am Markt 3b'],
  ];
  for (const [a, b] of differentStreets) {
    it(`"${a}" and "${b}" are different streets`, () => assert.notEqual(foldStreet(a), foldStreet(b)));
  }

  it('towns compare regardless of case, umlaut spelling and hyphens', () => {
    assert.equal(foldCity('Köln'), foldCity('KOELN'));
    assert.equal(foldCity('Garmisch-Partenkirchen'), foldCity('Garmisch Partenkirchen'));
    assert.notEqual(foldCity('Köln'), foldCity('Bonn'));
  });
});
