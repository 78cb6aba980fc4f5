import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidInsuranceNumber, normaliseInsuranceNumber } from '../../../src/extract/insurance-number.js';

/**
 * Independent check digit of the unchangeable part of the Krankenversichertennummer: the letter
 * becomes its two-digit alphabet position (A=01 … Z=26); these two digits and the eight digits are
 * multiplied alternately by 1 and 2, the cross sums of the products are added, and the check digit
 * is the last digit of that sum.
 */
function referenceCheckDigit(letter: string, eightDigits: string): number {
  const position = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(letter) + 1;
  const all = `${position < 10 ? '0' : ''}${position}${eightDigits}`;
  let sum = 0;
  for (let i = 0; i < all.length; i++) {
    const product = Number(all[i]) * (i % 2 === 0 ? 1 : 2);
    for (const d of String(product)) sum += Number(d);
  }
  return sum % 10;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const BODIES = ['00000000', '12345678', '98765432', '10411675', '55555555', '90817263'];

describe('insurance number check digit', () => {
  it('A123456780 is valid', () => assert.equal(isValidInsuranceNumber('A123456780'), true));
  it('X110411675 is valid', () => assert.equal(isValidInsuranceNumber('X110411675'), true));
  it('A123456789 fails the check digit', () => assert.equal(isValidInsuranceNumber('A123456789'), false));

  for (const letter of ALPHABET) {
    it(`numbers starting with ${letter} pass exactly with the check digit of the reference computation`, () => {
      for (const body of BODIES) {
        const right = referenceCheckDigit(letter, body);
        assert.equal(isValidInsuranceNumber(`${letter}${body}${right}`), true, `${letter}${body}${right}`);
        for (let wrong = 0; wrong <= 9; wrong++) {
          if (wrong === right) continue;
          assert.equal(isValidInsuranceNumber(`${letter}${body}${wrong}`), false, `${letter}${body}${wrong}`);
        }
      }
    });
  }

  it('the reference computation agrees with the two published examples', () => {
    assert.equal(referenceCheckDigit('A', '12345678'), 0);
    assert.equal(referenceCheckDigit('X', '11041167'), 5);
  });

  const badShapes = ['a123456780', 'A12345678', 'A1234567800', '1123456780', 'AB23456780', 'A 123456780', 'Ä123456780', ''];
  for (const s of badShapes) {
    it(`"${s}" is not valid because it does not have the shape of a normalised number`, () => {
      assert.equal(isValidInsuranceNumber(s), false);
    });
  }
});

describe('insurance number normalisation', () => {
  const table: [string, string | null][] = [
    ['A123456780', 'A123456780'],
    ['a 123 456 780', 'A123456780'],
    ['A-123456780', 'A123456780'],
    ['A 1234 5678 0', 'A123456780'],
    ['x110.411.675', 'X110411675'],
    ['  X110411675\t', 'X110411675'],
    ['A12345678-9', 'A123456789'],
    ['A12345678', null],
    ['123456780', null],
    ['AB123456780', null],
    ['A12345678O', null],
    ['', null],
  ];
  for (const [raw, expected] of table) {
    it(`"${raw}" normalises to ${expected === null ? 'nothing' : expected}`, () => {
      assert.equal(normaliseInsuranceNumber(raw), expected);
    });
  }

  it('a normalised number keeps a failing check digit so it can still be reported', () => {
    const n = normaliseInsuranceNumber('a 123 456 789');
    assert.equal(n, 'A123456789');
    assert.equal(isValidInsuranceNumber(n!), false);
  });
});
