import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import sharp from 'sharp';
import { encodable, renderReplyPdf } from '../../../src/outbox/post-pdf.js';
import { buildReplyLetter, type ReplyLetter } from '../../../src/outbox/reply-letter.js';
import { decided } from './outbox-fixtures.js';

const INTAKE_ID = '3f1c9a52-7d41-4b8e-9c2a-0e5b6d7f8a91';
const mm = (v: number) => (v * 72) / 25.4;

function letterFor(name: string, city = 'Köln'): ReplyLetter {
  return buildReplyLetter({
    result: decided({ reply: { channel: 'post', address: { name, street: 'Königstraße 12', postalCode: '50667', city } } }),
    intakeId: INTAKE_ID,
    receivedAt: new Date('2026-03-03T10:00:00Z'),
    now: new Date('2026-03-05T09:00:00Z'),
    insurer: { names: ['Gesundheitskasse Nordrhein'], addresses: [] },
  });
}

/** The text layer of every page (pdf.js through pdf-parse). */
async function readBack(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.total };
  } finally {
    await parser.destroy();
  }
}

/** Page 1 rendered at 4 px per mm, as greyscale pixels: where the ink is. */
async function inkOf(pdf: Buffer): Promise<{ dark(xMm: number, yMm: number): boolean }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const shot = await parser.getScreenshot({ desiredWidth: 840, first: 1, imageBuffer: true });
    const { data, info } = await sharp(Buffer.from(shot.pages[0]!.data)).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
    const px = info.width / 210;
    return { dark: (x, y) => data[Math.round(y * px) * info.width + Math.round(x * px)]! < 128 };
  } finally {
    await parser.destroy();
  }
}

/** The ink's bounding box inside a rectangle (mm), scanned every 0.25 mm. */
function inkBox(ink: { dark(x: number, y: number): boolean }, area: { left: number; top: number; right: number; bottom: number }) {
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let y = area.top; y < area.bottom; y += 0.25) {
    for (let x = area.left; x < area.right; x += 0.25) {
      if (!ink.dark(x, y)) continue;
      box = box ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x), bottom: Math.max(box.bottom, y) } : { left: x, top: y, right: x, bottom: y };
    }
  }
  return box;
}

describe('post reply as PDF', () => {
  it('renders the cover letter as one A4 page that pdf-lib loads again', async () => {
    const pdf = await renderReplyPdf(letterFor('Jürgen Müßig'), { now: new Date('2026-03-05T09:00:00Z') });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const doc = await PDFDocument.load(pdf);
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.ok(Math.abs(width - mm(210)) < 0.5 && Math.abs(height - mm(297)) < 0.5, 'A4');
    assert.equal(doc.getTitle(), 'Eingangsbestätigung');
  });

  it('keeps umlauts and ß in the text layer, so the letter reads as written', async () => {
    const { text } = await readBack(await renderReplyPdf(letterFor('Jürgen Müßig-Özdemir')));
    assert.match(text, /Jürgen Müßig-Özdemir\nKönigstraße 12\n50667 Köln/);
    assert.match(text, /Eingangsbestätigung: Ihr Schreiben vom 03\.03\.2026/);
    assert.match(text, new RegExp(`Aktenzeichen: ${INTAKE_ID}`));
    assert.match(text, /Mit freundlichen Grüßen/);
  });

  it('puts the address in the DIN 5008 window: text from 25 mm, in the field 45 to 90 mm from the top, return line above the address', async () => {
    const ink = await inkOf(await renderReplyPdf(letterFor('Jürgen Müßig')));
    // The window of a DL envelope: 20 to 105 mm from the left, 45 to 90 mm from the top.
    const window = inkBox(ink, { left: 0, top: 40, right: 120, bottom: 95 });
    assert.ok(window, 'ink in the window');
    assert.ok(window.left >= 24 && window.left <= 26, `text starts ${window.left} mm from the left`);
    assert.ok(window.top >= 45 && window.bottom <= 90, `text from ${window.top} to ${window.bottom} mm from the top`);
    // The note zone (45 to 62.7 mm) holds the return line only, the address zone below the address.
    const note = inkBox(ink, { left: 20, top: 45, right: 105, bottom: 62.5 });
    const address = inkBox(ink, { left: 20, top: 62.7, right: 105, bottom: 90 });
    assert.ok(note && note.bottom - note.top < 3, 'one small return line in the note zone');
    assert.ok(address && address.bottom - address.top > 10, 'three address lines below it');
    // Nothing else crosses the window's frame.
    assert.equal(inkBox(ink, { left: 0, top: 45, right: 19.5, bottom: 90 }), null);
  });

  it('replaces characters the standard fonts cannot print instead of failing the reply', async () => {
    const pdf = await renderReplyPdf(letterFor('Łukasz Ősz 王秀英 🙂', 'Zürich\u2212Ost'));
    const { text } = await readBack(pdf);
    assert.match(text, /Lukasz Osz \?\?\? \?/);
    assert.match(text, /50667 Zürich-Ost/);
  });

  it('maps each unprintable character to its base letter, a stand-in or a question mark', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    assert.equal(encodable('äöüÄÖÜß €–„“', font), 'äöüÄÖÜß €–„“');
    assert.equal(encodable('Dvořák Łódź', font), 'Dvorák Lódz');
    assert.equal(encodable('ẞ\u00a0\t日', font), 'SS\u00a0 ?');
  });

  it('flows a long letter onto a second page instead of writing past the margin', async () => {
    const letter = letterFor('Jürgen Müßig');
    const long = { ...letter, paragraphs: Array.from({ length: 12 }, () => letter.paragraphs[0]!) };
    const { pages } = await readBack(await renderReplyPdf(long));
    assert.equal(pages, 2);
  });

  it('keeps names out of the document metadata', async () => {
    const doc = await PDFDocument.load(await renderReplyPdf(letterFor('Jürgen Müßig')));
    const meta = [doc.getTitle(), doc.getAuthor(), doc.getSubject(), doc.getKeywords(), doc.getCreator(), doc.getProducer()].join(' ');
    assert.ok(!meta.includes('Müßig'));
  });
});
