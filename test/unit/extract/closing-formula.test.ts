import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSING_FORMULA } from '../../../src/extract/closing-formula.js';

describe('the closing formula of a letter or message is recognised', () => {
  const closing = ['Mit freundlichen Grüßen', 'Mit freundlichen Gruessen', 'MfG', 'Hochachtungsvoll', 'Viele Grüße', 'Vielen Dank und viele Grüße', 'Beste Grüße'];
  for (const line of closing) it(`"${line}" is a closing`, () => assert.ok(CLOSING_FORMULA.test(line)));

  const specks = ['. Mit freundlichen Grüßen .', 'Mit freundlichen Grüßen x', 'i Mit freundlichen Grüßen', 'Mit freundlichen Grüßen ;'];
  for (const line of specks) it(`"${line}" with OCR specks is a closing`, () => assert.ok(CLOSING_FORMULA.test(line)));

  const wording = [
    'Freundliche Grüße aus Köln',
    'Liebe Grüße aus dem Sauerland',
    'Viele Grüße aus Bad Honnef',
    'Mit freundlichen Grüßen und bleiben Sie gesund',
    'Viele Grüße und vielen Dank',
    'Gruß und Dank',
    'Mit herzlichem Dank',
    'Vielen Dank im Voraus',
    'Alles Gute',
    'Mit besten Wünschen',
  ];
  for (const line of wording) it(`a member's own wording "${line}" is a closing`, () => assert.ok(CLOSING_FORMULA.test(line)));

  const english = ['Kind regards', 'Best regards', 'Yours faithfully', 'Yours sincerely', 'Sincerely'];
  for (const line of english) it(`a letter in English closes with "${line}"`, () => assert.ok(CLOSING_FORMULA.test(line)));

  const not = [
    'Freundliche Grüße aus Köln und vielen Dank für Ihre Mühe bei der Bearbeitung meines Antrags',
    'Alles Gute ist nicht immer gut.',
    'Grüße aus dem Urlaub habe ich Ihnen nicht geschickt',
'Mit freundlichen Grüßen, Anna Weber', 'Mit freundlichen Grüßen Ihr', 'Ich grüße Sie herzlich und bitte um Antwort', 'Grußkarte anbei'];
  for (const line of not) it(`"${line}" is not a closing line on its own`, () => assert.ok(!CLOSING_FORMULA.test(line)));
});
