import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRows, parseMembersCsv } from '../../../src/members/members-csv.js';
import { TriageError } from '../../../src/shared/errors.js';

const HEADER = 'insurance_number,first_name,last_name,street,postal_code,city,portal_account';
const IDA = 'H881203650,Ida,Brenner,Lindenweg 12,12345,Teststadt,true';
const OLAF = 'K905147236,Olaf,Kern,Gartenweg 2,01234,Teststadt,false';

function failure(text: string): TriageError {
  try {
    parseMembersCsv(text, 'members.csv');
  } catch (err) {
    assert.ok(err instanceof TriageError, 'expected a TriageError');
    return err;
  }
  assert.fail('expected the CSV to be rejected');
}

describe('CSV rows', () => {
  it('a quoted field keeps its comma, doubled quotes and line break', () => {
    assert.deepEqual(parseCsvRows('a,"b, c","sagt ""hallo""","zwei\nZeilen"\n'), [['a', 'b, c', 'sagt "hallo"', 'zwei\nZeilen']]);
  });

  it('semicolons separate fields like commas', () => {
    assert.deepEqual(parseCsvRows('a;b;c\r\n1;2;3\r\n'), [['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('a byte order mark is dropped', () => {
    assert.deepEqual(parseCsvRows('\uFEFFa,b\n'), [['a', 'b']]);
  });

  it('blank lines are skipped and a last line without a line break is kept', () => {
    assert.deepEqual(parseCsvRows('a,b\n\n\n1,2'), [['a', 'b'], ['1', '2']]);
  });
});

describe('a registry export is read', () => {
  it('every column lands in its member field', () => {
    assert.deepEqual(parseMembersCsv(`${HEADER}\n${IDA}\n${OLAF}\n`), [
      { insuranceNumber: 'H881203650', firstName: 'Ida', lastName: 'Brenner', street: 'Lindenweg 12', postalCode: '12345', city: 'Teststadt', portalAccount: true },
      { insuranceNumber: 'K905147236', firstName: 'Olaf', lastName: 'Kern', street: 'Gartenweg 2', postalCode: '01234', city: 'Teststadt', portalAccount: false },
    ]);
  });

  it('a file with a byte order mark and Windows line endings is read', () => {
    const [m] = parseMembersCsv(`\uFEFF${HEADER}\r\n${IDA}\r\n`);
    assert.equal(m?.insuranceNumber, 'H881203650');
    assert.equal(m?.portalAccount, true);
  });

  it('a semicolon export (German spreadsheet) is read', () => {
    const [m] = parseMembersCsv(`${HEADER.replace(/,/g, ';')}\n${IDA.replace(/,/g, ';')}\n`);
    assert.equal(m?.lastName, 'Brenner');
    assert.equal(m?.city, 'Teststadt');
  });

  it('a quoted street with a comma and a quoted name with quotes are read whole', () => {
    const [m] = parseMembersCsv(`${HEADER}\nH881203650,Ida,"Brenner ""die Jüngere""","Lindenweg 12, Hinterhaus",12345,Teststadt,false\n`);
    assert.equal(m?.lastName, 'Brenner "die Jüngere"');
    assert.equal(m?.street, 'Lindenweg 12, Hinterhaus');
  });

  it('the columns may come in any order and the header in any case', () => {
    const [m] = parseMembersCsv('First_Name,INSURANCE_NUMBER,last_name,street,postal_code,city,portal_account\nIda,H881203650,Brenner,Lindenweg 12,12345,Teststadt,ja\n');
    assert.equal(m?.firstName, 'Ida');
    assert.equal(m?.insuranceNumber, 'H881203650');
  });

  it('the insurance number is normalised to upper case without spaces', () => {
    const [m] = parseMembersCsv(`${HEADER}\nh 881203650,Ida,Brenner,Lindenweg 12,12345,Teststadt,false\n`);
    assert.equal(m?.insuranceNumber, 'H881203650');
  });

  const portal: [string, boolean][] = [
    ['true', true], ['TRUE', true], ['1', true], ['yes', true], ['ja', true],
    ['false', false], ['0', false], ['no', false], ['nein', false], ['', false],
  ];
  for (const [raw, value] of portal) {
    it(`portal_account "${raw}" reads as ${value}`, () => {
      const [m] = parseMembersCsv(`${HEADER}\nH881203650,Ida,Brenner,Lindenweg 12,12345,Teststadt,${raw}\n`);
      assert.equal(m?.portalAccount, value);
    });
  }
});

describe('a broken registry export is rejected with a precise message', () => {
  it('an empty file is named as empty', () => {
    const err = failure('');
    assert.equal(err.code, 'members.empty');
    assert.match(err.message, /members\.csv is empty/);
  });

  it('a header lacking columns names every missing column', () => {
    const err = failure('insurance_number,first_name,street\nH881203650,Ida,Lindenweg 12\n');
    assert.equal(err.code, 'members.bad_header');
    for (const col of ['last_name', 'postal_code', 'city', 'portal_account']) assert.match(err.message, new RegExp(col));
    assert.doesNotMatch(err.message, /lacks the column\(s\)[^.]*first_name/);
  });

  it('bad rows are all named with their line numbers and problems at once', () => {
    const err = failure(`${HEADER}\nH88120365,Ida,Brenner,Lindenweg 12,1234,Teststadt,vielleicht\n${OLAF}\nK90514723X,Olaf,Kern,Gartenweg 2,01234,Teststadt,false\n`);
    assert.equal(err.code, 'members.bad_rows');
    // One entry per row, with every problem of that row.
    assert.match(err.message, /line 2: insurance_number[^;]*postal_code[^;]*portal_account/);
    assert.match(err.message, /line 4: insurance_number/);
    assert.doesNotMatch(err.message, /line 3/);
  });

  it('more than ten problems are counted in full and the list is shortened', () => {
    const rows = Array.from({ length: 12 }, () => 'X1,Ida,Brenner,Lindenweg 12,12345,Teststadt,true').join('\n');
    const err = failure(`${HEADER}\n${rows}\n`);
    assert.match(err.message, /12 bad row\(s\)/);
    assert.match(err.message, /line 11: /);
    assert.match(err.message, /; …/);
    assert.doesNotMatch(err.message, /line 12: /);
  });

  it(
    'the count of bad rows counts rows, not problems',
    () => {
      const err = failure(`${HEADER}\nH88120365,Ida,Brenner,Lindenweg 12,1234,Teststadt,vielleicht\n${OLAF}\nK90514723X,Olaf,Kern,Gartenweg 2,01234,Teststadt,false\n`);
      assert.match(err.message, /has 2 bad row\(s\)/);
    },
  );

  it(
    'a row with missing fields is a bad row',
    () => {
      const err = failure(`${HEADER}\nH881203650,Ida,Brenner,Lindenweg 12,12345\n`);
      assert.equal(err.code, 'members.bad_rows');
      assert.match(err.message, /line 2/);
    },
  );

  it(
    'a bad row is named by its line in the file even after blank lines',
    () => {
      const err = failure(`${HEADER}\n\n\nX1,Ida,Brenner,Lindenweg 12,12345,Teststadt,true\n`);
      assert.match(err.message, /line 4:/);
    },
  );

  it(
    'a bad row is named by its line in the file after a quoted field with a line break',
    () => {
      const err = failure(`${HEADER}\nH881203650,Ida,Brenner,"Lindenweg 12\nHinterhaus",12345,Teststadt,true\nX1,Olaf,Kern,Gartenweg 2,01234,Teststadt,false\n`);
      assert.match(err.message, /line 4:/);
    },
  );

  it(
    'a semicolon export whose street holds an unquoted comma is read with the comma kept',
    () => {
      const [m] = parseMembersCsv(`${HEADER.replace(/,/g, ';')}\nH881203650;Ida;Brenner;Lindenweg 12, Hinterhaus;12345;Teststadt;ja\n`);
      assert.equal(m?.street, 'Lindenweg 12, Hinterhaus');
      assert.equal(m?.postalCode, '12345');
    },
  );
});
