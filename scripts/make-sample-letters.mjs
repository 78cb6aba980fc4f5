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

async function png(svg, file, { rotate = 0 } = {}) {
  let img = sharp(Buffer.from(svg)).greyscale();
  if (rotate) img = sharp(await img.png().toBuffer()).rotate(rotate);
  await img.png({ compressionLevel: 9, palette: true, colours: 16 }).toFile(file);
}

const letters = [
  {
    file: 'letter-01-klassisch-unterschrieben-bescheinigung.png',
    svg: page(
      lines(200, 140, ['Heinz Wegener', 'Lindenstraße 14', '47798 Krefeld']) +
        text(200, 462, 'Heinz Wegener · Lindenstraße 14 · 47798 Krefeld', 'font-size="18"') +
        insurer() +
        text(1180, 770, 'Krefeld, 3. März 2026') +
        text(200, 870, 'Mitgliedsbescheinigung für den Arbeitgeber', 'font-weight="bold"') +
        text(200, 960, 'Sehr geehrte Damen und Herren,') +
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
      lines(1180, 140, ['Monika Brandes', 'Am Weiher 5', '41836 Hückelhoven']) +
        text(200, 462, 'M. Brandes · Am Weiher 5 · 41836 Hückelhoven', 'font-size="18"') +
        insurer() +
        text(1300, 770, '12.02.2026') +
        text(200, 870, 'Zuzahlungsbefreiung 2026', 'font-weight="bold"') +
        text(200, 960, 'Sehr geehrte Damen und Herren,') +
        lines(200, 1040, ['hiermit beantrage ich die Befreiung von Zuzahlungen.', 'Versichertennummer: M309174626']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        text(200, 1300, 'gez. Monika Brandes'),
    ),
  },
  {
    file: 'letter-03-stempel-mit-rechnung-als-anlage.tif',
    pages: [
      page(
        lines(200, 140, ['Bernd Hollmann', 'Kirchgasse 3', '52349 Düren']) +
          text(200, 462, 'Bernd Hollmann · Kirchgasse 3 · 52349 Düren', 'font-size="18"') +
          insurer() +
          text(1300, 770, '20.01.2026') +
          text(200, 870, 'Erstattung einer Rechnung', 'font-weight="bold"') +
          text(200, 960, 'Sehr geehrte Damen und Herren,') +
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
        text(200, 462, 'Elke Thiessen · Brunnenweg 12 · 41061 Mönchengladbach', 'font-size="18"') +
        insurer() +
        text(1000, 770, 'Mönchengladbach, 2. März 2026') +
        text(200, 870, 'Neue Anschrift', 'font-weight="bold"') +
        text(200, 960, 'Sehr geehrte Damen und Herren,') +
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
      lines(200, 140, ['Jonas Albers', 'Rheinufer 21', '47051 Duisburg']) +
        text(200, 462, 'Jonas Albers · Rheinufer 21 · 47051 Duisburg', 'font-size="18"') +
        insurer() +
        text(1300, 770, '05.03.2026') +
        text(200, 870, 'Antrag auf Kostenübernahme', 'font-weight="bold"') +
        text(200, 960, 'Sehr geehrte Damen und Herren,') +
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
      lines(200, 140, ['Heinz Wegener', 'Lindenstraße 14', '47798 Krefeld']) +
        text(200, 462, 'Heinz Wegener · Lindenstraße 14 · 47798 Krefeld', 'font-size="18"') +
        insurer() +
        text(1300, 770, '10.03.2026') +
        text(200, 870, 'Bonusprogramm', 'font-weight="bold"') +
        text(200, 960, 'Sehr geehrte Damen und Herren,') +
        lines(200, 1040, ['anbei mein Bonusheft. Meine Versichertennummer: W482135779']) +
        text(200, 1200, 'Mit freundlichen Grüßen') +
        text(200, 1300, 'Unterschrift:') +
        `<line x1="420" y1="1302" x2="820" y2="1302" stroke="#1d1d1d" stroke-width="2"/>` +
        text(200, 1380, 'Heinz Wegener'),
    ),
  },
];

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
