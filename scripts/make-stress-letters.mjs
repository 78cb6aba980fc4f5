// Writes a labelled stress corpus of scanned letters (invented people and numbers) with layouts,
// wording and noise the dev corpus does not show: right-aligned, letterhead-only and footer-only
// senders, missing return lines, other date formats and number labels, spaced numbers, numbers on
// page 2 or in the subject, other closings, signatures of other shapes, sizes and inks, stamps,
// "gez.", empty signature lines, titles, double names, "von", carers, company letterheads, c/o,
// Postfach, "12a" and "12-14", and scan noise (skew, speckle, low contrast, JPEG, 1-bit fax TIFF).
//
// Beside the letters it writes truth.jsonl (the contract's result shape, as the dev corpus) and
// members.csv, so that the scorer can run on the folder:
//
//   node scripts/make-stress-letters.mjs [/tmp/stress-letters]
//   node /work/shared/tools/score.mjs --corpus /tmp/stress-letters
//
// `--set 2` writes a second, separate set (37 letters, see "set 2" below) to /tmp/stress-letters-2:
//
//   node scripts/make-stress-letters.mjs --set 2 [/tmp/stress-letters-2]
//   node /work/shared/tools/score.mjs --corpus /tmp/stress-letters-2
//
// `--set 3` writes a third set (mailroom situations and wording, see "set 3" below) to
// /tmp/stress-letters-3:
//
//   node scripts/make-stress-letters.mjs --set 3 [/tmp/stress-letters-3]
//   node /work/shared/tools/score.mjs --corpus /tmp/stress-letters-3
//
// Pages are SVG rasterised with sharp at 200 dpi A4, like scripts/make-sample-letters.mjs.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';

// `--set 2` writes the second set (variations the first set does not have) to its own folder.
const argv = process.argv.slice(2);
const setAt = argv.indexOf('--set');
const SET = setAt >= 0 ? Number(argv.splice(setAt, 2)[1]) : 1;
if (SET !== 1 && SET !== 2 && SET !== 3) throw new Error('--set must be 1, 2 or 3');
const OUT = path.resolve(argv[0] ?? (SET === 3 ? '/tmp/stress-letters-3' : SET === 2 ? '/tmp/stress-letters-2' : '/tmp/stress-letters'));
const W = 1654;
const H = 2339;
const SANS = 'DejaVu Sans, Liberation Sans, sans-serif';
const SERIF = 'Liberation Serif, DejaVu Serif, serif';

// ------------------------------------------------------------------------------------ numbers
/** The check digit of a KVNR: letter as two digits (A=01 … Z=26), weights 1,2,1,2,… with digit sums. */
function checkDigit(letter, eight) {
  const n = letter.charCodeAt(0) - 64;
  const digits = [Math.floor(n / 10), n % 10, ...eight.split('').map(Number)];
  let sum = 0;
  digits.forEach((d, i) => {
    const p = d * (i % 2 === 0 ? 1 : 2);
    sum += p > 9 ? p - 9 : p;
  });
  return sum % 10;
}
const kvnr = (letter, eight) => `${letter}${eight}${checkDigit(letter, eight)}`;
/** The same number with a wrong check digit (a typo the check catches). */
const badKvnr = (letter, eight) => `${letter}${eight}${(checkDigit(letter, eight) + 3) % 10}`;
const isValid = (n) => /^[A-Z]\d{9}$/.test(n) && checkDigit(n[0], n.slice(1, 9)) === Number(n[9]);
const spaced = (n) => `${n[0]} ${n.slice(1, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;

// ------------------------------------------------------------------------------------ drawing
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x, y, s, extra = '') => `<text x="${x}" y="${y}" ${extra}>${esc(s)}</text>`;
const lines = (x, y, list, step = 40, extra = '') => list.map((s, i) => text(x, y + i * step, s, extra)).join('');
const right = (x, y, list, step = 40, extra = '') => lines(x, y, list, step, `text-anchor="end" ${extra}`);

function svgPage(body, { font = SANS, size = 30, background = '#f7f7f5' } = {}) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="${background}"/><g font-family="${font}" font-size="${size}" fill="#1d1d1d">${body}</g></svg>`;
}

