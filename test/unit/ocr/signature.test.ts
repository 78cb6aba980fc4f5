import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectSignature } from '../../../src/ocr/signature.js';
import { pickSignature } from '../../../src/ocr/read-scan.js';
import type { GreyPage, OcrLine } from '../../../src/ocr/ocr-model.js';
import { blankPage, ink, penStroke, printed as printedLine } from './synthetic-page.js';

const printed = (page: GreyPage, text: string, x: number, y: number, h = 24, confidence = 95): OcrLine => printedLine(page, text, x, y, { h, confidence });

function hline(page: GreyPage, x0: number, x1: number, y: number, slope = 0): void {
  for (let x = x0; x <= x1; x++) ink(page, x, y + (x - x0) * slope, 1);
}

function letter(page: GreyPage, signOff: (page: GreyPage) => OcrLine[]): OcrLine[] {
  return [
    printed(page, 'Sehr geehrte Damen und Herren,', 198, 900),
    printed(page, 'bitte senden Sie mir eine Bescheinigung.', 198, 980),
    printed(page, 'Mit freundlichen Grüßen', 198, 1100),
    ...signOff(page),
  ];
}

describe('a handwritten signature is decided from the page image', () => {
  it('pen strokes between the closing and the typed name are a signature, with a box', () => {
    const page = blankPage();
    const lines = letter(page, (p) => {
      penStroke(p, 210, 1160);
      return [printed(p, 'Horst Braun', 198, 1300)];
    });
    const s = detectSignature(page, lines);
    assert.equal(s.present, true, s.reason);
    assert.ok(s.confidence >= 0.6);
    assert.ok(s.box && s.box.y >= 1124 && s.box.y + s.box.height <= 1340, JSON.stringify(s.box));
  });

  it('a typed name alone is no signature', () => {
    const page = blankPage();
    const s = detectSignature(page, letter(page, (p) => [printed(p, 'Horst Braun', 198, 1300)]));
    assert.equal(s.present, false, s.reason);
  });

  it('a typed "gez. Name" is no signature', () => {
    const page = blankPage();
    const s = detectSignature(page, letter(page, (p) => [printed(p, 'gez. Horst Braun', 198, 1250)]));
    assert.equal(s.present, false, s.reason);
  });

  it('an empty "Unterschrift: ______" line is no signature', () => {
    const page = blankPage();
    const s = detectSignature(
      page,
      letter(page, (p) => {
        const label = printed(p, 'Unterschrift:', 198, 1220);
        hline(p, 360, 760, 1240);
        return [label, printed(p, 'Horst Braun', 198, 1300)];
      }),
    );
    assert.equal(s.present, false, s.reason);
  });

  it('a stamp (a skewed frame around printed lines) is no signature', () => {
    const page = blankPage();
    const s = detectSignature(
      page,
      letter(page, (p) => {
        const inside = [printed(p, 'Steuerbüro', 380, 1200), printed(p, 'Inh. Frank Schwarz', 360, 1240)];
        // Double frame, 1° of skew, touching the text below.
        for (const d of [0, 8]) {
          hline(p, 215 + d, 700 - d, 1180 + d, 0.0175);
          hline(p, 215 + d, 700 - d, 1290 - d, 0.0175);
          for (let y = 1180 + d; y <= 1290 - d; y++) {
            ink(p, 215 + d, y);
            ink(p, 700 - d, y + 8.5);
          }
        }
        return [...inside, printed(p, 'Frank Schwarz', 198, 1285)];
      }),
    );
    assert.equal(s.present, false, s.reason);
  });

  it('a signature the OCR engine misread as a tall "word" is still a signature', () => {
    const page = blankPage();
    const lines = letter(page, (p) => {
      penStroke(p, 210, 1160, 200, 110);
      const box = { x: 205, y: 1155, width: 210, height: 120 };
      return [{ text: 'VA', confidence: 74, box, words: [{ text: 'VA', confidence: 74, box }] }];
    });
    const s = detectSignature(page, lines);
    assert.equal(s.present, true, s.reason);
  });

  it('a washed-out scan (print and pen barely darker than the paper) still shows the signature', () => {
    const page = blankPage();
    const lines = letter(page, (p) => {
      penStroke(p, 210, 1160);
      return [printed(p, 'Horst Braun', 198, 1300)];
    });
    // Map 30 → 228 and 245 → 245: about a tenth of the contrast.
    for (let i = 0; i < page.data.length; i++) page.data[i] = Math.round(225 + (page.data[i]! - 30) * 0.08);
    const s = detectSignature(page, lines);
    assert.equal(s.present, true, s.reason);
  });

  it('a page without any contrast has no signature to find', () => {
    const page = blankPage();
    const lines = letter(blankPage(), () => []);
    assert.equal(detectSignature(page, lines).present, false);
  });

  describe('a letter without a closing formula, when asked to look above the typed name', () => {
    const noClosing = (page: GreyPage, signOff: (page: GreyPage) => OcrLine[]): OcrLine[] => [
      printed(page, 'Sehr geehrte Damen und Herren,', 198, 900),
      printed(page, 'bitte senden Sie mir einen neuen Ausweis.', 198, 980),
      printed(page, 'Der alte ist verloren gegangen.', 198, 1020),
      ...signOff(page),
    ];

    it('pen strokes between the last line of text and the typed name are a signature', () => {
      const page = blankPage();
      const lines = noClosing(page, (p) => {
        penStroke(p, 210, 1080);
        return [printed(p, 'Karl Engelmann', 198, 1230)];
      });
      assert.equal(detectSignature(page, lines).present, false, 'not asked: no closing formula, no signature');
      const s = detectSignature(page, lines, { withoutClosing: true });
      assert.equal(s.present, true, s.reason);
      assert.ok(s.confidence >= 0.6);
    });

    it('a typed name right under the text, without room for a pen, gives no signature', () => {
      const page = blankPage();
      const s = detectSignature(page, noClosing(page, (p) => [printed(p, 'Karl Engelmann', 198, 1080)]), { withoutClosing: true });
      assert.equal(s.present, false, s.reason);
    });

    it('with room but no ink above the typed name, there is no signature', () => {
      const page = blankPage();
      const s = detectSignature(page, noClosing(page, (p) => [printed(p, 'Karl Engelmann', 198, 1230)]), { withoutClosing: true });
      assert.equal(s.present, false, s.reason);
    });

    for (const caption of ['Stempel der Praxis', 'Ort Datum', 'Name des Versicherten']) {
      it(`ink above a printed caption "${caption}" (a stamp, a form's field) is not taken for a signature`, () => {
        const page = blankPage();
        const lines = noClosing(page, (p) => {
          penStroke(p, 210, 1080);
          return [printed(p, caption, 198, 1230)];
        });
        assert.equal(detectSignature(page, lines, { withoutClosing: true }).present, false);
      });
    }

    it('ink above a last line that is not a name (an invoice total) is not taken for a signature', () => {
      const page = blankPage();
      const lines = noClosing(page, (p) => {
        penStroke(p, 210, 1080);
        return [printed(p, 'Summe 10,72 EUR', 198, 1230)];
      });
      assert.equal(detectSignature(page, lines, { withoutClosing: true }).present, false);
    });
  });

  describe('a typed form without a closing formula, signed in the box above its "Unterschrift" label', () => {
    const form = (page: GreyPage, label: string): OcrLine[] => {
      // The signature box: a thin rectangle, as forms print it.
      hline(page, 200, 900, 1480);
      hline(page, 200, 900, 1670);
      for (let y = 1480; y <= 1670; y++) {
        ink(page, 200, y, 1);
        ink(page, 900, y, 1);
      }
      return [
        printed(page, 'Antrag auf Kostenerstattung', 198, 800, 36),
        printed(page, 'Name: Petra Lindner', 198, 940),
        printed(page, 'Versichertennummer: L159372849', 198, 1080),
        printed(page, 'Ort, Datum: Sankt Augustin, 13.06.2026', 198, 1400),
        printed(page, label, 198, 1688, 17),
      ];
    };

    it('pen strokes inside the box are a signature', () => {
      const page = blankPage();
      const lines = form(page, 'Unterschrift');
      penStroke(page, 280, 1530);
      const s = detectSignature(page, lines, { withoutClosing: true });
      assert.equal(s.present, true, s.reason);
      assert.ok(s.confidence >= 0.6, String(s.confidence));
    });

    it('an empty box is no signature', () => {
      const page = blankPage();
      const s = detectSignature(page, form(page, 'Unterschrift des Versicherten'), { withoutClosing: true });
      assert.equal(s.present, false, s.reason);
    });

    it('ink in a box above another label (the stamp field of a practice) is not taken for a signature', () => {
      const page = blankPage();
      const lines = form(page, 'Praxisstempel');
      penStroke(page, 280, 1530);
      assert.equal(detectSignature(page, lines, { withoutClosing: true }).present, false);
    });
  });

  describe('a page scanned 4.5° askew', () => {
    const slope = Math.tan((4.5 * Math.PI) / 180);
    // A line of words each printed a little lower than the one before; the line's box grows by the slope.
    const skewed = (page: GreyPage, text: string, x: number, y: number): OcrLine => {
      let cx = x;
      const words = text.split(' ').map((w) => {
        const word = printed(page, w, cx, Math.round(y + (cx - x) * slope)).words[0]!;
        cx += (w.length + 1) * 12;
        return word;
      });
      const bottom = Math.max(...words.map((w) => w.box.y + w.box.height));
      const width = cx - 12 - x;
      return { text, confidence: 95, box: { x, y, width, height: bottom - y }, words };
    };
    const askew = (page: GreyPage, typedAt: number): OcrLine[] => [
      skewed(page, 'Sehr geehrte Damen und Herren,', 198, 900),
      skewed(page, 'bitte senden Sie mir die Bescheinigung über die Befreiung.', 198, 980),
      skewed(page, 'Versichertennummer: Y520473914 und danke', 198, 1020),
      skewed(page, 'Mit freundlichen Grüßen', 198, 1100),
      skewed(page, 'Mehmet Yilmaz', 190, typedAt),
    ];

    it('a signature as tall as two lines of print is a signature, though the lines\' boxes are taller', () => {
      const page = blankPage();
      const lines = askew(page, 1260);
      penStroke(page, 215, 1165, 260, 60);
      const s = detectSignature(page, lines);
      assert.equal(s.present, true, s.reason);
    });

    it('the typed name alone is still no signature', () => {
      const page = blankPage();
      const s = detectSignature(page, askew(page, 1260));
      assert.equal(s.present, false, s.reason);
    });
  });

  it('a page without a closing formula gives no signature, with less confidence', () => {
    const page = blankPage();
    const s = detectSignature(page, [printed(page, 'Rechnung Nr. 2024-7725', 198, 360)]);
    assert.equal(s.present, false);
    assert.ok(s.confidence < 0.7);
  });
});

describe('the signature of a scanned document is chosen from its pages', () => {
  const page = (n: number, value: boolean, confidence: number) => ({
    candidate: { value, confidence, evidence: [{ source: 'letter', rule: value ? 'signature.ink' : 'signature.none', page: n }] },
    noClosing: false,
  });

  it('ink on any page of the letter makes it signed, the most confident ink is the evidence', () => {
    const best = pickSignature([page(1, false, 0.8), page(2, true, 0.7)]);
    assert.equal(best?.value, true);
    assert.equal(best?.evidence[0]?.page, 2);
  });

});
