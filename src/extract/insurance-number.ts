/**
 * The 10-character unchangeable part of the Krankenversichertennummer: an upper-case letter,
 * eight digits and a check digit.
 */

const SHAPE = /^[A-Z][0-9]{9}$/;

/** Check-digit test: letter as two digits (A=01 … Z=26), then weights 1,2,1,2,… with digit sums. */
export function isValidInsuranceNumber(kvnr: string): boolean {
  if (!SHAPE.test(kvnr)) return false;
  const letter = kvnr.charCodeAt(0) - 64;
  const digits = [Math.floor(letter / 10), letter % 10, ...kvnr.slice(1, 9).split('').map(Number)];
  let sum = 0;
  digits.forEach((d, i) => {
    const p = d * (i % 2 === 0 ? 1 : 2);
    sum += p > 9 ? p - 9 : p;
  });
  return sum % 10 === Number(kvnr[9]);
}

/** Upper case, without spaces, hyphens or dots. Returns null when the result is not of the right shape. */
export function normaliseInsuranceNumber(raw: string): string | null {
  const t = raw.replace(/[\s.\-\/]/g, '').toUpperCase();
  return SHAPE.test(t) ? t : null;
}