/** Pen strokes of a few shapes: all are curves that rise and fall, as handwriting does. */
const PEN = {
  loop: 'M 0 90 C 25 -20, 45 -10, 55 80 S 80 10, 100 85 C 115 40, 150 20, 175 75 C 185 95, 200 30, 230 60 L 290 45',
  tall: 'M 0 120 C 10 -40, 40 -40, 35 110 C 30 150, 70 40, 90 60 C 110 80, 95 130, 130 90 C 160 50, 170 140, 200 70 C 215 40, 240 100, 260 80',
  initials: 'M 0 70 C 10 0, 30 0, 25 70 C 22 95, 50 20, 60 40 M 70 75 C 80 10, 95 10, 100 60 C 104 90, 120 50, 135 45',
  flat: 'M 0 60 C 20 -10, 45 80, 70 30 C 90 -5, 115 75, 140 25 C 165 -10, 190 70, 225 20 C 255 -15, 290 60, 340 15 M 10 80 L 330 70',
  hook: 'M 0 30 C 40 100, 60 -10, 80 50 C 95 95, 110 0, 140 45 C 160 80, 185 10, 205 55 C 215 75, 240 70, 260 20',
};
const pen = (x, y, { shape = 'loop', scale = 1, colour = '#1a2a6c', width = 3.2 } = {}) =>
  `<path transform="translate(${x} ${y}) scale(${scale})" d="${PEN[shape]}" stroke="${colour}" stroke-width="${width / scale}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;

/** A rubber stamp: double frame and two lines of lettering, slightly turned. */
const stamp = (x, y, title, sub, colour = '#55557a') =>
  `<g transform="rotate(-1.5 ${x + 240} ${y + 75})" fill="${colour}"><rect x="${x}" y="${y}" width="500" height="150" fill="none" stroke="${colour}" stroke-width="5"/><rect x="${x + 11}" y="${y + 11}" width="478" height="128" fill="none" stroke="${colour}" stroke-width="3"/>` +
  text(x + 40, y + 62, title, 'font-weight="bold"') +
  text(x + 40, y + 108, sub, 'font-size="24"') +
  `</g>`;

const INSURER = ['Gesundheitskasse Nordrhein', 'Kundenservice', 'Postfach 10 12 30', '40003 Düsseldorf'];

/**
 * One letter page. Every part is optional, so layouts can leave out what real letters leave out.
 * `sign` draws the pen relative to the room under the closing; `typed` are the lines under it.
 */
function letterPage(o) {
  let s = '';
  const step = o.step ?? 40;
  if (o.senderLeft) s += lines(200, 140, o.senderLeft, step);
  if (o.senderRight) s += right(1450, 140, o.senderRight, step);
  if (o.letterhead) s += o.letterhead;
  if (o.returnLine) s += text(200, 462, o.returnLine, 'font-size="18"') + `<line x1="200" y1="470" x2="${200 + o.returnLine.length * 9.6}" y2="470" stroke="#1d1d1d" stroke-width="1"/>`;
  s += lines(200, 520, o.recipient ?? INSURER, step);
  if (o.infoBlock) s += lines(1080, 520, o.infoBlock, 34, 'font-size="24"');
  if (o.date) s += o.dateLeft ? text(200, 770, o.date) : right(1450, 770, [o.date]);
  let y = 870;
  for (const sub of [].concat(o.subject ?? [])) {
    s += text(200, y, sub, 'font-weight="bold"');
    y += 42;
  }
  y += 48;
  s += text(200, y, o.greeting ?? 'Sehr geehrte Damen und Herren,');
  y += 80;
  for (const para of o.body ?? []) {
    s += lines(200, y, para, step);
    y += para.length * step + 30;
  }
  y += 20;
  if (o.closing) {
    s += text(200, y, o.closing);
    y += step;
  }
  const room = o.room ?? 170;
  if (o.sign) s += o.sign(y);
  y += room;
  if (o.typed) s += lines(200, y, o.typed, step);
  if (o.after) s += o.after(y + (o.typed?.length ?? 0) * step + step);
  if (o.footer) s += o.footer;
  if (o.extra) s += o.extra;
  return svgPage(s, { font: o.font, size: o.size, ...(o.paper ? { background: o.paper } : {}) });
}

const footerLine = (parts) =>
  `<line x1="200" y1="2170" x2="1450" y2="2170" stroke="#777" stroke-width="1"/>` + text(825, 2210, parts.join(' · '), 'font-size="22" text-anchor="middle"');

// ------------------------------------------------------------------------------------ raster & noise
let seed = 4711;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

async function raster(svg, noise = {}) {
  let img = sharp(Buffer.from(svg)).greyscale();
  let buf = await img.png().toBuffer();
  if (noise.rotate) buf = await sharp(buf).rotate(noise.rotate, { background: '#f5f5f3' }).greyscale().png().toBuffer();
  let { data, info } = await sharp(buf).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (noise.rotate) {
    // sharp grows the canvas of a turned page: crop it back to A4 around the centre, as a scanner does.
    const left = Math.floor((info.width - W) / 2);
    const top = Math.floor((info.height - H) / 2);
    if (noise.crop && left > 0 && top > 0) ({ data, info } = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } }).extract({ left, top, width: W, height: H }).raw().toBuffer({ resolveWithObject: true }));
  }
  data = Buffer.from(data);
  if (noise.contrast) {
    // Washed out: print pulled towards the paper.
    for (let i = 0; i < data.length; i++) data[i] = Math.round(255 - (255 - data[i]) * noise.contrast);
  }
  if (noise.grey) for (let i = 0; i < data.length; i++) data[i] = Math.min(data[i], noise.grey);
  if (noise.speckle) {
    const n = Math.round(info.width * info.height * noise.speckle);
    for (let k = 0; k < n; k++) {
      const x = Math.floor(rnd() * info.width);
      const y = Math.floor(rnd() * info.height);
      const r = rnd() < 0.8 ? 0 : 1;
      for (let dy = 0; dy <= r; dy++) for (let dx = 0; dx <= r; dx++) {
        const p = (y + dy) * info.width + x + dx;
        if (p < data.length) data[p] = 40 + Math.floor(rnd() * 60);
      }
    }
  }
  if (noise.shadow) {
    // The scanner lid left open a little: dark bands fading in from the page's left and right edges.
    const band = noise.shadow;
    for (let y = 0; y < info.height; y++) for (let x = 0; x < band; x++) {
      const level = Math.round(35 + (220 * x) / band);
      for (const xx of [x, info.width - 1 - x]) {
        const p = y * info.width + xx;
        data[p] = Math.min(data[p], level);
      }
    }
  }
  if (noise.scale || noise.dpi) {
    // A page scanned smaller than A4 (scaled by the scanner) on a grey platen, and/or another resolution.
    let img = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } });
    if (noise.scale) {
      const w = Math.round(info.width * noise.scale);
      const h = Math.round(info.height * noise.scale);
      const scaled = await img.resize(w, h).greyscale().raw().toBuffer({ resolveWithObject: true });
      img = sharp(scaled.data, { raw: { width: scaled.info.width, height: scaled.info.height, channels: scaled.info.channels } }).extend({ top: 40, left: 60, bottom: info.height - h - 40, right: info.width - w - 60, background: { r: 170, g: 170, b: 170 } });
    }
    if (noise.dpi) img = sharp(await img.png().toBuffer()).resize(Math.round((W * noise.dpi) / 200), Math.round((H * noise.dpi) / 200));
    const out = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
    data = out.data;
    info = out.info;
  }
  return { data, info };
}

async function writeScan(file, pages, noise = {}) {
  if (noise.colour) {
    // A colour scan (coloured paper, blue ink): written as the scanner's RGB JPEG or PNG, no other noise.
    if (pages.length !== 1) throw new Error(`${file}: colour scans are one page`);
    const img = sharp(Buffer.from(pages[0])).flatten({ background: '#ffffff' });
    const target = path.join(OUT, file);
    if (file.endsWith('.jpg')) await img.jpeg({ quality: noise.jpegQuality ?? 80 }).toFile(target);
    else await img.png().toFile(target);
    return;
  }
  const rasters = [];
  for (const svg of pages) rasters.push(await raster(svg, noise));
  const target = path.join(OUT, file);
  const ext = path.extname(file);
  const one = (r) => sharp(r.data, { raw: { width: r.info.width, height: r.info.height, channels: 1 } });
  if (ext === '.png') await one(rasters[0]).png({ compressionLevel: 9 }).toFile(target);
  else if (ext === '.jpg') await one(rasters[0]).jpeg({ quality: noise.jpegQuality ?? 75 }).toFile(target);
  else if (ext === '.tif') {
    const w = rasters[0].info.width;
    const h = rasters[0].info.height;
    if (rasters.some((r) => r.info.width !== w || r.info.height !== h)) throw new Error(`${file}: pages differ in size`);
    const joined = Buffer.concat(rasters.map((r) => r.data));
    let img = sharp(joined, { raw: { width: w, height: h * rasters.length, channels: 1, pageHeight: h } });
    if (noise.fax) {
      // A fax: 1 bit per pixel, CCITT G4.
      img = img.threshold(noise.fax).toColourspace('b-w');
      await img.tiff({ compression: 'ccittfax4', bitdepth: 1, pageHeight: h, xres: 7.87, yres: 7.87 }).toFile(target);
    } else await img.tiff({ compression: 'lzw', pageHeight: h }).toFile(target);
  } else if (ext === '.pdf') {
    const doc = await PDFDocument.create();
    for (const r of rasters) {
      const png = await one(r).png().toBuffer();
      const im = await doc.embedPng(png);
      const p = doc.addPage([595.28, 841.89]);
      p.drawImage(im, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    await writeFile(target, await doc.save());
  } else throw new Error(`unknown ending ${ext}`);
}

// ------------------------------------------------------------------------------------ registry
const members = [];
const register = (m) => members.push({ portal: false, ...m });
// Members no letter speaks of: the registry is never just the letters' senders.
register({ number: kvnr('D', '20481736'), first: 'Dieter', last: 'Kranz', street: 'Bahnhofstraße 2', plz: '50667', city: 'Köln' });
register({ number: kvnr('R', '55120873'), first: 'Renate', last: 'Vogt', street: 'Am Anger 9', plz: '53111', city: 'Bonn' });
register({ number: kvnr('M', '77310452'), first: 'Marion', last: 'Weiß', street: 'Lindenallee 4', plz: '45127', city: 'Essen' });

// ------------------------------------------------------------------------------------ truth
const normSt = (s) => (s ?? '').toLowerCase().replace(/ß/g, 'ss').replace(/strasse|str\.|str\b/g, 'str').replace(/[\s.\-]/g, '');
const sameAddr = (a, m) => !!a && !!m && a.postalCode === m.plz && normSt(a.street) === normSt(m.street) && a.city.toLowerCase() === m.city.toLowerCase();

/**
 * The expected contract result of a letter, from what is written on it and who is registered.
 * `status` is stated by the case (so a bug in the product's name matching cannot leak into the truth).
 */
function truthFor(c) {
  const valid = c.number === null ? null : isValid(c.number);
  const member = c.member ?? null;
  const flags = new Set();
  if (c.name === null) flags.add('missing-name');
  if (!c.address || !c.address.street || !c.address.postalCode || !c.address.city) flags.add('missing-address');
  if (c.number === null) flags.add('missing-insurance-number');
  else if (!valid) flags.add('invalid-insurance-number');
  if (!c.signature) flags.add('missing-signature');
  if (c.status === 'not-found') flags.add('member-not-found');
  if (c.status === 'mismatch') flags.add('member-mismatch');
  if (c.addressChange) flags.add('address-change-request');
  if (c.representative) flags.add('representative');
  if (c.unreadable) flags.add('unreadable');
  const authenticated = c.status === 'matched' && sameAddr(c.address, member) && c.signature;
  let reply = 'none';
  if (c.status === 'matched') reply = member.portal ? 'portal' : 'post';
  else if (!flags.has('missing-address')) reply = 'post';
  if (reply === 'none') flags.add('no-secure-reply-route');
  const needsReview = [...flags].some((f) => f !== 'address-change-request');
  const t = {
    file: c.file,
    channel: 'letter',
    channelSecurity: 'secure',
    sender: { name: c.name, address: c.address, insuranceNumber: c.number, insuranceNumberValid: valid },
    signaturePresent: c.signature,
    member: { status: c.status, insuranceNumber: c.status === 'not-found' ? null : member.number },
    authenticated,
    reply: { channel: reply },
    flags: [...flags].sort(),
    needsReview,
    _tags: ['channel:letter', ...c.tags],
  };
  if (c.representative) {
    // As in the dev corpus: who the writer is (carer or member) is for the case worker to settle.
    t.sender = { insuranceNumber: c.number, insuranceNumberValid: valid };
    delete t.member;
    delete t.reply;
    t.flags = t.flags.filter((f) => !['member-mismatch', 'member-not-found', 'no-secure-reply-route'].includes(f));
    t._flagsOptional = ['member-mismatch', 'member-not-found', 'no-secure-reply-route'];
  }
  return t;
}

// ------------------------------------------------------------------------------------ the letters
const cases = [];
/** A person: registered (or not) and the letter's expected reading. */
function person(first, last, street, plz, city, letter, eight, { portal = false, registered = true, title = '' } = {}) {
  const number = kvnr(letter, eight);
  const m = { number, first, last, street, plz, city, portal };
  if (registered) register(m);
  const full = `${first} ${last}`;
  return { m, number, full, titled: title ? `${title} ${full}` : full, address: { street, postalCode: plz, city }, street, plz, city, place: `${plz} ${city}` };
}
const body = (...paras) => paras;

// 1. Classic left block with return line; short date; "Versicherten-Nr."; "Viele Grüße"; blue loop.
{
  const p = person('Jürgen', 'Weiß', 'Gartenstraße 7', '50733', 'Köln', 'W', '31852047');
  cases.push({
    file: 'stress-01-klassisch-viele-gruesse.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: 'Köln, 3.3.26',
      subject: 'Bitte um Mitgliedsbescheinigung',
      body: body(['ich benötige für meinen neuen Arbeitgeber eine Mitgliedsbescheinigung.', `Versicherten-Nr.: ${p.number}`]),
      closing: 'Viele Grüße', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['layout:classic', 'date:short', 'label:versicherten-nr', 'closing:viele-gruesse', 'sig:loop'],
  });
}
// 2. Right-aligned sender block, no return line, spelled-out date, "Vers.-Nr." with spaces, JPEG.
{
  const p = person('Sabine', 'Kowalski', 'Am Mühlenbach 23', '42103', 'Wuppertal', 'K', '40918265', { portal: true });
  cases.push({
    file: 'stress-02-rechts-ohne-ruecksendezeile.jpg',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: '03. März 2026', subject: 'Zuzahlungsbefreiung',
      body: body(['hiermit beantrage ich die Befreiung von den Zuzahlungen für 2026.', `Vers.-Nr. ${spaced(p.number)}`, 'Die Belege lege ich bei.']),
      closing: 'Mit freundlichem Gruß', sign: (y) => pen(215, y + 10, { shape: 'hook', colour: '#111111' }), typed: [p.full],
    })],
    noise: { jpegQuality: 60 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['layout:right', 'returnline:none', 'date:spelled', 'label:vers-nr', 'number:spaced', 'closing:gruss', 'format:jpg'],
  });
}
// 3. Centred letterhead only (name, then street · town · phone), ISO date, "KV-Nr.", "Hochachtungsvoll".
{
  const p = person('Heinrich', 'Baumgärtner', 'Eichendorffweg 12a', '47441', 'Moers', 'H', '02957318');
  cases.push({
    file: 'stress-03-briefkopf-hochachtungsvoll.png',
    pages: [letterPage({
      letterhead: text(827, 110, p.full, 'font-size="40" text-anchor="middle"') + text(827, 160, `${p.street} · ${p.place} · Tel. 02841 55120`, 'font-size="24" text-anchor="middle"') + `<line x1="200" y1="185" x2="1450" y2="185" stroke="#444" stroke-width="2"/>`,
      date: '2026-03-05', subject: 'Kostenübernahme Hörgerät',
      body: body(['ich bitte um Übernahme der Kosten für ein neues Hörgerät. Der', 'Kostenvoranschlag liegt bei.', `KV-Nr.: ${p.number}`]),
      closing: 'Hochachtungsvoll', sign: (y) => pen(215, y, { shape: 'tall', colour: '#1a2a6c' }), room: 190, typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['layout:letterhead', 'date:iso', 'label:kv-nr', 'closing:hochachtungsvoll', 'sig:tall', 'house:12a'],
  });
}
// 4. Sender only in the footer; number in the subject line; "MfG".
{
  const p = person('Olga', 'Petrenko', 'Sonnenhang 4', '51465', 'Bergisch Gladbach', 'P', '66203814');
  cases.push({
    file: 'stress-04-absender-nur-fusszeile.png',
    pages: [letterPage({
      date: '10.03.2026', subject: [`Antrag auf Haushaltshilfe – Krankenversichertennummer ${p.number}`],
      body: body(['nach meiner Operation kann ich den Haushalt für einige Wochen nicht', 'selbst führen. Ich beantrage daher eine Haushaltshilfe.']),
      closing: 'MfG', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: [p.full],
      footer: footerLine([p.full, p.street, p.place]),
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['layout:footer', 'returnline:none', 'numPlacement:subject', 'closing:mfg', 'sig:flat'],
  });
}
// 5. Two pages, number only on page 2 above the closing; doctor's title; double first name.
{
  const p = person('Hans-Peter', 'Oberländer', 'Mozartstraße 31', '52062', 'Aachen', 'O', '18273645', { title: 'Dr.' });
  cases.push({
    file: 'stress-05-zwei-seiten-nummer-seite-2.tif',
    pages: [
      letterPage({
        senderLeft: [p.titled, p.street, p.place], returnLine: `${p.titled} · ${p.street} · ${p.place}`, date: 'Aachen, 12.03.2026', subject: 'Widerspruch gegen Ihren Bescheid',
        body: body(['gegen Ihren Bescheid vom 20. Februar lege ich hiermit Widerspruch ein.', 'Die beantragte Rehabilitation ist nach Auskunft meines Arztes dringend', 'notwendig, weil die ambulante Behandlung ausgeschöpft ist.']),
      }),
      svgPage(lines(200, 200, ['Ich bitte um erneute Prüfung.', `Meine Krankenversichertennummer: ${p.number}`]) + text(200, 360, 'Mit freundlichen Grüßen') + pen(215, 400, { shape: 'loop', scale: 1.1 }) + text(200, 600, p.titled)),
    ],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['pages:2', 'numPlacement:page2', 'name:title', 'name:double-first', 'format:tiff-multi'],
  });
}
// 6. No closing formula at all: signature and typed name straight after the text.
{
  const p = person('Karl', 'Engelmann', 'Wiesengrund 5', '41464', 'Neuss', 'E', '50617283');
  cases.push({
    file: 'stress-06-ohne-grussformel.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '04.03.2026', subject: 'Befreiungsausweis',
      body: body(['bitte senden Sie mir einen neuen Befreiungsausweis zu, der alte ist', `verloren gegangen. Versichertennummer: ${p.number}`]),
      closing: null, sign: (y) => pen(215, y - 10), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['closing:none', 'sig:loop'],
  });
}
// 7. Initials only: a small scribble.
{
  const p = person('Bettina', 'Lorenz', 'Kastanienweg 18', '40470', 'Düsseldorf', 'L', '27364510');
  cases.push({
    file: 'stress-07-paraphe.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '05.03.2026', subject: 'Bonusprogramm',
      body: body(['anbei mein ausgefülltes Bonusheft.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(220, y + 20, { shape: 'initials', colour: '#111111', width: 3 }), room: 150, typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:initials'],
  });
}
// 8. The signature runs over the typed name.
{
  const p = person('Thomas', 'Brückner', 'Schulstraße 40', '45468', 'Mülheim an der Ruhr', 'T', '91827364');
  cases.push({
    file: 'stress-08-unterschrift-ueber-name.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '06.03.2026', subject: 'Europäische Krankenversicherungskarte',
      body: body(['für eine Reise benötige ich eine neue Karte; meine ist abgelaufen.', `Versichertennummer ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 120, sign: (y) => pen(205, y + 40, { shape: 'hook', scale: 1.3, colour: '#1a2a6c', width: 3.5 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:overlap', 'city:multiword'],
  });
}
// 9. Company stamp with a signature across it (a self-employed member).
{
  const p = person('Ute', 'Sommerfeld', 'Industriestraße 12-14', '42655', 'Solingen', 'S', '30405060');
  cases.push({
    file: 'stress-09-stempel-und-unterschrift.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '09.03.2026', subject: 'Beitragsbescheinigung',
      body: body(['für meine Steuererklärung bitte ich um eine Beitragsbescheinigung 2025.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 200, sign: (y) => stamp(215, y + 10, 'Sommerfeld Design', `${p.street} · ${p.place}`) + pen(300, y + 30, { shape: 'loop', colour: '#0a1a5c', width: 3.5 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:stamp+pen', 'house:range'],
  });
}
// 10. "gez." typed, no pen.
{
  const p = person('Friedrich', 'Albrecht', 'Rosenstraße 3', '46045', 'Oberhausen', 'F', '84736251');
  cases.push({
    file: 'stress-10-gez-ohne-unterschrift.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], date: '11.03.2026', subject: 'Fahrtkosten',
      body: body(['bitte erstatten Sie die Fahrtkosten zur ambulanten Behandlung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 90, typed: [`gez. ${p.full}`],
    })],
    name: p.full, address: p.address, number: p.number, signature: false, member: p.m, status: 'matched',
    tags: ['sig:gez', 'returnline:none'],
  });
}
// 11. An empty signature line with a label, the typed name under it.
{
  const p = person('Melanie', 'Schütte', 'Hafenweg 8', '47119', 'Duisburg', 'M', '12093847');
  cases.push({
    file: 'stress-11-leere-unterschriftslinie.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '12.03.2026', subject: 'Antrag Familienversicherung',
      body: body(['bitte senden Sie mir die Unterlagen zur Familienversicherung.', `Meine Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 150,
      sign: (y) => `<line x1="200" y1="${y + 110}" x2="700" y2="${y + 110}" stroke="#1d1d1d" stroke-width="2"/>` + text(200, y + 140, '(Unterschrift)', 'font-size="20"'),
      typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: false, member: p.m, status: 'matched',
    tags: ['sig:emptyline'],
  });
}
// 12. Prof. Dr. and "von" in the name.
{
  const p = person('Friederike', 'von Stetten', 'Beethovenallee 21', '53173', 'Bonn', 'V', '56473829', { title: 'Prof. Dr.' });
  cases.push({
    file: 'stress-12-titel-und-von.png',
    pages: [letterPage({
      senderLeft: [p.titled, p.street, p.place], returnLine: `${p.titled} · ${p.street} · ${p.place}`, date: 'Bonn, den 2. März 2026', subject: 'Auslandskrankenschein',
      body: body(['für einen Forschungsaufenthalt benötige ich eine Bescheinigung über', `meinen Versicherungsschutz. Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall', scale: 0.9 }), typed: [p.titled],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['name:title', 'name:von', 'date:den'],
  });
}
// 13. Double first and last name with umlauts; serif font.
{
  const p = person('Anna-Lena', 'Müller-Schäfer', 'Großer Kamp 9', '44137', 'Dortmund', 'A', '73829104');
  cases.push({
    file: 'stress-13-doppelname-serif.png',
    pages: [letterPage({
      font: SERIF,
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '13.03.2026', subject: 'Namensänderung nach Heirat',
      body: body(['nach meiner Heirat trage ich einen Doppelnamen. Bitte ändern Sie meinen', `Namen in Ihren Unterlagen. Versichertennummer: ${p.number}`]),
      closing: 'Freundliche Grüße', sign: (y) => pen(215, y + 10, { shape: 'loop', colour: '#1e5a2a' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['name:double', 'font:serif', 'sig:green', 'closing:freundliche-gruesse'],
  });
}
// 14. A carer writes for a member (Betreuer): the carer's letterhead, the member's number.
{
  const member = person('Gertrud', 'Hahn', 'Talweg 2', '58089', 'Hagen', 'G', '28374650');
  cases.push({
    file: 'stress-14-betreuer-schreibt.png',
    pages: [letterPage({
      senderLeft: ['Rechtsanwalt Martin Krebs', 'Berufsbetreuer', 'Elberfelder Straße 44', '58095 Hagen'], returnLine: 'RA Martin Krebs · Elberfelder Straße 44 · 58095 Hagen', date: '14.03.2026', subject: ['Ihre Versicherte Gertrud Hahn', `Versichertennummer ${member.number}`],
      body: body(['als gesetzlicher Betreuer von Frau Gertrud Hahn bitte ich um Zusendung', 'der Unterlagen zur Pflegeeinstufung. Den Betreuerausweis lege ich bei.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat', colour: '#111111' }), typed: ['Martin Krebs', 'Berufsbetreuer'],
    })],
    name: 'Martin Krebs', address: { street: 'Elberfelder Straße 44', postalCode: '58095', city: 'Hagen' }, number: member.number, signature: true, member: member.m, status: 'mismatch', representative: true,
    tags: ['scenario:representative', 'numPlacement:subject'],
  });
}
// 15. A daughter with a power of attorney; she types "gez." and does not sign.
{
  const member = person('Walter', 'Nowak', 'Kirchweg 15', '44623', 'Herne', 'N', '63524178');
  cases.push({
    file: 'stress-15-bevollmaechtigte-tochter.png',
    pages: [letterPage({
      senderRight: ['Claudia Nowak-Berg', 'Lindenplatz 2', '44649 Herne'], date: '15.03.2026', subject: 'Pflegehilfsmittel für meinen Vater',
      body: body(['als Bevollmächtigte meines Vaters Walter Nowak (Vers.-Nr.', `${member.number}) beantrage ich Pflegehilfsmittel zum Verbrauch.`, 'Die Vorsorgevollmacht liegt bei.']),
      closing: 'Mit freundlichen Grüßen', room: 90, typed: ['gez. Claudia Nowak-Berg'],
    })],
    name: 'Claudia Nowak-Berg', address: { street: 'Lindenplatz 2', postalCode: '44649', city: 'Herne' }, number: member.number, signature: false, member: member.m, status: 'mismatch', representative: true,
    tags: ['scenario:representative', 'sig:gez', 'layout:right'],
  });
}
// 16. A company letterhead: the owner writes about his own insurance.
{
  const p = person('Stefan', 'Krause', 'Fliederweg 3', '45479', 'Mülheim an der Ruhr', 'C', '19283746');
  cases.push({
    file: 'stress-16-firmenbriefkopf.png',
    pages: [letterPage({
      letterhead: text(200, 120, 'Bäckerei Krause GmbH', 'font-size="44" font-weight="bold"') + text(200, 165, 'Meisterbetrieb seit 1962', 'font-size="22"'),
      returnLine: 'Bäckerei Krause GmbH · Marktstraße 17 · 45468 Mülheim an der Ruhr',
      infoBlock: ['Ihr Ansprechpartner:', p.full, 'Telefon 0208 445566', 'krause@example.org'],
      date: '16.03.2026', subject: 'Meine freiwillige Versicherung',
      body: body(['als Inhaber bin ich bei Ihnen freiwillig versichert. Bitte senden Sie mir', `die Beitragsberechnung für 2026 zu. Meine Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full, 'Geschäftsführer'],
      footer: footerLine(['Bäckerei Krause GmbH', 'Marktstraße 17', '45468 Mülheim an der Ruhr', 'HRB 12345']),
    })],
    name: p.full, address: { street: 'Marktstraße 17', postalCode: '45468', city: 'Mülheim an der Ruhr' }, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['layout:company', 'address:company'],
  });
}
// 17. c/o address.
{
  const p = person('Lea', 'Fischbach', 'Gartenweg 12a', '33602', 'Bielefeld', 'F', '40506070');
  cases.push({
    file: 'stress-17-c-o-anschrift.png',
    pages: [letterPage({
      senderLeft: [p.full, 'c/o Familie Berger', p.street, p.place], returnLine: `${p.full} · c/o Berger · ${p.street} · ${p.place}`, date: '17.03.2026', subject: 'Studentische Versicherung',
      body: body(['ich studiere seit dem Wintersemester in Bielefeld. Bitte senden Sie mir', `die Versicherungsbescheinigung für die Hochschule. Vers.-Nr.: ${p.number}`]),
      closing: 'Viele Grüße', sign: (y) => pen(215, y + 10, { shape: 'loop', scale: 0.9, colour: '#2255cc' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['address:c/o', 'sig:lightblue'],
  });
}
// 18. A Postfach as the sender's address (the registry holds the street: not authenticated).
{
  const p = person('Gregor', 'Lindqvist', 'Uferstraße 6', '47533', 'Kleve', 'G', '91028374');
  cases.push({
    file: 'stress-18-postfach-absender.png',
    pages: [letterPage({
      senderRight: [p.full, 'Postfach 11 07', '47511 Kleve'], date: '18.03.2026', subject: 'Kontoauszug Beiträge',
      body: body(['bitte senden Sie mir eine Übersicht meiner gezahlten Beiträge.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    name: p.full, address: { street: 'Postfach 11 07', postalCode: '47511', city: 'Kleve' }, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['address:postfach', 'layout:right'],
  });
}
// 19. "Hauptstr." and a house number range; skewed 2°, speckled.
{
  const p = person('Renate', 'Scholz', 'Hauptstr. 120-122', '40721', 'Hilden', 'R', '64738291');
  cases.push({
    file: 'stress-19-schief-gesprenkelt.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '19.03.2026', subject: 'Zahnersatz',
      body: body(['anbei der Heil- und Kostenplan meines Zahnarztes mit der Bitte um', `Genehmigung. Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    noise: { rotate: 2, speckle: 0.0008 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['noise:skew2', 'noise:speckle', 'house:range'],
  });
}
// 20. Skewed -3°, washed out.
{
  const p = person('Dirk', 'Hoffmeister', 'Am Wall 4', '48143', 'Münster', 'D', '83726154', { portal: true });
  cases.push({
    file: 'stress-20-schief-blass.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '20.03.2026', subject: 'Kündigung der Wahltarife',
      body: body(['hiermit kündige ich meinen Wahltarif zum nächstmöglichen Zeitpunkt.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    noise: { rotate: -3, contrast: 0.35 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['noise:skew3', 'noise:lowcontrast'],
  });
}
// 21. Fax: 1-bit TIFF, speckled, gez. (no signature).
{
  const p = person('Ingrid', 'Paulsen', 'Deichweg 19', '47169', 'Duisburg', 'I', '20394857');
  cases.push({
    file: 'stress-21-fax-1bit.tif',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '21.03.2026', subject: 'Rückfrage zum Krankengeld',
      body: body(['wann wird das Krankengeld für Februar überwiesen?', `Versichertennummer: ${spaced(p.number)}`]),
      closing: 'Mit freundlichen Grüßen', room: 90, typed: [`gez. ${p.full}`],
    })],
    noise: { fax: 160, speckle: 0.0004 },
    name: p.full, address: p.address, number: p.number, signature: false, member: p.m, status: 'matched',
    tags: ['noise:fax', 'format:tiff-1bit', 'sig:gez', 'number:spaced', 'letter:I'],
  });
}
// 22. Fax: 1-bit TIFF with a signature.
{
  const p = person('Bernd', 'Ostermann', 'Waldstraße 77', '46236', 'Bottrop', 'B', '55667788');
  cases.push({
    file: 'stress-22-fax-unterschrieben.tif',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: '22.3.2026', subject: 'Krankengeld',
      body: body(['anbei die Arbeitsunfähigkeitsbescheinigung meines Arztes.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook', colour: '#111111', width: 4 }), typed: [p.full],
    })],
    noise: { fax: 150, rotate: 1 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['noise:fax', 'format:tiff-1bit', 'noise:skew1'],
  });
}
// 23. Heavy JPEG artefacts, a grey photo-like page.
{
  const p = person('Yvonne', 'Becker', 'Lerchenweg 2', '59065', 'Hamm', 'Y', '10293847');
  cases.push({
    file: 'stress-23-jpeg-artefakte.jpg',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '23.03.2026', subject: 'Mutterschaftsgeld',
      body: body(['anbei das Zeugnis über den mutmaßlichen Tag der Entbindung.', `Versichertennummer: ${p.number}`]),
      closing: 'Liebe Grüße', sign: (y) => pen(215, y + 10, { shape: 'loop', scale: 1.1 }), typed: [p.full],
    })],
    noise: { jpegQuality: 22, contrast: 0.8, speckle: 0.0003 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['noise:jpeg', 'format:jpg', 'closing:liebe-gruesse'],
  });
}
// 24. A typo in the number (check digit fails); name and address point to the member.
{
  const p = person('Monika', 'Zimmer', 'Parkallee 10', '41061', 'Mönchengladbach', 'Z', '47382910');
  const typo = badKvnr('Z', '47382910');
  cases.push({
    file: 'stress-24-nummer-pruefziffer-falsch.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '24.03.2026', subject: 'Bescheinigung',
      body: body(['bitte senden Sie mir eine Bescheinigung über meine Versicherungszeiten.', `Versichertennummer: ${typo}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    name: p.full, address: p.address, number: typo, signature: true, member: p.m, status: 'mismatch',
    tags: ['reg:invalid'],
  });
}
// 25. An invalid number, nobody registered.
{
  const p = person('Jens', 'Haberland', 'Torstraße 1', '50672', 'Köln', 'J', '99887766', { registered: false });
  const typo = badKvnr('J', '99887766');
  cases.push({
    file: 'stress-25-ungueltig-unbekannt.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: '25.03.2026', subject: 'Mitgliedschaft',
      body: body(['ich möchte Mitglied bei Ihnen werden. Meine bisherige', `Krankenversichertennummer ist ${typo}.`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: typo, signature: true, member: null, status: 'not-found',
    tags: ['reg:notfound', 'reg:invalid'],
  });
}
// 26. A valid number registered to someone else.
{
  const owner = person('Hildegard', 'Roth', 'Mühlweg 6', '42275', 'Wuppertal', 'U', '38291047');
  cases.push({
    file: 'stress-26-nummer-gehoert-anderem.png',
    pages: [letterPage({
      senderLeft: ['Peter Sander', 'Lessingstraße 15', '42275 Wuppertal'], returnLine: 'Peter Sander · Lessingstraße 15 · 42275 Wuppertal', date: '26.03.2026', subject: 'Krankmeldung',
      body: body(['anbei meine Krankmeldung für die kommende Woche.', `Versichertennummer: ${owner.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: ['Peter Sander'],
    })],
    name: 'Peter Sander', address: { street: 'Lessingstraße 15', postalCode: '42275', city: 'Wuppertal' }, number: owner.number, signature: true, member: owner.m, status: 'mismatch',
    tags: ['reg:mismatch'],
  });
}
// 27. A valid number nobody holds.
{
  const p = person('Nadine', 'Kessler', 'Bergstraße 88', '45711', 'Datteln', 'X', '12121212', { registered: false });
  cases.push({
    file: 'stress-27-nicht-registriert.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '27.03.2026', subject: 'Anfrage',
      body: body(['ich bitte um Informationen zu Ihren Vorsorgeleistungen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: null, status: 'not-found',
    tags: ['reg:notfound'],
  });
}
// 28. A member reports a new address in the text; signed.
{
  const p = person('Elisabeth', 'Krämer', 'Querstraße 5', '58095', 'Hagen', 'Q', '27384950');
  cases.push({
    file: 'stress-28-neue-anschrift-unterschrieben.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '28.03.2026', subject: 'Umzug',
      body: body(['zum 1. Mai ziehe ich um. Meine neue Anschrift lautet:', 'Ringstraße 14, 58099 Hagen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched', addressChange: true,
    tags: ['scenario:address-change'],
  });
}
// 29. Sender block with telephone, e-mail and birth date lines.
{
  const p = person('Wilhelm', 'Strauß', 'Kaiserstraße 90', '44135', 'Dortmund', 'W', '60718293');
  cases.push({
    file: 'stress-29-absender-mit-telefon-geburtsdatum.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place, 'Tel.: 0231 9876543', 'geb. 12.03.1951'], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '29.03.2026', subject: 'Rollator',
      body: body(['mein Arzt hat mir einen Rollator verordnet. Die Verordnung liegt bei.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall', scale: 0.8 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sender:extra-lines', 'name:ß'],
  });
}
// 30. A named person in the window, a personal greeting, "den" date, number in an info block.
{
  const p = person('Marta', 'Sienkiewicz', 'Blumenweg 3b', '50354', 'Hürth', 'S', '91827355', { portal: true });
  cases.push({
    file: 'stress-30-ansprechpartnerin-infoblock.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`,
      recipient: ['Gesundheitskasse Nordrhein', 'Frau Meier', 'Postfach 10 12 30', '40003 Düsseldorf'],
      infoBlock: ['Krankenversichertennummer', p.number, 'Ihr Schreiben vom', '10.03.2026'],
      date: 'Hürth, den 30.03.2026', subject: 'Ihr Schreiben zur Familienversicherung', greeting: 'Sehr geehrte Frau Meier,',
      body: body(['vielen Dank für Ihr Schreiben. Die gewünschten Angaben zum Einkommen', 'meines Mannes finden Sie in der Anlage.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['numPlacement:infoblock', 'greeting:personal', 'recipient:person'],
  });
}
// 31. Other numbers nearby (invoice number, IBAN, phone) besides the labelled KVNR.
{
  const p = person('Oskar', 'Lindemann', 'Brückenstraße 14', '47798', 'Krefeld', 'L', '83920174');
  const other = kvnr('R', '20260113');
  cases.push({
    file: 'stress-31-andere-nummern.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '31.03.2026', subject: `Erstattung der Rechnung ${other}`,
      body: body([`anbei die Rechnung ${other} meiner Physiotherapie. Bitte überweisen Sie`, 'den Betrag auf mein Konto IBAN DE12 3456 7890 1234 5678 90.', `Meine Versichertennummer lautet ${p.number}. Für Rückfragen:`, '02151 334455.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['distractor:numbers'],
  });
}
// 32. A stamp only, no pen.
{
  const p = person('Horst', 'Wendland', 'Marktplatz 1', '52349', 'Düren', 'H', '77665544');
  cases.push({
    file: 'stress-32-nur-stempel.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '01.04.2026', subject: 'Beitragsrückstand',
      body: body(['den offenen Beitrag habe ich heute überwiesen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 200, sign: (y) => stamp(215, y + 10, 'Wendland Elektro', `${p.street} · ${p.place}`), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: false, member: p.m, status: 'matched',
    tags: ['sig:stamp'],
  });
}
// 33. Typed name with an initial; the sender block spells it out.
{
  const p = person('Katharina', 'Lehmann', 'Weidenstraße 27', '33098', 'Paderborn', 'K', '50493827');
  cases.push({
    file: 'stress-33-initiale-im-namen.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], returnLine: `K. Lehmann · ${p.street} · ${p.place}`, date: '02.04.2026', subject: 'Vorsorgeuntersuchung',
      body: body(['übernehmen Sie die Kosten für die Hautkrebsvorsorge?', `Versichertennummer: ${p.number}`]),
      closing: 'Beste Grüße', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: ['K. Lehmann'],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['name:initial', 'closing:beste-gruesse'],
  });
}
// 34. A scanned PDF (image only), "Absender:" label in the block, small signature.
{
  const p = person('Gabriele', 'Thiel', 'Sandweg 30', '46483', 'Wesel', 'T', '48372615');
  cases.push({
    file: 'stress-34-pdf-bild-absender-label.pdf',
    pages: [letterPage({
      senderLeft: ['Absender:', p.full, p.street, p.place], date: 'Wesel, 03.04.2026', subject: 'Kur',
      body: body(['ich beantrage eine Mutter-Kind-Kur. Das ärztliche Attest liegt bei.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(220, y + 30, { shape: 'loop', scale: 0.6 }), room: 140, typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['format:pdf-image', 'sender:label', 'sig:small'],
  });
}
// 35. Signature, but no typed name under it; name from the sender block.
{
  const p = person('Ralf', 'Dietrich', 'Ahornweg 11', '41236', 'Mönchengladbach', 'R', '39485716');
  cases.push({
    file: 'stress-35-ohne-getippten-namen.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '04.04.2026', subject: 'Bescheinigung für das Finanzamt',
      body: body(['bitte senden Sie mir die Bescheinigung über die Beiträge 2025.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }),
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['typed:none'],
  });
}
// 36. Registered member who moved: the letter's address is the new one (not authenticated).
{
  const p = person('Lukas', 'Brandt', 'Alte Landstraße 2', '42929', 'Wermelskirchen', 'B', '84756392');
  cases.push({
    file: 'stress-36-andere-anschrift-als-registriert.png',
    pages: [letterPage({
      senderLeft: [p.full, 'Neue Gasse 7', '42929 Wermelskirchen'], returnLine: `${p.full} · Neue Gasse 7 · 42929 Wermelskirchen`, date: '05.04.2026', subject: 'Versichertenkarte',
      body: body(['bitte senden Sie mir eine neue Versichertenkarte.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    name: p.full, address: { street: 'Neue Gasse 7', postalCode: '42929', city: 'Wermelskirchen' }, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['reg:moved'],
  });
}
// 37. Red ink, large signature, closing "Danke und viele Grüße", ISO date, number lower case typed.
{
  const p = person('Sophie', 'Wagner', 'Goethestraße 50', '40237', 'Düsseldorf', 'E', '11223344');
  cases.push({
    file: 'stress-37-rote-tinte-gross.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '2026-04-06', subject: 'Impfung',
      body: body(['übernehmen Sie die Kosten der Reiseimpfung gegen Gelbfieber?', `Krankenversichertennummer: ${p.number}`]),
      closing: 'Danke und viele Grüße', room: 230, sign: (y) => pen(210, y, { shape: 'hook', scale: 1.6, colour: '#8a1c1c', width: 4 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:red', 'sig:large', 'closing:danke'],
  });
}
// 38. Sender block right with "Herrn" prefix-free name, and a "Betreff:" label, speckle and skew 1.5°.
{
  const p = person('Ahmet', 'Aydin', 'Kölner Straße 210', '51379', 'Leverkusen', 'A', '56473821');
  cases.push({
    file: 'stress-38-betreff-label.jpg',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: '07.04.2026', subject: 'Betreff: Krankentransport',
      body: body(['ich bitte um Genehmigung des Krankentransports zur Dialyse.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat', colour: '#111' }), typed: [p.full],
    })],
    noise: { rotate: 1.5, speckle: 0.0005, jpegQuality: 55 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['subject:label', 'noise:skew1.5', 'name:non-german'],
  });
}

// 39. Heavy speckle and 3° skew on a fax; signed.
{
  const p = person('Volker', 'Niemann', 'Zechenstraße 8', '44581', 'Castrop-Rauxel', 'V', '19384756');
  cases.push({
    file: 'stress-39-fax-stark-verrauscht.tif',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '08.04.2026', subject: 'Heilmittelverordnung',
      body: body(['anbei die Verordnung über Krankengymnastik mit der Bitte um Genehmigung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop', colour: '#000', width: 4 }), typed: [p.full],
    })],
    noise: { fax: 150, rotate: -2.5, speckle: 0.002 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['noise:fax', 'noise:speckle-heavy', 'noise:skew3', 'city:hyphen'],
  });
}
// 40. "Nachname, Vorname" and a salutation in the sender block; "Guten Tag"; "Herzliche Grüße".
{
  const p = person('Maria', 'Schmitz', 'Severinstraße 101', '50678', 'Köln', 'M', '40302010');
  cases.push({
    file: 'stress-40-nachname-vorname.png',
    pages: [letterPage({
      senderLeft: ['Frau', 'Schmitz, Maria', p.street, p.place], date: 'Köln, im April 2026', subject: 'Brille', greeting: 'Guten Tag,',
      body: body(['gibt es einen Zuschuss zu meiner neuen Brille?', `Meine Vers.-Nr. lautet ${p.number}.`]),
      closing: 'Herzliche Grüße', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: ['Maria Schmitz'],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['name:comma', 'greeting:guten-tag', 'date:month-only', 'closing:herzliche-gruesse'],
  });
}
// 41. Pencil: a faint grey signature.
{
  const p = person('Helga', 'Brenner', 'Mittelweg 3', '46282', 'Dorsten', 'H', '65748392');
  cases.push({
    file: 'stress-41-bleistift-unterschrift.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '09.04.2026', subject: 'Pflegegeld',
      body: body(['bitte teilen Sie mir mit, wann das Pflegegeld für April gezahlt wird.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall', colour: '#8c8c8c', width: 2.4 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:pencil'],
  });
}
// 42. Closing, pen and typed name on the right half of the page.
{
  const p = person('Rüdiger', 'Hausmann', 'Auf der Höhe 16', '42349', 'Wuppertal', 'R', '12312312');
  cases.push({
    file: 'stress-42-unterschrift-rechts.png',
    pages: [svgPage(
      lines(200, 140, [p.full, p.street, p.place]) + text(200, 462, `${p.full} · ${p.street} · ${p.place}`, 'font-size="18"') + lines(200, 520, INSURER) + right(1450, 770, ['10.04.2026']) +
      text(200, 870, 'Auszug aus der Patientenakte', 'font-weight="bold"') + text(200, 960, 'Sehr geehrte Damen und Herren,') +
      lines(200, 1040, ['bitte senden Sie mir die über mich gespeicherten Leistungsdaten.', `Versichertennummer: ${p.number}`]) +
      text(950, 1200, 'Mit freundlichen Grüßen') + pen(960, 1230, { shape: 'loop' }) + text(950, 1400, p.full),
    )],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['sig:right', 'street:multiword'],
  });
}
// 43. No closing on page 1, unsigned; page 2 a doctor's certificate signed by the doctor.
{
  const p = person('Nicole', 'Adams', 'Fasanenweg 22', '45739', 'Oer-Erkenschwick', 'N', '98765432');
  cases.push({
    file: 'stress-43-ohne-gruss-anlage-arzt-unterschrieben.tif',
    pages: [
      letterPage({
        senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '11.04.2026', subject: 'Attest',
        body: body(['anbei das Attest meiner Ärztin zur Befreiung vom Sport.', `Versichertennummer: ${p.number}`]),
        closing: null, room: 60, typed: [p.full],
      }),
      svgPage(lines(200, 140, ['Dr. med. Ilse Varga', 'Fachärztin für Allgemeinmedizin', 'Ringstraße 5, 45739 Oer-Erkenschwick']) + text(200, 400, 'Ärztliches Attest', 'font-weight="bold"') +
        lines(200, 480, [`Frau ${p.full} ist aus gesundheitlichen Gründen`, 'vom Schulsport befreit.']) + pen(215, 640, { shape: 'tall' }) + text(200, 860, 'Dr. med. Ilse Varga')),
    ],
    name: p.full, address: p.address, number: p.number, signature: false, member: p.m, status: 'matched',
    tags: ['closing:none', 'pages:with-enclosure-page', 'sig:enclosure-only'],
  });
}
// 44. Number written with a hyphen before the check digit, and "Versicherungsnummer".
{
  const p = person('Emil', 'Gruber', 'Lindenhof 2', '47228', 'Duisburg', 'E', '24681357');
  cases.push({
    file: 'stress-44-nummer-mit-bindestrich.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '12.04.2026', subject: 'Wahltarif',
      body: body(['ich möchte meinen Wahltarif Krankengeld wechseln.', `Versicherungsnummer: ${p.number.slice(0, 9)}-${p.number[9]}`]),
      closing: 'Mit besten Grüßen', sign: (y) => pen(215, y + 10, { shape: 'initials', scale: 1.4 }), typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['number:hyphen', 'label:versicherungsnummer', 'closing:besten-gruessen'],
  });
}
// 45. No greeting at all, date on the left, serif, low contrast photo-like JPEG.
{
  const p = person('Kerstin', 'Voß', 'Am Stadtgarten 12', '45879', 'Gelsenkirchen', 'K', '11335577');
  cases.push({
    file: 'stress-45-ohne-anrede-grau.jpg',
    pages: [letterPage({
      font: SERIF,
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: 'Gelsenkirchen, 13.04.2026', dateLeft: true, subject: 'Kündigung',
      greeting: ' ',
      body: body(['hiermit kündige ich meine Mitgliedschaft zum 30.06.2026, da ich zu', `einer anderen Krankenkasse wechsle. Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook', scale: 1.2 }), typed: [p.full],
    })],
    noise: { grey: 215, contrast: 0.6, jpegQuality: 45 },
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['greeting:none', 'date:left', 'noise:grey', 'format:jpg'],
  });
}
// 46. A letter typed in a smaller font, closing "Gruß" and a long first name + middle name.
{
  const p = person('Hans Georg', 'Wittkamp', 'Feldmark 40', '48653', 'Coesfeld', 'W', '55443322');
  cases.push({
    file: 'stress-46-kleine-schrift-zweiter-vorname.png',
    pages: [letterPage({
      size: 24,
      senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '14.04.2026', subject: 'Befreiung von Zuzahlungen',
      body: body(['anbei meine Quittungen für das laufende Jahr. Ich habe die Belastungsgrenze erreicht.', `Versichertennummer: ${p.number}`]),
      closing: 'Gruß', sign: (y) => pen(215, y + 10, { shape: 'loop', scale: 0.8 }), room: 140, typed: [p.full],
    })],
    name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched',
    tags: ['font:small', 'name:two-first', 'closing:gruss'],
  });
}

// ==================================================================================== set 2
// Variations the first set does not have (`--set 2`): typewriter, condensed, 14 pt and 8 pt type;
// DIN 5008 form B with the sender in the information column; "Von:" and "Absender:" on the name's
// line; numbers with dashes, in a table, in comb boxes, after "Mitgliedsnummer", only in the footer;
// a logo; coloured paper and a colour scan; the scanner lid's shadow; punched holes; a page turned
// 4.5°, scaled to 90 %, scanned at 150 and 300 dpi; heavy JPEG; signatures across the typed name,
// as a paraph, starting in the margin, followed by a PS or an enclosure list, two signatures; a
// son writing with power of attorney; typed forms with an "Unterschrift" box filled or empty; a
// second page holding only the sign-off; "Dr. med.", "Prof. Dr.", "Bad …", "Halle (Saale)",
// "Frankfurt am Main" and a street with a number in its name; an italic typed name (no pen).
const set1 = { cases: [...cases], members: [...members] };
cases.length = 0;
members.splice(3);
const MONO = 'Liberation Mono, DejaVu Sans Mono, monospace';
const NARROW = 'Liberation Sans Narrow, DejaVu Sans Condensed, sans-serif';
const dashed = (n) => `${n[0]}-${n.slice(1, 5)}-${n.slice(5, 9)}-${n[9]}`;
const classic = (p) => ({ senderLeft: [p.full, p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}` });
const signed = (p, extra = {}) => ({ name: p.full, address: p.address, number: p.number, signature: true, member: p.m, status: 'matched', ...extra });

// A typed form (filled in on a computer, posted in a window envelope): labelled fields, no closing
// formula, and a printed box for the signature.
function formPage(p, { pen: withPen, date }) {
  let s = lines(200, 520, INSURER);
  s += text(200, 820, 'Antrag auf Kostenerstattung', 'font-size="40" font-weight="bold"');
  s += text(200, 868, 'Bitte vollständig ausfüllen und unterschrieben zurücksenden.', 'font-size="22"');
  const fields = [['Name', p.full], ['Anschrift', `${p.street}, ${p.place}`], ['Versichertennummer', p.number]];
  fields.forEach(([label, value], i) => {
    const y = 970 + i * 70;
    s += text(200, y, `${label}:`, 'font-size="24"') + text(520, y, value) + `<line x1="510" y1="${y + 12}" x2="1450" y2="${y + 12}" stroke="#888" stroke-width="1.5"/>`;
  });
  s += lines(200, 1250, ['Ich beantrage die Erstattung der beigefügten Rechnung über', 'Krankengymnastik (sechs Behandlungen).']);
  s += text(200, 1420, `Ort, Datum: ${date}`);
  s += `<rect x="200" y="1480" width="700" height="190" fill="none" stroke="#333" stroke-width="2"/>` + text(200, 1705, 'Unterschrift', 'font-size="22"');
  if (withPen) s += pen(280, 1530, { shape: 'loop', colour: '#1a2a6c' });
  return svgPage(s);
}

// 2-01. Typewriter: monospace throughout, umlauts written out.
{
  const p = person('Walburga', 'Henning', 'Am Kirchberg 14', '57072', 'Siegen', 'H', '73519260');
  cases.push({
    file: 'stress2-01-schreibmaschine.png',
    pages: [letterPage({
      font: MONO, size: 28, ...classic(p), date: '15.05.2026', subject: 'Antrag auf Pflegegeld',
      body: body(['hiermit beantrage ich Pflegegeld fuer die Pflege zu Hause.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Gruessen', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    ...signed(p), tags: ['font:mono', 'closing:ue'],
  });
}
// 2-02. Condensed font, sender block on the right, no return line.
{
  const p = person('Konstantin', 'Reuter', 'Nordring 61', '44787', 'Bochum', 'R', '64820193');
  cases.push({
    file: 'stress2-02-schmale-schrift.png',
    pages: [letterPage({
      font: NARROW, senderRight: [p.full, p.street, p.place], date: '16.05.2026', subject: 'Familienversicherung',
      body: body(['bitte schicken Sie mir den Fragebogen zur Familienversicherung meiner beiden Kinder.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['font:condensed', 'layout:right'],
  });
}
// 2-03. 14 pt type.
{
  const p = person('Elfriede', 'Kamphausen', 'Wiesenstraße 3', '59555', 'Lippstadt', 'K', '38104726');
  cases.push({
    file: 'stress2-03-grosse-schrift-14pt.png',
    pages: [letterPage({
      size: 39, step: 52, ...classic(p), date: '17.05.2026', subject: 'Hörgerät',
      body: body(['ich brauche ein neues Hörgerät.', 'Bitte sagen Sie mir, was ich tun muss.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 200, sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    ...signed(p), tags: ['font:14pt'],
  });
}
// 2-04. 8 pt serif type.
{
  const p = person('Benedikt', 'Lorenzen', 'Querweg 9', '24103', 'Kiel', 'L', '58203749');
  cases.push({
    file: 'stress2-04-kleine-schrift-8pt.png',
    pages: [letterPage({
      font: SERIF, size: 22, step: 30, ...classic(p), date: '18.05.2026', subject: 'Auslandsreise',
      body: body(['für eine Reise nach Kanada im Juli bitte ich um Auskunft, welche Leistungen Sie im Ausland übernehmen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 130, sign: (y) => pen(210, y + 5, { shape: 'loop', scale: 0.8 }), typed: [p.full],
    })],
    ...signed(p), tags: ['font:8pt', 'font:serif'],
  });
}
// 2-05. DIN 5008 form B: the sender in the information column beside the window, no sender block.
{
  const p = person('Tobias', 'Wendt', 'Lerchenfeld 22', '33330', 'Gütersloh', 'W', '90817263', { portal: true });
  cases.push({
    file: 'stress2-05-absender-infospalte.png',
    pages: [letterPage({
      infoBlock: ['Absender', p.full, p.street, p.place, 'Telefon 05241 778899', '', 'Datum: 18.05.2026'],
      subject: 'Elektronische Patientenakte',
      body: body(['bitte schalten Sie die elektronische Patientenakte für mich frei.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: [p.full],
    })],
    ...signed(p), tags: ['layout:din-b-info-column', 'sender:label'],
  });
}
// 2-06. "Von:" and the whole address on one line with commas; "Bad" and a double-barrelled town.
{
  const p = person('Miriam', 'Olbrich', 'Kapellenweg 7', '53474', 'Bad Neuenahr-Ahrweiler', 'O', '27481036');
  cases.push({
    file: 'stress2-06-von-eine-zeile.png',
    pages: [letterPage({
      letterhead: text(200, 140, `Von: ${p.full}, ${p.street}, ${p.place}`),
      date: '19.05.2026', subject: 'Zahnreinigung',
      body: body(['zahlen Sie einen Zuschuss zur professionellen Zahnreinigung?', `Versichertennummer: ${p.number}`]),
      closing: 'Viele Grüße', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['sender:von-one-line', 'city:bad-hyphen'],
  });
}
// 2-07. "Absender:" on the name's line.
{
  const p = person('Karin', 'Mertens', 'Uhlandstraße 45', '47051', 'Duisburg', 'M', '61728394');
  cases.push({
    file: 'stress2-07-absender-label-in-zeile.png',
    pages: [letterPage({
      senderLeft: [`Absender: ${p.full}`, p.street, p.place], date: '20.05.2026', subject: 'Bonusheft',
      body: body(['anbei mein Bonusheft mit allen Stempeln für 2025.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall', scale: 0.9 }), typed: [p.full],
    })],
    ...signed(p), tags: ['sender:label-inline'],
  });
}
// 2-08. Number grouped with dashes, "KV-Nr.:".
{
  const p = person('Detlef', 'Sandmann', 'Zur Linde 2', '49074', 'Osnabrück', 'S', '46019283');
  cases.push({
    file: 'stress2-08-nummer-mit-strichen.png',
    pages: [letterPage({
      ...classic(p), date: '21.05.2026', subject: 'Fahrkosten zur Chemotherapie',
      body: body(['bitte genehmigen Sie die Fahrten zur Chemotherapie ab Juni.', `KV-Nr.: ${dashed(p.number)}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: [p.full],
    })],
    ...signed(p), tags: ['number:dashes', 'label:kv-nr'],
  });
}
// 2-09. The number in a ruled table of personal details.
{
  const p = person('Hannelore', 'Dreyer', 'Schillerplatz 8', '34117', 'Kassel', 'D', '85201937');
  const rows = [['Name', p.full], ['Versichertennummer', p.number], ['Geburtsdatum', '04.07.1962']];
  const table = `<rect x="200" y="1062" width="1000" height="132" fill="none" stroke="#333" stroke-width="2"/>` +
    `<line x1="560" y1="1062" x2="560" y2="1194" stroke="#333" stroke-width="2"/>` +
    [1106, 1150].map((y) => `<line x1="200" y1="${y}" x2="1200" y2="${y}" stroke="#333" stroke-width="2"/>`).join('') +
    rows.map(([a, b], i) => text(215, 1095 + i * 44, a, 'font-size="26"') + text(575, 1095 + i * 44, b, 'font-size="26"')).join('');
  cases.push({
    file: 'stress2-09-nummer-in-tabelle.png',
    pages: [letterPage({
      ...classic(p), date: '22.05.2026', subject: 'Krankengeld',
      body: body(['bitte prüfen Sie meinen Anspruch auf Krankengeld. Meine Angaben:', '', '', '', '']),
      extra: table,
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop', scale: 1.1 }), typed: [p.full],
    })],
    ...signed(p), tags: ['number:table'],
  });
}
// 2-10. The number in comb boxes (one character a box) under its label; "Frankfurt am Main".
{
  const p = person('Sebastian', 'Kühn', 'Bergerstraße 160', '60385', 'Frankfurt am Main', 'K', '19730482');
  const comb = `<text x="200" y="1090" font-size="24">Versichertennummer</text>` +
    [...p.number].map((ch, i) => `<rect x="${200 + i * 52}" y="1105" width="52" height="58" fill="none" stroke="#444" stroke-width="2"/>` + text(226 + i * 52, 1147, ch, 'text-anchor="middle"')).join('');
  cases.push({
    file: 'stress2-10-nummer-in-kaestchen.png',
    pages: [letterPage({
      ...classic(p), date: '23.05.2026', subject: 'Zuschuss zur Gleitsichtbrille',
      body: body(['gibt es einen Zuschuss zu meiner neuen Gleitsichtbrille?', '', '', '', '']),
      extra: comb,
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['number:comb', 'city:am'],
  });
}
// 2-11. "Mitgliedsnummer" and a name full of umlauts and ß.
{
  const p = person('Jörg', 'Weißmüller', 'Grüner Weg 5', '58507', 'Lüdenscheid', 'J', '34950172');
  cases.push({
    file: 'stress2-11-mitgliedsnummer-umlaute.png',
    pages: [letterPage({
      ...classic(p), date: '24.05.2026', subject: 'Zweitmeinung',
      body: body(['vor meiner Knieoperation möchte ich eine Zweitmeinung einholen.', `Mitgliedsnummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    ...signed(p), tags: ['label:mitgliedsnummer', 'name:umlaut'],
  });
}
// 2-12. The number only in the footer.
{
  const p = person('Ludger', 'Terhorst', 'Brookstraße 4', '48599', 'Gronau', 'T', '57302846');
  cases.push({
    file: 'stress2-12-nummer-nur-fusszeile.png',
    pages: [letterPage({
      ...classic(p), date: '25.05.2026', subject: 'Kinderkrankengeld',
      body: body(['mein Sohn war vom 11. bis 15. Mai krank. Die Bescheinigung liegt bei.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
      footer: footerLine([`Versichertennummer: ${p.number}`]),
    })],
    ...signed(p), tags: ['numPlacement:footer'],
  });
}
// 2-13. "Betreff:" over two lines, the number in the second after "Mitglieds-Nr.".
{
  const p = person('Aylin', 'Demir', 'Hansaring 12', '50670', 'Köln', 'D', '93027154');
  cases.push({
    file: 'stress2-13-betreff-zweizeilig-nummer.png',
    pages: [letterPage({
      ...classic(p), date: '26.05.2026', subject: ['Betreff: Krankengeld ab dem 02.05.2026', `Mitglieds-Nr. ${p.number}`],
      body: body(['anbei die Bescheinigung meines Arbeitgebers über das Arbeitsentgelt.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: [p.full],
    })],
    ...signed(p), tags: ['numPlacement:subject', 'label:mitglieds-nr'],
  });
}
// 2-14. A letterhead with a logo (graphics, white lettering on a dark disc).
{
  const p = person('Frank', 'Sauerland', 'Talstraße 19', '66111', 'Saarbrücken', 'S', '40281736');
  const logo = `<circle cx="1370" cy="150" r="70" fill="#2b4c7e"/><path d="M 1320 175 L 1370 100 L 1420 175 Z" fill="#e0b040"/>` +
    `<text x="1370" y="205" font-size="28" font-weight="bold" fill="#ffffff" text-anchor="middle">FS</text>`;
  cases.push({
    file: 'stress2-14-logo.png',
    pages: [letterPage({
      ...classic(p), letterhead: logo, date: '27.05.2026', subject: 'Rechnung Sehhilfe',
      body: body(['anbei die Rechnung meines Optikers mit der Bitte um Erstattung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['layout:logo'],
  });
}
// 2-15. A colour scan: yellowish paper, blue ink.
{
  const p = person('Ingeborg', 'Lammers', 'Heideweg 30', '26122', 'Oldenburg', 'L', '71936420');
  cases.push({
    file: 'stress2-15-farbscan-gelbes-papier.jpg',
    pages: [letterPage({
      paper: '#f2e3a0', ...classic(p), date: '28.05.2026', subject: 'Kompressionsstrümpfe',
      body: body(['mein Arzt hat mir Kompressionsstrümpfe verordnet. Das Rezept liegt bei.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop', colour: '#1f3fbf' }), typed: [p.full],
    })],
    noise: { colour: true, jpegQuality: 70 },
    ...signed(p), tags: ['paper:yellow', 'scan:colour', 'sig:blue'],
  });
}
// 2-16. The scanner lid's shadow down both long edges.
{
  const p = person('Rainer', 'Pohl', 'Eschenallee 5', '32052', 'Herford', 'P', '26491730');
  cases.push({
    file: 'stress2-16-schatten-am-rand.png',
    pages: [letterPage({
      ...classic(p), date: '29.05.2026', subject: 'Kündigungsbestätigung',
      body: body(['bitte bestätigen Sie mir schriftlich den Eingang meiner Kündigung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    noise: { shadow: 110 },
    ...signed(p), tags: ['noise:shadow'],
  });
}
// 2-17. Punched holes on grey paper.
{
  const p = person('Doris', 'Vennemann', 'Gartenfeld 11', '46395', 'Bocholt', 'V', '83019265');
  const holes = [855, 1485].map((cy) => `<circle cx="95" cy="${cy}" r="24" fill="#202020"/>`).join('');
  cases.push({
    file: 'stress2-17-lochung-graues-papier.png',
    pages: [letterPage({
      paper: '#dcdcdc', ...classic(p), date: '30.05.2026', subject: 'Antrag auf Reha',
      body: body(['anbei der Antrag auf medizinische Rehabilitation mit dem Befundbericht.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full], extra: holes,
    })],
    ...signed(p), tags: ['noise:holes', 'paper:grey'],
  });
}
// 2-18. A page turned by 4.5°.
{
  const p = person('Mehmet', 'Yilmaz', 'Industriestraße 88', '45881', 'Gelsenkirchen', 'Y', '52047391');
  cases.push({
    file: 'stress2-18-gedreht-4-5-grad.png',
    pages: [letterPage({
      ...classic(p), date: '01.06.2026', subject: 'Befreiung',
      body: body(['bitte senden Sie mir die Bescheinigung über die Befreiung von Zuzahlungen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    noise: { rotate: 4.5 },
    ...signed(p), tags: ['noise:skew4.5'],
  });
}
// 2-19. The page scaled to 90 % on a grey platen.
{
  const p = person('Agnes', 'Brinkmann', 'Mühlenstraße 21', '49377', 'Vechta', 'B', '62840175');
  cases.push({
    file: 'stress2-19-verkleinert.png',
    pages: [letterPage({
      ...classic(p), date: '02.06.2026', subject: 'Haushaltshilfe',
      body: body(['nach der Geburt unseres Kindes beantrage ich eine Haushaltshilfe.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    noise: { scale: 0.9 },
    ...signed(p), tags: ['noise:scaled'],
  });
}
// 2-20. Scanned at 150 dpi.
{
  const p = person('Paul', 'Wiegand', 'Lindenstraße 70', '35390', 'Gießen', 'W', '17392846');
  cases.push({
    file: 'stress2-20-150dpi.png',
    pages: [letterPage({
      ...classic(p), date: '03.06.2026', subject: 'Krankenhausbehandlung',
      body: body(['anbei die Bescheinigung über meinen Aufenthalt im Krankenhaus.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    noise: { dpi: 150 },
    ...signed(p), tags: ['scan:150dpi'],
  });
}
// 2-21. Scanned at 300 dpi, not signed (typed name only).
{
  const p = person('Ursula', 'Feldhaus', 'Am Bach 6', '48231', 'Warendorf', 'F', '84027319');
  cases.push({
    file: 'stress2-21-300dpi-ohne-unterschrift.png',
    pages: [letterPage({
      ...classic(p), date: '04.06.2026', subject: 'Adresse der Geschäftsstelle',
      body: body(['wo finde ich Ihre nächste Geschäftsstelle?', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 100, typed: [p.full],
    })],
    noise: { dpi: 300 },
    ...signed(p, { signature: false }), tags: ['scan:300dpi', 'sig:none'],
  });
}
// 2-22. Very heavy JPEG compression on a washed-out page.
{
  const p = person('Norbert', 'Hilgers', 'Siedlerweg 3', '41812', 'Erkelenz', 'H', '30582947');
  cases.push({
    file: 'stress2-22-jpeg-sehr-stark.jpg',
    pages: [letterPage({
      ...classic(p), date: '05.06.2026', subject: 'Mitgliedsbescheinigung',
      body: body(['für meinen Arbeitgeber benötige ich eine Mitgliedsbescheinigung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop', colour: '#111' }), typed: [p.full],
    })],
    noise: { jpegQuality: 12, contrast: 0.7 },
    ...signed(p), tags: ['noise:jpeg-heavy'],
  });
}
// 2-23. A big signature that runs down through the typed name.
{
  const p = person('Christa', 'Overbeck', 'Beckumer Straße 40', '59229', 'Ahlen', 'O', '75018362');
  cases.push({
    file: 'stress2-23-unterschrift-durch-namen.png',
    pages: [letterPage({
      ...classic(p), date: '06.06.2026', subject: 'Heilpraktiker',
      body: body(['übernehmen Sie Kosten für eine Behandlung beim Heilpraktiker?', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 90, sign: (y) => pen(230, y + 15, { shape: 'tall', scale: 1.25, width: 3.6 }), typed: [p.full],
    })],
    ...signed(p), tags: ['sig:crosses-name'],
  });
}
// 2-24. A paraph: small initials.
{
  const p = person('Leon', 'Adamczyk', 'Kantstraße 9', '44867', 'Bochum', 'A', '20938475');
  cases.push({
    file: 'stress2-24-kurzes-namenszeichen.png',
    pages: [letterPage({
      ...classic(p), date: '07.06.2026', subject: 'Versichertenkarte',
      body: body(['meine Versichertenkarte ist defekt. Bitte schicken Sie mir eine neue.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 120, sign: (y) => pen(215, y + 15, { shape: 'initials', scale: 0.75, colour: '#111' }), typed: [p.full],
    })],
    ...signed(p), tags: ['sig:paraph'],
  });
}
// 2-25. Blue ink starting in the left margin.
{
  const p = person('Veronika', 'Strunk', 'Nelkenweg 15', '57462', 'Olpe', 'S', '48391027');
  cases.push({
    file: 'stress2-25-unterschrift-im-rand.png',
    pages: [letterPage({
      ...classic(p), date: '08.06.2026', subject: 'Bonuszahlung',
      body: body(['wann wird der Bonus für 2025 ausgezahlt?', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(70, y + 10, { shape: 'loop', colour: '#2244aa' }), typed: [p.full],
    })],
    ...signed(p), tags: ['sig:margin', 'sig:blue'],
  });
}
// 2-26. A PS after the signature.
{
  const p = person('Gisela', 'Hammes', 'Rheinuferstraße 2', '56068', 'Koblenz', 'H', '69204813');
  cases.push({
    file: 'stress2-26-ps-nach-unterschrift.png',
    pages: [letterPage({
      ...classic(p), date: '09.06.2026', subject: 'Pflegeberatung',
      body: body(['ich bitte um einen Termin für eine Pflegeberatung bei mir zu Hause.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
      after: (y) => text(200, y + 30, 'PS: Ich bin vormittags am besten zu erreichen.'),
    })],
    ...signed(p), tags: ['after:ps'],
  });
}
// 2-27. An enclosure list after the typed name, no signature.
{
  const p = person('Wolfgang', 'Esser', 'Dürener Straße 77', '52249', 'Eschweiler', 'E', '51820374');
  cases.push({
    file: 'stress2-27-anlagen-ohne-unterschrift.png',
    pages: [letterPage({
      ...classic(p), date: '10.06.2026', subject: 'Erstattung',
      body: body(['bitte erstatten Sie mir die Kosten laut beiliegender Rechnung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', room: 100, typed: [p.full],
      after: (y) => lines(200, y + 30, ['Anlagen', '- Kopie des Attests', '- Rechnung vom 02.06.2026']),
    })],
    ...signed(p, { signature: false }), tags: ['after:anlagen', 'sig:none'],
  });
}
// 2-28. Husband and wife both sign; the husband's letter.
{
  const p = person('Klaus', 'Brenner', 'Ringelnatzweg 4', '21465', 'Reinbek', 'B', '36018427');
  cases.push({
    file: 'stress2-28-zwei-unterschriften.png',
    pages: [letterPage({
      ...classic(p), date: '11.06.2026', subject: 'Bonusprogramm',
      body: body(['meine Frau und ich möchten am Bonusprogramm teilnehmen.', `Meine Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen',
      sign: (y) => pen(215, y + 10, { shape: 'loop' }) + pen(815, y + 10, { shape: 'hook', colour: '#1a1a1a' }) + text(200, y + 170, p.full) + text(800, y + 170, 'Ute Brenner'),
    })],
    ...signed(p), tags: ['sig:two'],
  });
}
// 2-29. A son with power of attorney writes for his mother; both names in the letter.
{
  const member = person('Irmgard', 'Schulte', 'Am Markt 3', '59872', 'Meschede', 'S', '92817364');
  cases.push({
    file: 'stress2-29-bevollmaechtigter-sohn.png',
    pages: [letterPage({
      senderLeft: ['Markus Schulte', 'Kastanienallee 8', '59872 Meschede'], returnLine: 'Markus Schulte · Kastanienallee 8 · 59872 Meschede', date: '12.06.2026', subject: 'Rollstuhl',
      body: body([`im Namen meiner Mutter Irmgard Schulte, Versichertennummer ${member.number},`, 'beantrage ich einen Rollstuhl. Die Vollmacht liegt bei.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: ['Markus Schulte', '(Bevollmächtigter)'],
    })],
    name: 'Markus Schulte', address: { street: 'Kastanienallee 8', postalCode: '59872', city: 'Meschede' }, number: member.number, signature: true, member: member.m, status: 'mismatch', representative: true,
    tags: ['scenario:representative'],
  });
}
// 2-30. A typed form with its "Unterschrift" box signed; "Sankt".
{
  const p = person('Petra', 'Lindner', 'Eichenweg 12', '53757', 'Sankt Augustin', 'L', '15937284');
  cases.push({
    file: 'stress2-30-formular-unterschrieben.png',
    pages: [formPage(p, { pen: true, date: 'Sankt Augustin, 13.06.2026' })],
    ...signed(p), tags: ['layout:form', 'sig:box-filled', 'closing:none'],
  });
}
// 2-31. The same form with the box left empty.
{
  const p = person('Horst', 'Kaminski', 'Schlehenweg 3', '53840', 'Troisdorf', 'K', '27093618');
  cases.push({
    file: 'stress2-31-formular-ohne-unterschrift.png',
    pages: [formPage(p, { pen: false, date: 'Troisdorf, 14.06.2026' })],
    ...signed(p, { signature: false }), tags: ['layout:form', 'sig:box-empty', 'closing:none'],
  });
}
// 2-32. Two pages: page 2 holds only the closing, the signature and the typed name.
{
  const p = person('Sigrid', 'Hoppe', 'Burgstraße 17', '53913', 'Swisttal', 'H', '80317462');
  cases.push({
    file: 'stress2-32-seite-2-nur-unterschrift.tif',
    pages: [
      letterPage({
        ...classic(p), date: '15.06.2026', subject: 'Widerspruch',
        body: body(['gegen den Bescheid vom 2. Juni lege ich Widerspruch ein. Die Kur ist nach', 'Auskunft meiner Ärztin notwendig; ihr Attest reiche ich nach.', `Versichertennummer: ${p.number}`]),
      }),
      svgPage(text(200, 200, 'Mit freundlichen Grüßen') + pen(215, 240, { shape: 'loop' }) + text(200, 420, p.full)),
    ],
    ...signed(p), tags: ['pages:2', 'sig:page2-only'],
  });
}
// 2-33. "Dr. med." and a town with "Bad".
{
  const p = person('Claudia', 'Fuß', 'Hauptstraße 12', '32545', 'Bad Oeynhausen', 'F', '13579246', { title: 'Dr. med.' });
  cases.push({
    file: 'stress2-33-dr-med-bad.png',
    pages: [letterPage({
      senderLeft: [p.titled, p.street, p.place], returnLine: `${p.titled} · ${p.street} · ${p.place}`, date: '16.06.2026', subject: 'Wahltarif',
      body: body(['bitte informieren Sie mich über Ihre Wahltarife für Selbständige.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.titled],
    })],
    ...signed(p), tags: ['name:dr-med', 'name:ß', 'city:bad'],
  });
}
// 2-34. "Prof. Dr.", a double last name, a right-hand block, "Halle (Saale)".
{
  const p = person('Georg', 'Stein-Hartmann', 'Große Ulrichstraße 40', '06108', 'Halle (Saale)', 'G', '41029384', { title: 'Prof. Dr.' });
  cases.push({
    file: 'stress2-34-prof-halle-saale.png',
    pages: [letterPage({
      senderRight: [p.titled, p.street, p.place], date: '17.06.2026', subject: 'Auslandsaufenthalt',
      body: body(['für ein Forschungssemester in den USA benötige ich eine Bescheinigung.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.titled],
    })],
    ...signed(p), tags: ['name:prof', 'name:double-last', 'city:brackets', 'postcode:leading-zero'],
  });
}
// 2-35. A street with a number in its name.
{
  const p = person('Henrike', 'Vogel', 'Straße des 18. Oktober 7', '04103', 'Leipzig', 'V', '60493827');
  cases.push({
    file: 'stress2-35-strasse-mit-zahl.png',
    pages: [letterPage({
      ...classic(p), date: '18.06.2026', subject: 'Präventionskurs',
      body: body(['zahlen Sie einen Zuschuss zum Yogakurs an der Volkshochschule?', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['street:number-in-name'],
  });
}
// 2-36. A check-digit typo in a spaced number; name and address point to the member.
{
  const p = person('Bärbel', 'Quast', 'Lönsweg 8', '31785', 'Hameln', 'Q', '28406193');
  const typo = badKvnr('Q', '28406193');
  cases.push({
    file: 'stress2-36-gesperrte-nummer-tippfehler.png',
    pages: [letterPage({
      ...classic(p), date: '19.06.2026', subject: 'Beitragssatz',
      body: body(['wie hoch ist mein Beitrag ab Juli?', `Versichertennummer: ${spaced(typo)}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p, { number: typo, status: 'mismatch' }), tags: ['reg:invalid', 'number:spaced'],
  });
}
// 2-37. The typed name in italics, no pen.
{
  const p = person('Roswitha', 'Engel', 'Schlossallee 1', '53115', 'Bonn', 'E', '35792468');
  cases.push({
    file: 'stress2-37-kursiver-name-ohne-unterschrift.png',
    pages: [letterPage({
      font: SERIF, ...classic(p), date: '20.06.2026', subject: 'Kostenvoranschlag',
      body: body(['anbei der Kostenvoranschlag für meine Einlagen.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => text(200, y + 110, p.full, 'font-style="italic" font-size="36"'),
    })],
    ...signed(p, { signature: false }), tags: ['sig:italic-typed', 'sig:none'],
  });
}
const set2 = { cases: [...cases], members: [...members] };
cases.length = 0;
members.splice(3);
// ==================================================================================== set 3
// Mailroom situations and wording the first two sets lack (`--set 3`): the envelope scanned as
// page 1 (sender top left or on the back flap, the insurer in its window); a fax with the fax
// machine's header line, and a fax cover sheet as page 1; the insurer's own form returned filled
// in ("Rückantwort", the member's printed address in the window); the insurer's previous letter
// stapled behind or in front of the member's letter (with a printed "i. A." signature on it);
// a received stamp and a barcode sticker; a duplex scan with blank backs; notes on lined and
// squared notebook paper in blue "ballpoint" (an italic hand, no script font is installed);
// closings such as "Freundliche Grüße aus Köln", "Mit freundlichen Grüßen und bleiben Sie gesund",
// "Kind regards"; greetings "Hallo liebe Krankenkasse", "Moin"; numbers after "KVNR",
// "Krankenvers.-Nr.", in a reference line ("Ihr Zeichen") or written by hand into a printed gap;
// dates in words; phone and email lines inside the sender block; "Whg. 5", "bei …", "Hinterhaus",
// "Zimmer 12" in a care home; "von und zu", "Freifrau", hyphenated first names; English letters;
// a three-line letter; a head in two columns (sender left, date and number right).
const HAND = 'Liberation Serif, DejaVu Serif, serif';
const INK = '#1f3a93';
/** Blue "ballpoint" lines: an italic hand, a little larger than print. */
const hand = (x, y, list, step = 54, extra = '') => lines(x, y, list, step, `font-family="${HAND}" font-style="italic" font-size="36" fill="${INK}" ${extra}`);
const FAX_TOP = (page, of, from, fax) => text(60, 38, `12.03.2026 09:41   FAX ${fax}   ${from}   S. ${page}/${of}`, 'font-family="Liberation Mono, DejaVu Sans Mono, monospace" font-size="20"');

/** An envelope on the platen, front side: the sender top left, the insurer behind the window, the franking. */
function envelopeFront(sender) {
  const x0 = 150, y0 = 160, w = 1350, h = 900;
  let s = `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#fafaf6" stroke="#8a8a8a" stroke-width="3"/>`;
  if (sender) s += lines(x0 + 50, y0 + 70, sender, 30, 'font-size="22"');
  s += `<rect x="${x0 + 140}" y="${y0 + 380}" width="760" height="340" fill="#efefea" stroke="#b5b5b5" stroke-width="2" rx="12"/>`;
  s += lines(x0 + 180, y0 + 460, INSURER, 42);
  s += `<rect x="${x0 + w - 330}" y="${y0 + 40}" width="280" height="150" fill="none" stroke="#555" stroke-width="3"/>` + text(x0 + w - 310, y0 + 100, 'Deutsche Post', 'font-size="26" font-weight="bold"') + text(x0 + w - 310, y0 + 150, 'Entgelt bezahlt', 'font-size="22"');
  s += `<g fill="none" stroke="#666" stroke-width="3"><circle cx="${x0 + w - 520}" cy="${y0 + 115}" r="70"/><path d="M ${x0 + w - 440} ${y0 + 80} q 40 -20 80 0 t 80 0 M ${x0 + w - 440} ${y0 + 115} q 40 -20 80 0 t 80 0 M ${x0 + w - 440} ${y0 + 150} q 40 -20 80 0 t 80 0"/></g>`;
  return svgPage(s, { background: '#ececea' });
}

/** An envelope's back: the flap, and the sender written by hand under its tip. */
function envelopeBack(sender) {
  const x0 = 150, y0 = 160, w = 1350, h = 900;
  let s = `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#fafaf6" stroke="#8a8a8a" stroke-width="3"/>`;
  s += `<path d="M ${x0} ${y0} L ${x0 + w / 2} ${y0 + h * 0.45} L ${x0 + w} ${y0} M ${x0} ${y0 + h} L ${x0 + w * 0.42} ${y0 + h * 0.52} M ${x0 + w} ${y0 + h} L ${x0 + w * 0.58} ${y0 + h * 0.52}" fill="none" stroke="#9a9a9a" stroke-width="2"/>`;
  s += hand(x0 + 330, y0 + h * 0.58, sender);
  return svgPage(s, { background: '#ececea' });
}

/** The insurer's own letterhead, return line and window (holding the member), and its information column. */
function insurerHead(p, salutation, { ref = 'LK-204', date = '24.02.2026' } = {}) {
  return (
    text(1450, 130, 'Gesundheitskasse Nordrhein', 'font-size="42" font-weight="bold" text-anchor="end"') +
    text(1450, 172, 'Die Gesundheitskasse für das Rheinland', 'font-size="22" text-anchor="end"') +
    text(200, 462, 'Gesundheitskasse Nordrhein · Postfach 10 12 30 · 40003 Düsseldorf', 'font-size="18"') +
    lines(200, 520, [salutation, p.titled ?? p.full, p.street, p.place]) +
    lines(1080, 520, ['Unser Zeichen', ref, 'Versichertennummer', p.number, 'Datum', date], 34, 'font-size="24"')
  );
}
const insurerFooter = footerLine(['Gesundheitskasse Nordrhein', 'Kasernenstraße 12', '40213 Düsseldorf', 'www.gk-nordrhein.example']);

/** The insurer's letter to the member, as it comes back stapled to an answer. `facsimile`: signed by a clerk. */
function insurerLetter(p, salutation, greeting, { facsimile = false } = {}) {
  let s = insurerHead(p, salutation);
  s += text(200, 870, 'Ihr Antrag auf Kostenübernahme', 'font-weight="bold"');
  s += text(200, 960, greeting);
  s += lines(200, 1040, ['vielen Dank für Ihren Antrag. Damit wir ihn prüfen können, benötigen wir', 'noch den Kostenvoranschlag Ihres Sanitätshauses. Bitte senden Sie ihn uns', 'innerhalb von vier Wochen zu.']);
  s += text(200, 1230, 'Mit freundlichen Grüßen');
  if (facsimile) s += pen(215, 1260, { shape: 'flat', colour: '#222' }) + lines(200, 1430, ['Sabine Meier', 'Sachbearbeiterin']);
  else s += text(200, 1275, 'Ihre Gesundheitskasse Nordrhein') + text(200, 1340, 'Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.', 'font-size="22"');
  return svgPage(s + insurerFooter);
}

/** The insurer's questionnaire returned by the member: printed head and window, answers and signature by hand. */
function returnForm(p, salutation, { signedBy = true, place = 'Köln, 10.3.2026' } = {}) {
  let s = insurerHead(p, salutation, { ref: 'FV-11', date: '02.03.2026' });
  s += text(200, 830, 'Rückantwort: Fragebogen zur Familienversicherung', 'font-size="36" font-weight="bold"');
  s += text(200, 875, 'Bitte ausfüllen, unterschreiben und bis zum 31.03.2026 zurücksenden.', 'font-size="22"');
  const box = (y, ticked) => `<rect x="200" y="${y - 26}" width="30" height="30" fill="none" stroke="#333" stroke-width="2"/>` + (ticked ? `<path d="M 204 ${y - 22} L 226 ${y} M 226 ${y - 22} L 204 ${y}" stroke="${INK}" stroke-width="3"/>` : '');
  s += box(980, true) + text(250, 980, 'Mein Ehepartner ist bei mir familienversichert.');
  s += box(1040, false) + text(250, 1040, 'Mein Ehepartner ist selbst versichert.');
  s += text(200, 1130, 'Monatliches Einkommen des Ehepartners:') + hand(820, 1130, ['450 Euro (Minijob)']);
  s += text(200, 1200, 'Kinder im Haushalt:') + hand(520, 1200, ['zwei, 6 und 9 Jahre']);
  s += text(200, 1330, 'Ich versichere die Richtigkeit meiner Angaben.', 'font-size="24"');
  s += text(200, 1480, 'Ort, Datum', 'font-size="22"') + hand(200, 1440, [place]) + `<line x1="200" y1="1452" x2="650" y2="1452" stroke="#333" stroke-width="1.5"/>`;
  s += `<line x1="800" y1="1452" x2="1400" y2="1452" stroke="#333" stroke-width="1.5"/>` + text(800, 1480, 'Unterschrift des Mitglieds', 'font-size="22"');
  if (signedBy) s += pen(840, 1330, { shape: 'loop', colour: INK });
  return svgPage(s + insurerFooter);
}

/** Notebook paper: lined (with a red margin) or squared, light blue-grey. */
function notebook(kind) {
  let s = '';
  if (kind === 'lined') {
    for (let y = 260; y < H - 100; y += 64) s += `<line x1="0" y1="${y}" x2="${W}" y2="${y}" stroke="#a9bcd6" stroke-width="2"/>`;
    s += `<line x1="170" y1="0" x2="170" y2="${H}" stroke="#d98c8c" stroke-width="2"/>`;
  } else {
    for (let y = 20; y < H; y += 40) s += `<line x1="0" y1="${y}" x2="${W}" y2="${y}" stroke="#b4c3d8" stroke-width="1.5"/>`;
    for (let x = 20; x < W; x += 40) s += `<line x1="${x}" y1="0" x2="${x}" y2="${H}" stroke="#b4c3d8" stroke-width="1.5"/>`;
  }
  return s;
}

// 3-01. The envelope's front scanned as page 1 (sender top left, insurer in the window); the letter follows.
{
  const p = person('Petra', 'Janssen', 'Auf dem Kamp 9', '50859', 'Köln', 'J', '40817263');
  cases.push({
    file: 'stress3-01-umschlag-vorne-als-seite-1.pdf',
    pages: [
      envelopeFront([`Abs.: ${p.full}`, p.street, p.place]),
      letterPage({
        ...classic(p), date: 'Köln, 02.03.2026', subject: 'Kostenübernahme Einlagen',
        body: body(['anbei die Verordnung meiner Orthopädin über Schuheinlagen.', `Versichertennummer: ${p.number}`]),
        closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10), typed: [p.full],
      }),
    ],
    ...signed(p), tags: ['mailroom:envelope-front', 'pages:2'],
  });
}
// 3-02. The envelope's back (sender on the flap, by hand) as page 1; "Freundliche Grüße aus Köln".
{
  const p = person('Wolfram', 'Pietsch', 'Dellbrücker Hauptstraße 140', '51069', 'Köln', 'P', '62039184');
  cases.push({
    file: 'stress3-02-umschlag-rueckseite-gruesse-aus.tif',
    pages: [
      envelopeBack([`Abs. ${p.full}`, p.street, p.place]),
      letterPage({
        ...classic(p), date: '03.03.2026', subject: 'Befreiungsbescheinigung',
        body: body(['bitte senden Sie mir die Befreiungsbescheinigung für 2026 zu.', `Versichertennummer: ${p.number}`]),
        closing: 'Freundliche Grüße aus Köln', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
      }),
    ],
    ...signed(p), tags: ['mailroom:envelope-back', 'closing:gruesse-aus', 'pages:2'],
  });
}
// 3-03. Envelope front as page 1; the letter itself is a short note with no sender block: the
// sender's address stands only on the envelope (a clerk takes it from there).
{
  const p = person('Ilse', 'Marx', 'Stolberger Straße 3', '52068', 'Aachen', 'M', '15273849');
  cases.push({
    file: 'stress3-03-umschlag-einzige-anschrift.pdf',
    pages: [
      envelopeFront([`Abs.: ${p.full}`, p.street, p.place]),
      letterPage({
        recipient: [' '], date: 'Aachen, 4.3.26', greeting: 'Hallo liebe Krankenkasse,',
        body: body(['bitte schicken Sie mir das Formular für die Zuzahlungsbefreiung.', `KVNR: ${p.number}`, 'Danke!']),
        closing: 'Beste Grüße', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
      }),
    ],
    ...signed(p), tags: ['mailroom:envelope-only-address', 'greeting:hallo-liebe', 'label:kvnr', 'pages:2'],
  });
}
// 3-04. A fax: the fax machine's header line at the top of the page (date, fax number, name, page).
{
  const p = person('Reinhold', 'Kasper', 'Grevenbroicher Weg 22', '41542', 'Dormagen', 'K', '30918274');
  cases.push({
    file: 'stress3-04-fax-kopfzeile.tif',
    pages: [letterPage({
      ...classic(p), date: '12.03.2026', subject: 'Krankengeld – Auszahlschein',
      body: body(['anbei der Auszahlschein für das Krankengeld, ausgefüllt von meinem Arzt.', `Krankenversichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook', colour: '#000', width: 4 }), typed: [p.full],
      extra: FAX_TOP(1, 1, p.full.toUpperCase(), '+49 2133 778899'),
    })],
    noise: { fax: 150 },
    ...signed(p), tags: ['mailroom:fax-header', 'format:tiff-1bit'],
  });
}
// 3-05. A fax with a cover sheet as page 1 (to, from, pages); the letter on page 2.
{
  const p = person('Sandra', 'Lüdtke', 'Am Römerturm 5', '50667', 'Köln', 'L', '58203917');
  const cover = svgPage(
    FAX_TOP(1, 2, p.full, '+49 221 2405511') +
    text(200, 260, 'TELEFAX', 'font-size="72" font-weight="bold"') +
    lines(200, 420, ['An:', 'Fax:', 'Von:', 'Fax:', 'Datum:', 'Seiten:'], 60) +
    lines(520, 420, ['Gesundheitskasse Nordrhein, Kundenservice', '0211 9190-199', p.full, '0221 2405511', '12.03.2026', '2 (inkl. Deckblatt)'], 60) +
    `<line x1="200" y1="800" x2="1450" y2="800" stroke="#333" stroke-width="2"/>` +
    lines(200, 880, ['Nachricht:', 'Mein Widerspruch folgt auf der nächsten Seite.', 'Das Original geht heute mit der Post raus.']),
  );
  cases.push({
    file: 'stress3-05-fax-deckblatt.tif',
    pages: [
      cover,
      letterPage({
        ...classic(p), date: 'Köln, den 12. März 2026', subject: 'Widerspruch gegen den Bescheid vom 2. März 2026',
        body: body(['gegen den Bescheid lege ich Widerspruch ein. Die Begründung reiche ich nach.', `Versichertennummer: ${p.number}`]),
        closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall', colour: '#000', width: 4 }), typed: [p.full],
        extra: FAX_TOP(2, 2, p.full, '+49 221 2405511'),
      }),
    ],
    noise: { fax: 150 },
    ...signed(p), tags: ['mailroom:fax-cover', 'format:tiff-1bit', 'date:words', 'pages:2'],
  });
}
// 3-06. The insurer's questionnaire returned filled in and signed: the insurer's letterhead and
// return line, the member's printed address in the window, answers and signature by hand.
{
  const p = person('Andreas', 'Kühn', 'Venloer Straße 301', '50823', 'Köln', 'K', '71829304');
  cases.push({
    file: 'stress3-06-rueckantwort-unterschrieben.png',
    pages: [returnForm(p, 'Herrn')],
    ...signed(p), tags: ['mailroom:return-form', 'sig:form-line'],
  });
}
// 3-07. The same questionnaire returned without a signature.
{
  const p = person('Beate', 'Oster', 'Aachener Straße 55', '50674', 'Köln', 'O', '20394718');
  cases.push({
    file: 'stress3-07-rueckantwort-ohne-unterschrift.png',
    pages: [returnForm(p, 'Frau', { signedBy: false })],
    ...signed(p, { signature: false }), tags: ['mailroom:return-form', 'sig:none'],
  });
}
// 3-08. The member's answer with the insurer's letter stapled behind it; the number in an
// "Ihr Zeichen" reference line.
{
  const p = person('Günter', 'Vossen', 'Kempener Allee 18', '47803', 'Krefeld', 'V', '49302817');
  cases.push({
    file: 'stress3-08-antwort-mit-kassenbrief-dahinter.pdf',
    pages: [
      letterPage({
        ...classic(p), date: '05.03.2026', subject: 'Ihr Schreiben vom 24.02.2026',
        infoBlock: ['Ihr Zeichen', 'LK-204', 'Mein Zeichen', p.number],
        body: body(['anbei der gewünschte Kostenvoranschlag des Sanitätshauses. Ihr', 'Schreiben lege ich zur Zuordnung bei.']),
        closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
      }),
      insurerLetter(p, 'Herrn', `Sehr geehrter Herr ${p.m.last},`),
    ],
    ...signed(p), tags: ['mailroom:insurer-letter-behind', 'numPlacement:reference', 'pages:2'],
  });
}
// 3-09. The insurer's letter stapled in FRONT of the member's signed answer.
{
  const p = person('Hannelore', 'Brück', 'Düsseldorfer Straße 9', '40545', 'Düsseldorf', 'B', '83920471');
  cases.push({
    file: 'stress3-09-kassenbrief-davor.tif',
    pages: [
      insurerLetter(p, 'Frau', `Sehr geehrte Frau ${p.m.last},`),
      letterPage({
        ...classic(p), date: '06.03.2026', subject: 'Ihr Schreiben vom 24.02.2026',
        body: body(['wie gewünscht sende ich Ihnen den Kostenvoranschlag.', `Versichertennummer: ${p.number}`]),
        closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
      }),
    ],
    ...signed(p), tags: ['mailroom:insurer-letter-front', 'pages:2'],
  });
}
// 3-10. An unsigned answer ("gez.") with the insurer's letter behind it, signed by a clerk: the
// enclosure's ink is not the sender's signature.
{
  const p = person('Dietmar', 'Kollwitz', 'Friedenstraße 4', '42699', 'Solingen', 'K', '39482017');
  cases.push({
    file: 'stress3-10-gez-kassenbrief-mit-unterschrift.pdf',
    pages: [
      letterPage({
        ...classic(p), date: '07.03.2026', subject: 'Kostenvoranschlag',
        body: body(['anbei der Kostenvoranschlag, um den Sie mich gebeten haben.', `Vers.-Nr. ${p.number}`]),
        closing: 'Mit freundlichen Grüßen', room: 90, typed: [`gez. ${p.full}`],
      }),
      insurerLetter(p, 'Herrn', `Sehr geehrter Herr ${p.m.last},`, { facsimile: true }),
    ],
    ...signed(p, { signature: false }), tags: ['mailroom:insurer-letter-behind', 'sig:enclosure-only', 'sig:gez'],
  });
}
// 3-11. A note on lined paper in blue ballpoint (colour scan): sender and date by hand; "MfG".
{
  const p = person('Renate', 'Dahmen', 'Bachstraße 17', '41812', 'Erkelenz', 'D', '50392816');
  const s = notebook('lined') +
    hand(980, 310, [p.full, p.street, p.place]) +
    hand(230, 630, ['An die Gesundheitskasse Nordrhein', 'Postfach 10 12 30', '40003 Düsseldorf']) +
    hand(980, 886, ['Erkelenz, 5.3.2026']) +
    hand(230, 1014, ['Hallo liebe Krankenkasse,', 'ich brauche eine neue Karte, meine ist', 'kaputt gegangen. Meine Versicherten-Nr.', `ist ${p.number}.`, 'MfG']) +
    pen(260, 1300, { shape: 'loop', colour: INK }) + hand(230, 1526, [p.full]);
  cases.push({
    file: 'stress3-11-liniertes-papier-kuli.jpg',
    pages: [svgPage(s, { background: '#fdfdf8' })],
    noise: { colour: true, jpegQuality: 70 },
    ...signed(p), tags: ['paper:lined', 'ink:blue-hand', 'format:colour-jpg', 'closing:mfg'],
  });
}
// 3-12. Squared (Karo) paper, blue ballpoint, "Beste Grüße", the number after "KVNR".
{
  const p = person('Jan-Ole', 'Petersen', 'Hafenstraße 31', '47119', 'Duisburg', 'P', '72039184');
  const s = notebook('karo') +
    hand(220, 200, [p.full, p.street, p.place]) +
    hand(220, 520, ['Gesundheitskasse Nordrhein', 'Postfach 10 12 30', '40003 Düsseldorf']) +
    hand(1000, 800, ['Duisburg, 06.03.26']) +
    hand(220, 920, ['Moin,', 'bitte schickt mir eine Bescheinigung über', 'meine Mitgliedschaft für den neuen Job.', `KVNR ${p.number}`, 'Beste Grüße']) +
    pen(240, 1200, { shape: 'hook', colour: INK }) + hand(220, 1420, [p.full]);
  cases.push({
    file: 'stress3-12-karopapier-kuli.png',
    pages: [svgPage(s, { background: '#fcfcfc' })],
    noise: { colour: true },
    ...signed(p), tags: ['paper:karo', 'ink:blue-hand', 'greeting:moin', 'name:hyphen-first', 'label:kvnr', 'closing:beste-gruesse'],
  });
}
// 3-13. A three-line letter.
{
  const p = person('Horst', 'Jablonski', 'Ewaldstraße 8', '45699', 'Herten', 'J', '84920175');
  cases.push({
    file: 'stress3-13-drei-zeilen.png',
    pages: [letterPage({
      ...classic(p), date: '06.03.2026', subject: 'Neue Karte', greeting: 'Hallo,',
      body: body(['bitte eine neue Versichertenkarte schicken.', `KVNR ${p.number}`, 'Danke.']),
      closing: 'MfG', sign: (y) => pen(215, y + 10, { shape: 'initials', scale: 1.2 }), typed: [p.full],
    })],
    ...signed(p), tags: ['length:three-lines', 'closing:mfg', 'greeting:hallo'],
  });
}
// 3-14. Phone and email lines between the name and the street; a date in words.
{
  const p = person('Melanie', 'Özdemir', 'Severinswall 40', '50678', 'Köln', 'O', '19283065', { portal: true });
  cases.push({
    file: 'stress3-14-telefon-mail-im-absender.png',
    pages: [letterPage({
      senderLeft: [p.full, 'Tel. 0221 3345567', 'm.oezdemir@example.org', p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`,
      date: 'Köln, den 3. März 2026', subject: 'Kinderkrankengeld',
      body: body(['mein Sohn war vom 23. bis 27. Februar krank. Die Bescheinigung des', `Kinderarztes liegt bei. Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['sender:phone-mail-before-street', 'date:words'],
  });
}
// 3-15. "Whg. 5" on its own line between name and street.
{
  const p = person('Tanja', 'Weber', 'Rheinallee 112', '40545', 'Düsseldorf', 'W', '63029481');
  cases.push({
    file: 'stress3-15-wohnungsnummer.png',
    pages: [letterPage({
      senderLeft: [p.full, 'Whg. 5', p.street, p.place], returnLine: `${p.full} · Whg. 5 · ${p.street} · ${p.place}`, date: '07.03.2026', subject: 'Beitragsbescheinigung',
      body: body(['bitte senden Sie mir die Beitragsbescheinigung für das Finanzamt.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['address:whg'],
  });
}
// 3-16. "bei Müller" on the line under the name.
{
  const p = person('Kevin', 'Schuster', 'Ulmenweg 6', '42329', 'Wuppertal', 'S', '28304917');
  cases.push({
    file: 'stress3-16-bei-mueller.png',
    pages: [letterPage({
      senderRight: [p.full, 'bei Müller', p.street, p.place], date: '08.03.2026', subject: 'Anmeldung',
      body: body(['ich bin vorübergehend bei meiner Tante gemeldet. Bitte schicken Sie die', `Post an diese Anschrift. Versichertennummer: ${p.number}`]),
      closing: 'Viele Grüße', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: [p.full],
    })],
    ...signed(p), tags: ['address:bei', 'layout:right'],
  });
}
// 3-17. "Hinterhaus, 2. OG" under the name.
{
  const p = person('Lara', 'Fischer', 'Kastanienallee 12', '45127', 'Essen', 'F', '90817253');
  cases.push({
    file: 'stress3-17-hinterhaus.png',
    pages: [letterPage({
      senderLeft: [p.full, 'Hinterhaus, 2. OG', p.street, p.place], returnLine: `${p.full} · ${p.street} · ${p.place}`, date: '09.03.2026', subject: 'Zahnreinigung',
      body: body(['übernehmen Sie die Kosten einer professionellen Zahnreinigung?', `Meine Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    ...signed(p), tags: ['address:hinterhaus'],
  });
}
// 3-18. An old people's home: the home's name and "Zimmer 12" in the block.
{
  const p = person('Elfriede', 'Brandhorst', 'Klosterstraße 4', '48143', 'Münster', 'B', '11029384');
  cases.push({
    file: 'stress3-18-seniorenheim-zimmer.png',
    pages: [letterPage({
      senderLeft: [p.full, 'Seniorenzentrum St. Anna', 'Zimmer 12', p.street, p.place], date: 'Münster, 10.03.2026', subject: 'Pflegegrad',
      body: body(['ich bitte um eine neue Begutachtung meines Pflegegrades, mir geht es', `schlechter. Versichertennummer: ${p.number}`]),
      closing: 'Hochachtungsvoll', sign: (y) => pen(215, y + 10, { shape: 'flat', width: 2.6 }), typed: [p.full],
    })],
    ...signed(p), tags: ['address:care-home-room', 'closing:hochachtungsvoll'],
  });
}
// 3-19. "von und zu" in the name.
{
  const p = person('Marie-Luise', 'von und zu Hohenfels', 'Schlossweg 1', '53913', 'Swisttal', 'H', '47382019');
  cases.push({
    file: 'stress3-19-von-und-zu.png',
    pages: [letterPage({
      ...classic(p), date: '10.03.2026', subject: 'Kur',
      body: body(['ich beantrage eine Vorsorgekur; das Attest meines Hausarztes liegt bei.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['name:von-und-zu', 'name:hyphen-first'],
  });
}
// 3-20. "Freifrau" (part of the surname) and "Sehr geehrtes Team".
{
  const p = person('Charlotte', 'Freifrau von Reichenau', 'Lindenallee 30', '50968', 'Köln', 'R', '66029481');
  cases.push({
    file: 'stress3-20-freifrau.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: 'Köln, 11. März 2026', subject: 'Hörgerät', greeting: 'Sehr geehrtes Team der Gesundheitskasse,',
      body: body(['mein HNO-Arzt hat mir ein Hörgerät verordnet. Bitte teilen Sie mir mit,', `welche Akustiker Sie empfehlen. Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen und bleiben Sie gesund', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    ...signed(p), tags: ['name:freifrau', 'greeting:team', 'closing:long'],
  });
}
// 3-21. An English letter from an expatriate member.
{
  const p = person('Oliver', 'Bennett', 'Zülpicher Straße 58', '50937', 'Köln', 'B', '20394857');
  cases.push({
    file: 'stress3-21-englisch.png',
    pages: [letterPage({
      senderRight: [p.full, p.street, p.place], date: '12 March 2026', subject: 'European Health Insurance Card', greeting: 'Dear Sir or Madam,',
      body: body(['my European Health Insurance Card has expired. Could you please send me', `a new one? My health insurance number is ${p.number}.`]),
      closing: 'Kind regards', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['lang:en', 'closing:en', 'date:en'],
  });
}
// 3-22. An English letter from a cross-border commuter, "Yours faithfully", "Insurance no.".
{
  const p = person('Sophie', 'de Vries', 'Grenzweg 4', '52074', 'Aachen', 'V', '83019274');
  cases.push({
    file: 'stress3-22-englisch-grenzgaenger.png',
    pages: [letterPage({
      ...classic(p), date: 'March 12, 2026', subject: 'Re: S1 form for my employer in Maastricht', greeting: 'Dear Sir or Madam,',
      body: body(['I work in the Netherlands and live in Aachen. Please issue the S1', 'certificate for my Dutch employer.', `Insurance no.: ${p.number}`]),
      closing: 'Yours faithfully', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['lang:en', 'closing:en', 'name:de'],
  });
}
// 3-23. A head in two columns: the sender left, date, number and phone right on the same lines.
{
  const p = person('Frank', 'Hölscher', 'Im Winkel 3', '33602', 'Bielefeld', 'H', '56019283');
  cases.push({
    file: 'stress3-23-kopf-zweispaltig.png',
    pages: [letterPage({
      senderLeft: [p.full, p.street, p.place], senderRight: ['Bielefeld, 12.03.2026', `KVNR: ${p.number}`, 'Tel. 0521 667788'],
      subject: 'Widerspruch Hilfsmittel',
      body: body(['gegen die Ablehnung des Rollators lege ich Widerspruch ein.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
    })],
    ...signed(p), tags: ['layout:two-column-head', 'numPlacement:head', 'label:kvnr'],
  });
}
// 3-24. "Krankenvers.-Nr." written by hand into a printed gap.
{
  const p = person('Ulrike', 'Sauer', 'Mühlenweg 12', '53604', 'Bad Honnef', 'S', '39201847');
  cases.push({
    file: 'stress3-24-nummer-handschriftlich-eingetragen.png',
    pages: [letterPage({
      ...classic(p), date: '13.03.2026', subject: 'Antrag auf Mutterschaftsgeld',
      body: body(['anbei das Zeugnis über den voraussichtlichen Entbindungstag.', 'Krankenvers.-Nr.:']),
      extra: hand(480, 1078, [p.number]) + `<line x1="465" y1="1088" x2="900" y2="1088" stroke="#333" stroke-width="1.5"/>`,
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop', colour: INK }), typed: [p.full],
    })],
    ...signed(p), tags: ['number:handwritten', 'label:krankenvers-nr'],
  });
}
// 3-25. A received stamp across the date and a mailroom barcode sticker in the top margin.
{
  const p = person('Bernhard', 'Esch', 'Lindenstraße 19', '52525', 'Heinsberg', 'E', '75019283');
  const sticker = `<rect x="1000" y="40" width="450" height="90" fill="#ffffff" stroke="#999" stroke-width="1"/>` +
    Array.from({ length: 38 }, (_, i) => `<rect x="${1020 + i * 9}" y="52" width="${i % 3 === 0 ? 5 : 3}" height="48" fill="#111"/>`).join('') + text(1020, 122, 'SCAN 2026-0313-00457', 'font-size="16"');
  cases.push({
    file: 'stress3-25-eingangsstempel-barcode.png',
    pages: [letterPage({
      ...classic(p), date: '13.03.2026', subject: 'Haushaltshilfe',
      body: body(['ich beantrage nach meiner Hüftoperation eine Haushaltshilfe.', `Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
      extra: sticker + stamp(980, 700, 'EINGEGANGEN', '16. MÄRZ 2026 · Posteingang'),
    })],
    ...signed(p), tags: ['mailroom:received-stamp', 'mailroom:barcode'],
  });
}
// 3-26. A duplex scan: blank backs between the letter and its enclosure (an invoice).
{
  const p = person('Sabine', 'Tillmann', 'Grüner Weg 7', '59494', 'Soest', 'T', '84039271');
  const blank = svgPage('');
  const invoice = svgPage(lines(200, 160, ['Physiotherapie Am Markt', 'Markt 2, 59494 Soest']) + text(200, 420, 'Rechnung Nr. 2026-118', 'font-weight="bold"') +
    lines(200, 500, [`Patientin: ${p.full}`, '6 x Krankengymnastik à 28,50 €', 'Summe: 171,00 €', 'Bitte überweisen Sie den Betrag innerhalb von 14 Tagen.']));
  cases.push({
    file: 'stress3-26-duplex-leere-rueckseiten.tif',
    pages: [
      letterPage({
        ...classic(p), date: '14.03.2026', subject: 'Erstattung Krankengymnastik',
        body: body(['bitte erstatten Sie mir die beiliegende Rechnung.', `Versichertennummer: ${p.number}`]),
        closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [p.full],
      }),
      blank, invoice, blank,
    ],
    noise: { speckle: 0.00015 },
    ...signed(p), tags: ['mailroom:duplex-blank', 'pages:4'],
  });
}
// 3-27. "Gruß und Dank" and "z. Hd." lines in the window.
{
  const p = person('Detlef', 'Krüger', 'Am Stadtpark 2', '41061', 'Mönchengladbach', 'K', '27304918');
  cases.push({
    file: 'stress3-27-zhd-gruss-und-dank.png',
    pages: [letterPage({
      ...classic(p), recipient: ['Gesundheitskasse Nordrhein', 'Abteilung Pflege', 'z. Hd. Frau Meier', 'Postfach 10 12 30', '40003 Düsseldorf'],
      date: '15.03.2026', subject: 'Pflegehilfsmittel', greeting: 'Sehr geehrte Frau Meier,',
      body: body(['wie telefonisch besprochen sende ich Ihnen den Antrag auf Pflegehilfsmittel.', `Versichertennummer: ${p.number}`]),
      closing: 'Gruß und Dank', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['recipient:zhd', 'closing:gruss-und-dank'],
  });
}
// 3-28. "Liebe Grüße aus dem Sauerland", a weekday in the date.
{
  const p = person('Anja', 'Wrede', 'Kirchstraße 3', '59872', 'Meschede', 'W', '60293847');
  cases.push({
    file: 'stress3-28-gruesse-aus-dem.png',
    pages: [letterPage({
      ...classic(p), date: 'Meschede, Montag, 16. März 2026', subject: 'Bonusprogramm',
      body: body(['anbei mein Bonusheft. Ich habe alle Vorsorgetermine wahrgenommen.', `Versichertennummer: ${p.number}`]),
      closing: 'Liebe Grüße aus dem Sauerland', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
    })],
    ...signed(p), tags: ['closing:gruesse-aus', 'date:weekday'],
  });
}
// 3-29. "Mit herzlichem Dank" and "Ihre" before the typed name.
{
  const p = person('Gudrun', 'Lammers', 'Brunnenstraße 21', '46397', 'Bocholt', 'L', '18203947');
  cases.push({
    file: 'stress3-29-herzlichem-dank-ihre.png',
    pages: [letterPage({
      ...classic(p), date: '17.03.2026', subject: 'Dank für die schnelle Hilfe',
      body: body(['vielen Dank für die schnelle Genehmigung meiner Reha. Die Unterlagen für', `die Klinik lege ich bei. Versichertennummer: ${p.number}`]),
      closing: 'Mit herzlichem Dank', sign: (y) => pen(215, y + 10, { shape: 'hook' }), typed: [`Ihre ${p.full}`],
    })],
    ...signed(p), tags: ['closing:herzlichem-dank', 'typed:possessive'],
  });
}
// 3-30. "Alles Gute" unsigned, with the typed name only.
{
  const p = person('Matthias', 'Thönnes', 'Wiesenstraße 44', '52349', 'Düren', 'T', '94028173');
  cases.push({
    file: 'stress3-30-alles-gute-ohne-unterschrift.png',
    pages: [letterPage({
      ...classic(p), date: '18.03.2026', subject: 'Adresse der Geschäftsstelle',
      body: body(['hat Ihre Geschäftsstelle in Düren auch samstags geöffnet?', `Versichertennummer: ${p.number}`]),
      closing: 'Alles Gute', room: 90, typed: [p.full],
    })],
    ...signed(p, { signature: false }), tags: ['closing:alles-gute', 'sig:none'],
  });
}
// 3-31. A member writes "Mein Zeichen" with the number in a DIN reference line (labels above values).
{
  const p = person('Yasemin', 'Kaya', 'Hochstraße 70', '47798', 'Krefeld', 'K', '50291836');
  cases.push({
    file: 'stress3-31-bezugszeichenzeile.png',
    pages: [letterPage({
      ...classic(p), subject: 'Fahrkosten',
      extra: text(200, 780, 'Ihr Zeichen, Ihre Nachricht vom       Unser Zeichen       Telefon       Datum', 'font-size="20"') +
        text(200, 815, `FK-77, 02.03.2026       ${p.number}       02151 20304       19.03.2026`, 'font-size="26"'),
      body: body(['bitte erstatten Sie die Fahrkosten zur Strahlentherapie wie besprochen.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'loop' }), typed: [p.full],
    })],
    ...signed(p), tags: ['numPlacement:reference-line', 'label:none'],
  });
}
// 3-32. A handwritten PS under the typed name.
{
  const p = person('Tobias', 'Nierhaus', 'Teichstraße 5', '45525', 'Hattingen', 'N', '73920184');
  cases.push({
    file: 'stress3-32-ps-handschriftlich.png',
    pages: [letterPage({
      ...classic(p), date: '20.03.2026', subject: 'Zweitmeinung',
      body: body(['ich möchte vor meiner Knieoperation eine Zweitmeinung einholen. Welche', `Ärzte kommen dafür in Frage? Versichertennummer: ${p.number}`]),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'tall' }), typed: [p.full],
      after: (y) => hand(200, y + 40, ['PS: Bitte rufen Sie mich gerne an!']),
    })],
    ...signed(p), tags: ['after:ps-hand'],
  });
}
// 3-33. A representative: a care home's social worker writes for a resident (no power of attorney stated).
{
  const member = person('Wilma', 'Hüsken', 'Klosterstraße 4', '48143', 'Münster', 'H', '29304817');
  cases.push({
    file: 'stress3-33-sozialdienst-fuer-bewohnerin.png',
    pages: [letterPage({
      senderLeft: ['Seniorenzentrum St. Anna', 'Sozialdienst', 'Klosterstraße 4', '48143 Münster'], returnLine: 'Seniorenzentrum St. Anna · Klosterstraße 4 · 48143 Münster',
      date: '20.03.2026', subject: [`Bewohnerin Wilma Hüsken, Vers.-Nr. ${member.number}`],
      body: body(['im Auftrag unserer Bewohnerin Frau Hüsken, für die ich als Betreuerin bestellt', 'bin, bitte ich um Zusendung eines Antrags auf Verhinderungspflege.']),
      closing: 'Mit freundlichen Grüßen', sign: (y) => pen(215, y + 10, { shape: 'flat' }), typed: ['Monika Sträter', 'Sozialdienst'],
    })],
    name: 'Monika Sträter', address: { street: 'Klosterstraße 4', postalCode: '48143', city: 'Münster' }, number: member.number, signature: true, member: member.m, status: 'mismatch', representative: true,
    tags: ['scenario:representative', 'sender:institution'],
  });
}
// 3-34. Karo paper, a mobile-phone-like grey scan, sender block with email and a two-word town.
{
  const p = person('Nils', 'Brockmann', 'Rosenhügel 8', '51465', 'Bergisch Gladbach', 'B', '30192847');
  const s = notebook('karo') +
    hand(220, 200, [p.full, 'nils.b@example.org', p.street, p.place]) +
    hand(220, 560, ['Gesundheitskasse Nordrhein', 'Postfach 10 12 30', '40003 Düsseldorf']) +
    hand(900, 840, ['Bergisch Gladbach, 21.3.26']) +
    hand(220, 960, ['Sehr geehrte Damen und Herren,', 'bitte senden Sie mir den Antrag auf', 'Kostenerstattung für meine Brille.', `Vers.-Nr. ${p.number}`, 'Viele Grüße']) +
    pen(240, 1240, { shape: 'loop', colour: INK }) + hand(220, 1460, [p.full]);
  cases.push({
    file: 'stress3-34-karo-grau.jpg',
    pages: [svgPage(s, { background: '#f4f4f1' })],
    noise: { contrast: 0.75, jpegQuality: 55, speckle: 0.0002 },
    ...signed(p), tags: ['paper:karo', 'ink:blue-hand', 'format:jpg', 'city:multiword'],
  });
}
const set3 = { cases: [...cases], members: [...members] };
const chosen = SET === 3 ? set3 : SET === 2 ? set2 : set1;

// ------------------------------------------------------------------------------------ write
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const truths = [];
for (const c of chosen.cases) {
  await writeScan(c.file, c.pages, c.noise ?? {});
  truths.push(truthFor(c));
  process.stderr.write(`${c.file}\n`);
}
await writeFile(path.join(OUT, 'truth.jsonl'), truths.map((t) => JSON.stringify(t)).join('\n') + '\n');
const csvRows = chosen.members.map((m) => [m.number, m.first, m.last, m.street, m.plz, m.city, m.portal ? 'true' : 'false'].join(','));
await writeFile(path.join(OUT, 'members.csv'), ['insurance_number,first_name,last_name,street,postal_code,city,portal_account', ...csvRows].join('\n') + '\n');
console.log(`${chosen.cases.length} letters, truth.jsonl and members.csv in ${OUT}`);
