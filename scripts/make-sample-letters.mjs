// Writes the scanned-letter samples in samples/ (invented people and numbers). Pages are drawn as
// SVG and rasterised with sharp at 200 dpi A4, the way the mailroom scanner delivers them; the
// signatures are pen-like curves. Run: node scripts/make-sample-letters.mjs
import sharp from 'sharp';

const W = 1654;
const H = 2339;
const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x, y, s, extra = '') => `<text x="${x}" y="${y}" ${extra}>${esc(s)}</text>`;
const lines = (x, y, list, step = 40, extra = '') => list.map((s, i) => text(x, y + i * step, s, extra)).join('');

function page(body, { background = '#f7f7f5' } = {}) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="${background}"/><g font-family="${FONT}" font-size="30" fill="#1d1d1d">${body}</g></svg>`;
}

const signature = (x, y, scale = 1) =>
  `<path transform="translate(${x} ${y}) scale(${scale})" d="M 0 90 C 25 -20, 45 -10, 55 80 S 80 10, 100 85 C 115 40, 150 20, 175 75 C 185 95, 200 30, 230 60 L 290 45" stroke="#1a2a6c" stroke-width="3.2" fill="none" stroke-linecap="round"/>`;

const insurer = (y = 520) => lines(200, y, ['Gesundheitskasse Nordrhein', 'Kundenservice', 'Postfach 10 12 30', '40003 Düsseldorf']);

/** The head of a DIN letter: sender block, return line, the insurer in the window, date, subject, greeting. */
const head = ({ sender = null, senderX = 200, returnLine, date, dateX = 1300, subject }) =>
  (sender ? lines(senderX, 140, sender) : '') +
  text(200, 462, returnLine, 'font-size="18"') +
  insurer() +
  text(dateX, 770, date) +
  text(200, 870, subject, 'font-weight="bold"') +
  text(200, 960, 'Sehr geehrte Damen und Herren,');

async function png(svg, file, { rotate = 0 } = {}) {
  let img = sharp(Buffer.from(svg)).greyscale();
  if (rotate) img = sharp(await img.png().toBuffer()).rotate(rotate);
  await img.png({ compressionLevel: 9, palette: true, colours: 16 }).toFile(file);
}

const letters = [
  {
    file: 'letter-01-klassisch-unterschrieben-bescheinigung.png',
    svg: page(
      head({ sender: ['Heinz Wegener', 'Lindenstraße 14', '47798 Krefeld'], returnLine: 'Heinz Wegener · Lindenstraße 14 · 47798 Krefeld', date: 'Krefeld, 3. März 2026', dateX: 1180, subject: 'Mitgliedsbescheinigung für den Arbeitgeber' }) +
        lines(200, 1040, ['zum 1. April beginne ich eine neue Stelle. Bitte senden Sie mir eine', 'Mitgliedsbescheinigung. Meine Versichertennummer lautet W482135779.']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        signature(215, 1240) +
        text(200, 1420, 'Heinz Wegener'),
    ),
  },
  {
    file: 'letter-02-rechts-gez-ohne-unterschrift.jpg',
    jpeg: true,
    svg: page(
      head({ sender: ['Monika Brandes', 'Am Weiher 5', '41836 Hückelhoven'], senderX: 1180, returnLine: 'M. Brandes · Am Weiher 5 · 41836 Hückelhoven', date: '12.02.2026', subject: 'Zuzahlungsbefreiung 2026' }) +
        lines(200, 1040, ['hiermit beantrage ich die Befreiung von Zuzahlungen.', 'Versichertennummer: M309174626']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        text(200, 1300, 'gez. Monika Brandes'),
    ),
  },
  {
    file: 'letter-03-stempel-mit-rechnung-als-anlage.tif',
    pages: [
      page(
        head({ sender: ['Bernd Hollmann', 'Kirchgasse 3', '52349 Düren'], returnLine: 'Bernd Hollmann · Kirchgasse 3 · 52349 Düren', date: '20.01.2026', subject: 'Erstattung einer Rechnung' }) +
          lines(200, 1040, ['anbei die Rechnung meiner Behandlung mit der Bitte um Erstattung.', 'Meine Versichertennummer: T620488157']) +
          text(200, 1200, 'Mit freundlichen Grüßen') +
          `<g transform="rotate(1.2 450 1320)" fill="#55557a"><rect x="215" y="1240" width="480" height="150" fill="none" stroke="#55557a" stroke-width="5"/><rect x="226" y="1251" width="458" height="128" fill="none" stroke="#55557a" stroke-width="3"/>` +
          text(330, 1300, 'Hollmann Gartenbau', 'font-weight="bold"') +
          text(300, 1345, 'Kirchgasse 3 · 52349 Düren', 'font-size="24"') +
          `</g>` +
          text(200, 1440, 'Bernd Hollmann'),
      ),
      page(
        lines(200, 140, ['Dr. med. Ulrike Sanders', 'Praxis für Allgemeinmedizin', 'Marktplatz 9 - 52064 Aachen']) +
          text(200, 330, 'Rechnung Nr. 2026-0113', 'font-weight="bold"') +
          lines(200, 420, ['Patient: Bernd Hollmann', 'Behandlung am 08.01.2026', 'GOÄ 1 Beratung 10,72 €', 'Bitte überweisen Sie den Betrag innerhalb von 30 Tagen.']),
      ),
    ],
  },
  {
    file: 'letter-04-kopfzeile-umzug-unterschrieben.png',
    svg: page(
      text(700, 110, 'Elke Thiessen', 'font-size="34"') +
        text(380, 160, 'Brunnenweg 12 · 41061 Mönchengladbach · Tel. 02161 123456', 'font-size="24"') +
        head({ returnLine: 'Elke Thiessen · Brunnenweg 12 · 41061 Mönchengladbach', date: 'Mönchengladbach, 2. März 2026', dateX: 1000, subject: 'Neue Anschrift' }) +
        lines(200, 1040, ['ab dem 1. April 2026 wohne ich in der Feldstraße 8, 41460 Neuss.', 'Bitte ändern Sie meine Anschrift. Versichertennummer: E715302649']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        signature(215, 1240, 1.1) +
        text(200, 1430, 'Elke Thiessen'),
    ),
  },
  {
    file: 'letter-05-kopfueber-eingescannt.png',
    rotate: 180,
    svg: page(
      head({ sender: ['Jonas Albers', 'Rheinufer 21', '47051 Duisburg'], returnLine: 'Jonas Albers · Rheinufer 21 · 47051 Duisburg', date: '05.03.2026', subject: 'Antrag auf Kostenübernahme' }) +
        lines(200, 1040, ['ich bitte um Übernahme der Kosten für eine Einlagenversorgung.', 'Meine Versichertennummer: N258610939']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        signature(215, 1240, 0.9) +
        text(200, 1410, 'Jonas Albers'),
    ),
  },
  { file: 'letter-06-leere-seite.png', svg: page('') },
  {
    file: 'letter-07-unterschriftslinie-leer.png',
    svg: page(
      head({ sender: ['Heinz Wegener', 'Lindenstraße 14', '47798 Krefeld'], returnLine: 'Heinz Wegener · Lindenstraße 14 · 47798 Krefeld', date: '10.03.2026', subject: 'Bonusprogramm' }) +
        lines(200, 1040, ['anbei mein Bonusheft. Meine Versichertennummer: W482135779']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        text(200, 1300, 'Unterschrift:') +
        `<line x1="420" y1="1302" x2="820" y2="1302" stroke="#1d1d1d" stroke-width="2"/>` +
        text(200, 1380, 'Heinz Wegener'),
    ),
  },
];

// A second page that continues the letter: the number stands only there, above the closing.
letters.push({
  file: 'letter-11-zwei-seiten-nummer-auf-seite-2.tif',
  pages: [
    page(
      head({ sender: ['Gisela Brockmann', 'Talstraße 40', '42103 Wuppertal'], senderX: 1180, returnLine: 'G. Brockmann · Talstraße 40 · 42103 Wuppertal', date: '16.03.2026', subject: 'Widerspruch gegen den Bescheid vom 2. März' }) +
        lines(200, 1040, [
          'gegen Ihren Bescheid über die Ablehnung der Haushaltshilfe lege ich',
          'Widerspruch ein. Nach meiner Operation kann ich den Haushalt für',
          'mindestens sechs Wochen nicht selbst führen; die Bescheinigung meines',
          'Hausarztes lege ich bei.',
        ]),
    ),
    page(
      lines(200, 200, ['Ich bitte Sie, den Bescheid zu überprüfen.', 'Meine Versichertennummer lautet G418723053.']) +
        text(200, 360, 'Mit freundlichen Grüßen') +
        signature(215, 400, 1.05) +
        text(200, 580, 'Gisela Brockmann'),
    ),
  ],
});

for (const l of letters) {
  const target = `samples/${l.file}`;
  if (l.pages) {
    const rasters = await Promise.all(l.pages.map((svg) => sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true })));
    const joined = Buffer.concat(rasters.map((r) => r.data));
    await sharp(joined, { raw: { width: W, height: H * rasters.length, channels: 1, pageHeight: H } })
      .tiff({ compression: 'lzw', pageHeight: H })
      .toFile(target);
  } else if (l.jpeg) {
    await sharp(Buffer.from(l.svg)).greyscale().jpeg({ quality: 70 }).toFile(target);
  } else {
    await png(l.svg, target, { rotate: l.rotate ?? 0 });
  }
  console.log(target);
}

// A PDF with a text layer (as a letter typed and printed to PDF, then signed on a tablet): written
// by hand in PDF syntax with the standard Helvetica font; the signature is a vector path.
function pdfString(s) {
  // WinAnsiEncoding: umlauts and ß as octal escapes.
  const map = { ä: '\\344', ö: '\\366', ü: '\\374', Ä: '\\304', Ö: '\\326', Ü: '\\334', ß: '\\337', '·': '\\267', '€': '\\200' };
  return [...s].map((c) => map[c] ?? (c === '(' || c === ')' || c === '\\' ? `\\${c}` : c)).join('');
}

function pdfPage(items, drawings = '') {
  // A4 in points; y from the top for convenience.
  const text = items.map(([x, y, size, s]) => `BT /F1 ${size} Tf ${x} ${842 - y} Td (${pdfString(s)}) Tj ET`).join('\n');
  return `${text}\n${drawings}`;
}

function writePdf(pages) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids = pages.map((content) => {
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    return add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`);
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = Buffer.byteLength(out, 'latin1');
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const pen = '0.1 0.15 0.45 RG 1.2 w 75 376 m 85 424 95 422 100 380 c 108 410 118 417 125 383 c 132 405 150 413 160 385 c 190 393 l S';
const pdf = writePdf([
  pdfPage(
    [
      [72, 60, 11, 'Karin Osterkamp'],
      [72, 74, 11, 'Weidenweg 19'],
      [72, 88, 11, '46045 Oberhausen'],
      [72, 165, 7, 'Karin Osterkamp · Weidenweg 19 · 46045 Oberhausen'],
      [72, 185, 11, 'Gesundheitskasse Nordrhein'],
      [72, 199, 11, 'Kundenservice'],
      [72, 213, 11, 'Postfach 10 12 30'],
      [72, 227, 11, '40003 Düsseldorf'],
      [450, 280, 11, '09.03.2026'],
      [72, 315, 11, 'Fahrtkosten zur Dialyse'],
      [72, 345, 11, 'Sehr geehrte Damen und Herren,'],
      [72, 370, 11, 'anbei die Verordnung meiner Ärztin. Bitte erstatten Sie die Fahrtkosten.'],
      [72, 384, 11, 'Meine Versichertennummer: P731640284'],
      [72, 410, 11, 'Mit freundlichen Grüßen'],
      [72, 480, 11, 'Karin Osterkamp'],
    ],
    pen,
  ),
  pdfPage([
    [72, 60, 11, 'Dr. med. Petra Lorenz'],
    [72, 74, 11, 'Nephrologische Praxis'],
    [72, 88, 11, 'Ruhrstraße 2 - 45127 Essen'],
    [72, 130, 13, 'Verordnung einer Krankenbeförderung'],
    [72, 160, 11, 'Patientin: Karin Osterkamp'],
    [72, 174, 11, 'Dialyse dreimal wöchentlich, Hin- und Rückfahrt.'],
  ]),
]);
const { writeFile } = await import('node:fs/promises');
await writeFile('samples/letter-08-pdf-textebene-mit-verordnung.pdf', pdf);
console.log('samples/letter-08-pdf-textebene-mit-verordnung.pdf');

// Damaged scans, made from the first sample: a page destroyed by noise (nothing may be invented
// from it) and a washed-out, faint scan (text and signature still readable).
{
  const { data, info } = await sharp('samples/letter-01-klassisch-unterschrieben-bescheinigung.png').greyscale().raw().toBuffer({ resolveWithObject: true });
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const noisy = Buffer.from(data);
  for (let i = 0; i < noisy.length; i++) {
    const r = rnd();
    if (r < 0.35) noisy[i] = 20;
    else if (r < 0.5) noisy[i] = 250;
  }
  await sharp(noisy, { raw: { width: info.width, height: info.height, channels: 1 } }).blur(2.5).jpeg({ quality: 40 }).toFile('samples/letter-09-zerstoerte-seite.jpg');
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).linear(0.08, 225).png({ palette: true, colours: 16 }).toFile('samples/letter-10-blass-gescannt.png');
  console.log('samples/letter-09-zerstoerte-seite.jpg\nsamples/letter-10-blass-gescannt.png');
}
