#!/usr/bin/env node
// Writes a labelled stress set of invented emails (.eml) and contact forms (.json) in the
// conventions of the shared dev corpus (truth.jsonl, members.csv, _tags, _flagsOptional, _authCode):
// MIME and wording variation the corpora lack. Every person, number and address is invented.
//
//   node scripts/make-stress-messages.mjs [OUT_DIR]      (default /tmp/stress-messages)

import fs from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(process.argv[2] ?? '/tmp/stress-messages');

// ------------------------------------------------------------------ deterministic randomness
let seed = 20240917;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

// ------------------------------------------------------------------ insurance numbers
function checkDigit(letter, eight) {
  const l = letter.charCodeAt(0) - 64;
  const ds = [Math.floor(l / 10), l % 10, ...eight.split('').map(Number)];
  let sum = 0;
  ds.forEach((d, i) => { const p = d * (i % 2 === 0 ? 1 : 2); sum += p > 9 ? p - 9 : p; });
  return String(sum % 10);
}
const usedNumbers = new Set();
function newKvnr() {
  for (;;) {
    const letter = String.fromCharCode(65 + Math.floor(rnd() * 26));
    const eight = digits(8);
    const n = letter + eight + checkDigit(letter, eight);
    if (!usedNumbers.has(n)) { usedNumbers.add(n); return n; }
  }
}
function invalidKvnr() {
  const n = newKvnr();
  return n.slice(0, 9) + String((Number(n[9]) + 3) % 10);
}
const spaced = (n) => `${n[0]} ${n.slice(1, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
const dashed = (n) => `${n[0]}-${n.slice(1, 5)}-${n.slice(5, 9)}-${n[9]}`;

// ------------------------------------------------------------------ people and places
const FIRST_F = ['Anna', 'Birgit', 'Claudia', 'Doris', 'Erika', 'Gisela', 'Heike', 'Ines', 'Jutta', 'Karin', 'Lea', 'Monika', 'Nicole', 'Petra', 'Renate', 'Sabine', 'Tanja', 'Ursula', 'Vera', 'Zoe', 'Jürgen'];
const FIRST_M = ['Andreas', 'Bernd', 'Christian', 'Dieter', 'Frank', 'Günter', 'Holger', 'Jörg', 'Klaus', 'Lukas', 'Markus', 'Norbert', 'Oliver', 'Peter', 'Ralf', 'Stefan', 'Thomas', 'Uwe', 'Volker', 'Wolfgang'];
const LAST = ['Bäcker', 'Brandt', 'Dietrich', 'Engel', 'Fuchs', 'Größer', 'Haas', 'Hübner', 'Jansen', 'Kühn', 'Lorenz', 'Möller', 'Nowak', 'Otto', 'Pohl', 'Roth', 'Schäfer', 'Seidel', 'Thiel', 'Vogt', 'Walter', 'Winkler', 'Ziegler', 'Köhler', 'Sommer', 'Krämer'];
const STREETS = ['Lindenstraße', 'Am Stadtpark', 'Kirchgasse', 'Ahornweg', 'Friedrich-Ebert-Straße', 'Hauptstr.', 'Im Wiesengrund', 'Marktplatz', 'Bahnhofstraße', 'Grüner Weg', 'Zur Mühle', 'Eschenallee'];
const CITIES = [['44787', 'Bochum'], ['01067', 'Dresden'], ['04109', 'Leipzig'], ['09111', 'Chemnitz'], ['33602', 'Bielefeld'], ['48143', 'Münster'], ['59065', 'Hamm'], ['24103', 'Kiel'], ['23552', 'Lübeck'], ['45127', 'Essen'], ['06108', 'Halle (Saale)'], ['58095', 'Hagen']];
const usedNames = new Set();
function person(sex = rnd() < 0.5 ? 'f' : 'm') {
  for (;;) {
    const first = pick(sex === 'f' ? FIRST_F.filter((n) => n !== 'Jürgen') : FIRST_M);
    const last = pick(LAST);
    if (usedNames.has(first + last)) continue;
    usedNames.add(first + last);
    const [postalCode, city] = pick(CITIES);
    const street = `${pick(STREETS)} ${1 + Math.floor(rnd() * 140)}${rnd() < 0.15 ? 'a' : ''}`;
    return { first, last, name: `${first} ${last}`, sex, street, postalCode, city, kvnr: newKvnr(), portal: rnd() < 0.35 };
  }
}
const addr = (p) => ({ street: p.street, postalCode: p.postalCode, city: p.city });
const moved = (p) => { const [postalCode, city] = pick(CITIES); return { street: `${pick(STREETS)} ${2 + Math.floor(rnd() * 90)}`, postalCode, city }; };
const mailOf = (p) => `${p.first[0].toLowerCase()}.${p.last.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')}${Math.floor(rnd() * 90 + 10)}@${pick(['web.de', 'gmx.de', 't-online.de', 'gmail.com', 'posteo.de'])}`;
const herrFrau = (p) => (p.sex === 'f' ? 'Frau' : 'Herr');

// ------------------------------------------------------------------ registry
const members = [];
function register(p, over = {}) {
  const a = over.address ?? addr(p);
  members.push([over.kvnr ?? p.kvnr, over.first ?? p.first, over.last ?? p.last, a.street, a.postalCode, a.city, String(p.portal)]);
}
for (let i = 0; i < 60; i++) register(person()); // bystanders

// ------------------------------------------------------------------ encodings
const CP1252 = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '–': 0x96, '—': 0x97, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95 };
function bytesOf(s, charset) {
  const cs = charset.toLowerCase();
  if (cs === 'utf-8') return Buffer.from(s, 'utf8');
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (cs === 'windows-1252' && CP1252[ch] !== undefined) out.push(CP1252[ch]);
    else if (c < 256) out.push(c);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}
function qp(s, charset, eol = '\n') {
  const lines = s.split('\n');
  return lines.map((line) => {
    const b = bytesOf(line, charset);
    let enc = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      const last = i === b.length - 1;
      enc += (c >= 33 && c <= 126 && c !== 61) || ((c === 32 || c === 9) && !last) ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    const parts = [];
    while (enc.length > 75) {
      let cut = 75;
      const eq = enc.lastIndexOf('=', cut - 1);
      if (eq > cut - 3) cut = eq;
      parts.push(enc.slice(0, cut) + '=');
      enc = enc.slice(cut);
    }
    parts.push(enc);
    return parts.join(eol);
  }).join(eol);
}
function b64(s, charset, width = 76, eol = '\n') {
  const t = bytesOf(s, charset).toString('base64');
  if (!width) return t;
  return t.match(new RegExp(`.{1,${width}}`, 'g')).join(eol);
}
const ew = (s, charset = 'UTF-8', mode = 'Q') => {
  const b = bytesOf(s, charset);
  if (mode === 'B') return `=?${charset}?B?${b.toString('base64')}?=`;
  let enc = '';
  for (const c of b) enc += (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? String.fromCharCode(c) : c === 32 ? '_' : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
  return `=?${charset}?Q?${enc}?=`;
};
// Raw 8-bit text (UTF-8 bytes) as the latin1 string the file is written from.
const raw8 = (s) => Buffer.from(s, 'utf8').toString('latin1');
const INSURER = 'AOK NordWest Kundenservice <service@nw.aok.de>';
let dayCounter = 0;
function headers({ from, to = INSURER, subject, messageId = true, extra = [], id }) {
  dayCounter++;
  const d = new Date(Date.UTC(2024, 0, 3) + dayCounter * 86400000 * 1.7);
  const h = [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Date: ${d.toUTCString().replace('GMT', '+0000')}`];
  if (messageId) h.push(`Message-ID: <stress-${id}.${digits(6)}@mail.example>`);
  h.push('MIME-Version: 1.0', ...extra);
  return h.map(raw8);
}
function textPart(body, { charset = 'utf-8', cte = 'quoted-printable', flowed = false, eol = '\n', width = 76 } = {}) {
  const ct = `Content-Type: text/plain; charset=${charset}${flowed ? '; format=flowed' : ''}`;
  const enc = cte === 'quoted-printable' ? qp(body, charset, eol) : cte === 'base64' ? b64(body, charset, width, eol) : raw8(body.replace(/\n/g, eol));
  return [ct, `Content-Transfer-Encoding: ${cte}`, '', enc].join(eol);
}
function htmlPart(html, charset = 'utf-8') {
  return [`Content-Type: text/html; charset=${charset}`, 'Content-Transfer-Encoding: quoted-printable', '', qp(html, charset)].join('\n');
}
function multipart(type, parts, boundary, extraParams = '') {
  return { ct: `Content-Type: multipart/${type}; boundary="${boundary}"${extraParams}`, body: [...parts.map((p) => `--${boundary}\n${p}`), `--${boundary}--`, ''].join('\n\n') };
}
const htmlEsc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const htmlParas = (text) => text.split('\n\n').map((p) => `<p>${htmlEsc(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');

// ------------------------------------------------------------------ output bookkeeping
const items = [];
let counter = 0;
function emit(ext, content, truth) {
  counter++;
  const file = `stress-${String(counter).padStart(3, '0')}.${ext}`;
  items.push({ file, content, truth: { file, ...truth } });
}
const CLOSINGS = ['Mit freundlichen Grüßen', 'Viele Grüße', 'Freundliche Grüße', 'Beste Grüße', 'MfG'];
const GREETINGS = ['Sehr geehrte Damen und Herren,', 'Guten Tag,', 'Hallo,', 'Liebes Service-Team,'];
const QUOTE_CHAIN = (p) => `-----Ursprüngliche Nachricht-----
Von: AOK NordWest Kundenservice <service@nw.aok.de>
Gesendet: Montag, 4. März 2024 09:12
An: ${p.first.toLowerCase()}@example.de
Betreff: Ihre Anfrage

Sehr geehrte${p.sex === 'f' ? ' Frau' : 'r Herr'} ${p.last},

vielen Dank für Ihre Nachricht. Damit wir Ihr Anliegen bearbeiten können, teilen Sie uns bitte Ihre Versichertennummer und Ihre vollständige Anschrift mit.
Bitte beachten Sie: Aus Datenschutzgründen dürfen wir Ihnen per E-Mail keine personenbezogenen Daten übermitteln.

Mit freundlichen Grüßen
Sandra Kluge
Kundenberatung
AOK NordWest – Die Gesundheitskasse
Kopenhagener Straße 1
44269 Dortmund
Telefon 0800 2655 000
`;

// Email truth for the sender themself (no representative).
function emailTruth(p, { name = p.name, address = null, number = p.kvnr, valid = true, status = 'matched', flags = [], optional = [], tags = [], authCode, review } = {}) {
  const t = { channel: 'email', channelSecurity: 'insecure', sender: { name, address, insuranceNumber: number, insuranceNumberValid: number ? valid : null }, signaturePresent: false };
  const f = new Set(flags);
  if (number || address || authCode) f.add('personal-data-insecure-channel');
  if (!number) f.add('missing-insurance-number');
  if (number && !valid) f.add('invalid-insurance-number');
  if (!name) f.add('missing-name');
  if (authCode) f.add('auth-code-disclosed');
  const opt = new Set(optional);
  if (status === 'matched') {
    t.member = { status, insuranceNumber: number };
    t.reply = { channel: p.portal ? 'portal' : 'post' };
  } else if (status === 'not-found') {
    t.member = { status, insuranceNumber: null };
    f.add('member-not-found');
    opt.add('no-secure-reply-route');
  } else if (status === 'mismatch') {
    t.member = { status, insuranceNumber: p.kvnr };
    f.add('member-mismatch');
    opt.add('no-secure-reply-route');
  } else if (status === null) {
    opt.add('member-mismatch'); opt.add('member-not-found'); opt.add('no-secure-reply-route');
  }
  t.authenticated = false;
  t.flags = [...f].sort();
  const reviewFlags = t.flags.filter((x) => x !== 'personal-data-insecure-channel' && x !== 'address-change-request');
  if (review !== undefined) t.needsReview = review;
  else if (opt.size === 0 || reviewFlags.length > 0) t.needsReview = reviewFlags.length > 0;
  if (opt.size) t._flagsOptional = [...opt].sort();
  if (authCode) t._authCode = authCode;
  t._tags = ['channel:email', ...tags];
  return t;
}
function representativeTruth(channel, number, { valid = true, tags = [], extraFlags = [], authCode, signature = false } = {}) {
  const f = new Set(['representative', ...extraFlags]);
  if (channel === 'email') f.add('personal-data-insecure-channel');
  const t = { channel, channelSecurity: channel === 'email' ? 'insecure' : 'secure', sender: { insuranceNumber: number, insuranceNumberValid: valid }, signaturePresent: signature, authenticated: false, flags: [...f].sort(), needsReview: true, _flagsOptional: ['member-mismatch', 'member-not-found', 'no-secure-reply-route'] };
  if (authCode) t._authCode = authCode;
  t._tags = [`channel:${channel}`, 'scenario:representative', ...tags];
  return t;
}

// ================================================================== EMAILS: MIME variation
// 1, 2: quoted-printable ISO-8859-1 and windows-1252, number and address in the signature
for (const charset of ['iso-8859-1', 'windows-1252']) {
  const p = person(); register(p);
  const body = `${pick(GREETINGS)}

bitte senden Sie mir eine Bescheinigung über meine Mitgliedszeiten – ich brauche sie für meinen neuen Arbeitgeber „bis Ende des Monats“.

${pick(CLOSINGS)}
${p.name}
${p.street}
${p.postalCode} ${p.city}
Versichertennr.: ${spaced(p.kvnr)}`;
  const h = headers({ from: `${ew(p.name, charset.toUpperCase(), 'Q')} <${mailOf(p)}>`, subject: ew('Bescheinigung – Mitgliedszeiten', charset.toUpperCase(), 'Q'), id: counter + 1 });
  emit('eml', [...h, textPart(body, { charset })].join('\n'), emailTruth(p, { address: addr(p), tags: [`mime:qp-${charset}`, 'numPlacement:signature'] }));
}
// 3: base64 UTF-8 with one very long line per paragraph, base64 not wrapped
{
  const p = person(); register(p);
  const long = `ich wende mich an Sie, weil ich seit einigen Wochen versuche, eine Kopie meiner Versichertenkarte zu bekommen, und bisher keine Antwort erhalten habe, obwohl ich schon zweimal angerufen habe und mir jedes Mal gesagt wurde, dass sich jemand melden würde; meine Versichertennummer ist ${p.kvnr} und ich wohne in der ${p.street} in ${p.postalCode} ${p.city}, falls Sie mir die Karte per Post schicken möchten, was mir am liebsten wäre.`;
  const body = `Guten Tag,\n\n${long}\n\n${pick(CLOSINGS)}\n${p.name}`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Neue Karte', id: counter + 1 });
  emit('eml', [...h, textPart(body, { cte: 'base64', width: 0 })].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:b64-longline', 'numPlacement:body'] }));
}
// 4: multipart/alternative whose text part is only a stub, the HTML holds the message
{
  const p = person(); register(p);
  const text = 'Diese Nachricht ist im HTML-Format. Bitte verwenden Sie ein E-Mail-Programm, das HTML anzeigen kann.';
  const msg = `Sehr geehrte Damen und Herren,\n\nich möchte meine Bonuspunkte für 2023 einreichen. Meine Krankenversichertennummer lautet ${p.kvnr}.\n\n${pick(CLOSINGS)}\n${p.name}`;
  const alt = multipart('alternative', [textPart(text), htmlPart(`<html><body>${htmlParas(msg)}</body></html>`)], '=_alt_stub_4711');
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Bonusprogramm 2023', id: counter + 1 });
  emit('eml', [...h, alt.ct, '', alt.body].join('\n'), emailTruth(p, { tags: ['mime:alt-stub-text', 'numPlacement:body'] }));
}
// 5: multipart/alternative where text and HTML differ: the HTML carries the signature block in a table
{
  const p = person(); register(p);
  const text = `Guten Tag,\n\nanbei meine Frage zur Familienversicherung: Ist mein Sohn ab August noch mitversichert?\n\n${pick(CLOSINGS)}\n${p.name}`;
  const html = `<html><body><div style="font-family:Calibri">${htmlParas(`Guten Tag,\n\nanbei meine Frage zur Familienversicherung: Ist mein Sohn ab August noch mitversichert?\n\n${pick(CLOSINGS)}`)}
<table cellpadding="0" cellspacing="0" border="0"><tr><td style="padding-right:12px"><b>${htmlEsc(p.name)}</b></td></tr><tr><td>${htmlEsc(p.street)}</td></tr>
<tr><td>${p.postalCode} ${htmlEsc(p.city)}</td></tr><tr><td>Versichertennummer</td><td>${p.kvnr}</td></tr></table></div></body></html>`;
  const alt = multipart('alternative', [textPart(text), htmlPart(html)], '=_alt_diff_0815');
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Familienversicherung', id: counter + 1 });
  emit('eml', [...h, alt.ct, '', alt.body].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:alt-differ', 'layout:html-table-signature'] }));
}
// 6: Outlook multipart/related with inline logo, HTML only, signature as a table
{
  const p = person(); register(p);
  const html = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p.MsoNormal{margin:0cm;font-size:11.0pt}</style></head><body lang="DE"><div class="WordSection1">
<p class="MsoNormal">Sehr geehrte Damen und Herren,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">ich bitte um Zusendung des Antrags auf Kostenerstattung für meine Brille.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Mit freundlichen Grüßen<o:p></o:p></p>
<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0"><tr>
<td width="80" valign="top"><p class="MsoNormal"><img width="64" height="64" src="cid:image001.png@01DA0000.5F3E2A10" alt="Logo"></p></td>
<td valign="top"><p class="MsoNormal"><b>${htmlEsc(p.name)}</b><br>${htmlEsc(p.street)}<br>${p.postalCode} ${htmlEsc(p.city)}<br>KV-Nr.: ${p.kvnr}<o:p></o:p></p></td></tr></table>
</div></body></html>`;
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const imgPart = ['Content-Type: image/png; name="image001.png"', 'Content-Description: image001.png', 'Content-Disposition: inline; filename="image001.png"', 'Content-ID: <image001.png@01DA0000.5F3E2A10>', 'Content-Transfer-Encoding: base64', '', png].join('\n');
  const rel = multipart('related', [htmlPart(html), imgPart], '_004_related_', '; type="text/html"');
  const h = headers({ from: `"${p.last}, ${p.first}" <${mailOf(p)}>`, subject: 'Antrag Kostenerstattung', id: counter + 1, extra: ['X-Mailer: Microsoft Outlook 16.0', 'Thread-Index: AdoAAAAAAAAAAAAAAAAAAAAAAAA=', 'Content-Language: de-DE'] });
  emit('eml', [...h, rel.ct, '', rel.body].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:outlook-related', 'numPlacement:signature'] }));
}
// 7: forwarded message/rfc822 attachment from the same sender (their earlier mail holds the data)
{
  const p = person(); register(p);
  const from = `${p.name} <${mailOf(p)}>`;
  const inner = [...headers({ from, subject: 'Erstattung Zahnreinigung', id: 'inner' + counter }), textPart(`Guten Tag,\n\nich habe Ihnen die Rechnung für die Zahnreinigung geschickt. Meine Versichertennummer: ${p.kvnr}\n\n${pick(CLOSINGS)}\n${p.name}\n${p.street}\n${p.postalCode} ${p.city}`)].join('\n');
  const mixed = multipart('mixed', [textPart(`Hallo,\n\nich habe auf meine Mail unten noch keine Antwort. Ich hänge sie noch einmal an.\n\nGruß\n${p.first}`), ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="Erstattung Zahnreinigung.eml"', '', inner].join('\n')], '----=_fwd_rfc822');
  const h = headers({ from, subject: 'WG: Erstattung Zahnreinigung', id: counter + 1 });
  emit('eml', [...h, mixed.ct, '', mixed.body].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:rfc822-attached', 'chain:forward'] }));
}
// 8: forwarded message/rfc822 from another sender (a practice): its data is not the sender's
{
  const p = person(); register(p);
  const other = person();
  const inner = [...headers({ from: `Praxis Dr. ${other.last} <praxis@example-arzt.de>`, subject: 'Ihr Termin', id: 'inner' + counter }), textPart(`Sehr geehrte${p.sex === 'f' ? ' Frau' : 'r Herr'} ${p.last},\n\nIhr Termin ist am 12.3. um 9 Uhr.\n\nPraxis Dr. ${other.last}\n${other.street}\n${other.postalCode} ${other.city}`)].join('\n');
  const mixed = multipart('mixed', [textPart(`Guten Tag,\n\nzur Info die Terminbestätigung der Praxis. Übernehmen Sie die Fahrtkosten? Meine Versichertennummer ist ${p.kvnr}.\n\n${pick(CLOSINGS)}\n${p.name}`), ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="Termin.eml"', '', inner].join('\n')], '----=_fwd_other');
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'WG: Ihr Termin', id: counter + 1 });
  emit('eml', [...h, mixed.ct, '', mixed.body].join('\n'), emailTruth(p, { tags: ['mime:rfc822-other', 'chain:forward'] }));
}
// 9: TNEF winmail.dat next to a plain text body
{
  const p = person(); register(p);
  const tnef = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), Buffer.from('\x01\x06\x90\x08\x00\x04\x00\x00\x00\x00\x00\x01\x00\x01\x00\x01\x07\x90\x06\x00\x08\x00\x00\x00\xe4\x04\x00\x00\x00\x00\x00\x00\xe8\x00', 'latin1'), Buffer.alloc(200, 7)]).toString('base64');
  const mixed = multipart('mixed', [textPart(`Sehr geehrte Damen und Herren,\n\nbitte teilen Sie mir mit, welche Unterlagen für den Zuschuss zur Haushaltshilfe fehlen.\n\n${pick(CLOSINGS)}\n${p.name}\nVersichertennummer ${p.kvnr}`, { charset: 'iso-8859-1' }), ['Content-Type: application/ms-tnef; name="winmail.dat"', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="winmail.dat"', '', tnef.match(/.{1,76}/g).join('\n')].join('\n')], '----_=_NextPart_001_01DA');
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Haushaltshilfe', id: counter + 1, extra: ['X-MS-Has-Attach: yes', 'X-MS-TNEF-Correlator: <00000000@example>'] });
  emit('eml', [...h, mixed.ct, '', mixed.body].join('\n'), emailTruth(p, { tags: ['mime:tnef'] }));
}
// 10: S/MIME signed (multipart/signed with smime.p7s)
{
  const p = person(); register(p);
  const sig = Buffer.from('3082055506092a864886f70d010702a08205463082054202010131', 'hex').toString('base64') + 'A'.repeat(300);
  const signed = multipart('signed', [textPart(`Guten Tag,\n\nich bitte um eine Bestätigung meiner Mitgliedschaft für das Visum.\nMeine Versichertennummer lautet ${spaced(p.kvnr)}.\n\n${pick(CLOSINGS)}\n${p.name}\n${p.street}\n${p.postalCode} ${p.city}`), ['Content-Type: application/pkcs7-signature; name="smime.p7s"', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="smime.p7s"', 'Content-Description: S/MIME Cryptographic Signature', '', sig.match(/.{1,76}/g).join('\n')].join('\n')], '------------ms010203040506', '; protocol="application/pkcs7-signature"; micalg=sha-256');
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Mitgliedsbescheinigung', id: counter + 1 });
  emit('eml', [...h, signed.ct, '', 'This is a cryptographically signed message in MIME format.', '', signed.body].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:smime-signed'] }));
}
// 11: Apple Mail, format=flowed (soft breaks end in a space), number broken over a soft break
{
  const p = person(); register(p);
  const body = `Hallo,\n\nich hätte gern eine Übersicht meiner Zuzahlungen für die Steuer. Meine \nVersichertennummer ist ${p.kvnr} und meine Adresse ist ${p.street}, \n${p.postalCode} ${p.city}.\n\n${pick(CLOSINGS)}\n${p.name}\n\nVon meinem iPhone gesendet`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Zuzahlungen', id: counter + 1, extra: ['X-Mailer: iPhone Mail (21D61)'] });
  emit('eml', [...h, textPart(body, { flowed: true, cte: '8bit' }).replace(/ä|ü/g, (c) => c)].join('\n').replace('charset=utf-8; format=flowed', 'charset=utf-8; format=flowed; delsp=no'), emailTruth(p, { address: addr(p), tags: ['mime:flowed', 'noise:mobile-footer'] }));
}
// 12: plain text hard-wrapped at 72 columns; the number and the address run over line ends
{
  const p = person(); register(p);
  const para = `ich bin seit dem 1. Februar wieder bei Ihnen versichert und brauche fuer meinen Arbeitgeber eine Bestaetigung. Meine Versichertennummer ist ${spaced(p.kvnr)}, meine Anschrift ${p.street}, ${p.postalCode} ${p.city}.`;
  const wrap = (s) => { const out = []; let line = ''; for (const w of s.split(' ')) { if ((line + ' ' + w).trim().length > 72) { out.push(line.trim()); line = w; } else line += ' ' + w; } out.push(line.trim()); return out.join('\n'); };
  const body = `Guten Tag,\n\n${wrap(para)}\n\n${pick(CLOSINGS)}\n${p.name}`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Bestaetigung', id: counter + 1 });
  emit('eml', [...h, textPart(body, { cte: '8bit' })].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:hardwrap72'] }));
}
// 13: encoded-word subject and display name only (base64 ISO-8859-1), no sign-off name
{
  const p = person(); register(p);
  const body = `Guten Tag,\n\nwann wird mein Krankengeld für März überwiesen? Versichertennummer ${p.kvnr}\n\nDanke im Voraus`;
  const h = headers({ from: `${ew(p.name, 'ISO-8859-1', 'B')} <${mailOf(p)}>`, subject: ew('Überweisung Krankengeld März', 'ISO-8859-1', 'B'), id: counter + 1 });
  emit('eml', [...h, textPart(body, { charset: 'iso-8859-1', cte: 'base64' })].join('\n'), emailTruth(p, { tags: ['mime:encoded-words', 'from:display-only'] }));
}
// 14: missing Message-ID, Windows line endings throughout
{
  const p = person(); register(p);
  const body = `Sehr geehrte Damen und Herren,\n\nich möchte mich für das Bonusprogramm anmelden.\n\n${pick(CLOSINGS)}\n${p.name}\n${p.street}\n${p.postalCode} ${p.city}\nKVNR ${p.kvnr}`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Anmeldung Bonusprogramm', messageId: false, id: counter + 1 });
  emit('eml', [...h, textPart(body, { eol: '\r\n' })].join('\r\n'), emailTruth(p, { address: addr(p), tags: ['mime:crlf-no-msgid'] }));
}
// 15: the insurer only in Bcc: To is the employer
{
  const p = person(); register(p);
  const body = `Sehr geehrte Damen und Herren,\n\nanbei wie besprochen meine Angaben für die Anmeldung zur Sozialversicherung:\nKrankenversichertennummer: ${p.kvnr}\nAnschrift: ${p.street}, ${p.postalCode} ${p.city}\n\n${pick(CLOSINGS)}\n${p.name}`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, to: 'Personalabteilung <personal@firma-example.de>', subject: 'Meine Daten für die Anmeldung', id: counter + 1 });
  emit('eml', [...h, textPart(body)].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:bcc-insurer'] }));
}
// 16: HTML-only with <div> lines and &nbsp; entities, no <p>
{
  const p = person(); register(p);
  const html = `<div dir="ltr"><div>Guten&nbsp;Tag,</div><div><br></div><div>bitte schicken Sie mir die Unterlagen zur Pflegeberatung.</div><div><br></div><div>Viele&nbsp;Grüße</div><div>${htmlEsc(p.name)}</div><div>${htmlEsc(p.street)}</div><div>${p.postalCode}&nbsp;${htmlEsc(p.city)}</div><div>Vers.-Nr.&nbsp;${spaced(p.kvnr).replace(/ /g, '&nbsp;')}</div></div>`;
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Pflegeberatung', id: counter + 1 });
  emit('eml', [...h, htmlPart(html)].join('\n'), emailTruth(p, { address: addr(p), tags: ['mime:html-div-nbsp'] }));
}

// ================================================================== EMAILS: wording
// number only in the subject
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: `Rückfrage Beitragsbescheid – KVNR ${p.kvnr}`, id: counter + 1 });
  emit('eml', [...h, textPart(`Hallo,\n\nich verstehe den neuen Beitragsbescheid nicht. Können Sie mich zurückrufen?\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { tags: ['numPlacement:subject-only'] }));
}
// "meine Nummer bei Ihnen", with dashes
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Frage', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag,\n\nmeine Nummer bei Ihnen ist ${dashed(p.kvnr)}. Ich wollte fragen, ob die Osteopathie bezuschusst wird.\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { tags: ['wording:meine-nummer', 'numFormat:dashes'] }));
}
// "Versichertennr." with a lower-case letter and no space
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Reisekrankenversicherung', id: counter + 1 });
  emit('eml', [...h, textPart(`Hallo,\n\ngilt meine Karte auch in der Schweiz?\nVersichertennr. ${p.kvnr.toLowerCase()}\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { tags: ['numFormat:lowercase'] }));
}
// a parent writing about a child: two numbers, the request concerns the child
{
  const parent = person('f'); register(parent);
  const child = person(); child.last = parent.last; child.name = `${child.first} ${child.last}`; register(child);
  const h = headers({ from: `${parent.name} <${mailOf(parent)}>`, subject: 'Kieferorthopädie meines Sohnes', id: counter + 1 });
  emit('eml', [...h, textPart(`Sehr geehrte Damen und Herren,\n\nich schreibe für meinen Sohn ${child.first} (Versichertennummer ${child.kvnr}), der über mich familienversichert ist. Wird die Zahnspange übernommen?\nMeine eigene Versichertennummer ist ${parent.kvnr}.\n\n${pick(CLOSINGS)}\n${parent.name}`)].join('\n'),
    representativeTruth('email', child.kvnr, { tags: ['wording:two-numbers'] }));
}
// a Betreuer writes, "i. A." signature of a care service
{
  const p = person(); register(p);
  const carer = person('f');
  const h = headers({ from: `Pflegedienst Lebenszeit <info@pflege-example.de>`, subject: 'Verordnung häusliche Krankenpflege', id: counter + 1 });
  emit('eml', [...h, textPart(`Sehr geehrte Damen und Herren,\n\nim Auftrag von ${herrFrau(p)} ${p.name}, Versichertennummer ${p.kvnr}, senden wir die Verordnung für die häusliche Krankenpflege.\n\nMit freundlichen Grüßen\ni. A. ${carer.name}\nPflegedienst Lebenszeit GmbH\nRosenstraße 4\n44787 Bochum`)].join('\n'),
    representativeTruth('email', p.kvnr, { tags: ['wording:i-a-care-service'] }));
}
// a Betreuer with "rechtliche Betreuung" wording
{
  const p = person(); register(p);
  const carer = person('m');
  const h = headers({ from: `${carer.name} <${mailOf(carer)}>`, subject: 'Rechtliche Betreuung', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag,\n\nich führe die rechtliche Betreuung für ${herrFrau(p)} ${p.last} (geb. 03.05.1941), KV-Nr. ${spaced(p.kvnr)}. Bitte senden Sie Post künftig an mich.\n\n${pick(CLOSINGS)}\n${carer.name}\nBerufsbetreuer`)].join('\n'),
    representativeTruth('email', p.kvnr, { tags: ['wording:betreuung'] }));
}
// signature block with company data: the company's address is not the member's
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${p.first.toLowerCase()}.${p.last.toLowerCase().replace(/[äöü]/g, 'e')}@firma-example.de>`, subject: 'Elternzeit', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag,\n\nich gehe ab Juni in Elternzeit. Was muss ich für meine Versicherung tun? Meine Versichertennummer: ${p.kvnr}\n\n${pick(CLOSINGS)}\n\n${p.name}\nTeamleitung Einkauf\n\nMüller & Partner Logistik GmbH\nIndustriestraße 12\n45127 Essen\nTel. +49 201 555 1234\nGeschäftsführer: Hans Müller | Amtsgericht Essen HRB 12345`)].join('\n'), emailTruth(p, { tags: ['wording:company-signature'] }));
}
// English
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Health insurance certificate', id: counter + 1 });
  emit('eml', [...h, textPart(`Dear Sir or Madam,\n\nI need a certificate of my health insurance for my university in Dublin. My insurance number is ${p.kvnr}.\nMy address is ${p.street}, ${p.postalCode} ${p.city}.\n\nKind regards,\n${p.name}`)].join('\n'), emailTruth(p, { address: addr(p), tags: ['lang:en'] }));
}
// mixed German/English with "on behalf of my mother"
{
  const p = person('f'); register(p);
  const son = person('m');
  const h = headers({ from: `${son.name} <${mailOf(son)}>`, subject: 'Pflegegrad my mother', id: counter + 1 });
  emit('eml', [...h, textPart(`Hello,\n\nI am writing on behalf of my mother, ${p.name}, Versichertennummer ${p.kvnr}. Sie braucht einen Antrag auf Pflegegrad. Could you send it to her by post?\n\nBest regards\n${son.name}`)].join('\n'),
    representativeTruth('email', p.kvnr, { tags: ['lang:mixed'] }));
}
// Du-form, no sign-off name, name only in display name, address change "umgezogen"
{
  const p = person(); register(p);
  const na = moved(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'bin umgezogen', id: counter + 1 });
  emit('eml', [...h, textPart(`Hey liebe AOK,\n\nich bin umgezogen!! Meine neue Adresse: ${na.street}, ${na.postalCode} ${na.city}. Kannst du das bitte ändern? Meine KVNR ist ${p.kvnr}\n\nLG`)].join('\n'),
    emailTruth(p, { address: na, flags: ['address-change-request', 'address-change-insecure-channel'], tags: ['wording:du-form', 'scenario:address-change', 'from:display-only'] }));
}
// no greeting at all, name only in the sign-off, address from-to
{
  const p = person(); register(p);
  const na = moved(p);
  const h = headers({ from: `${mailOf(p)}`, subject: 'Adresse', id: counter + 1 });
  emit('eml', [...h, textPart(`Neue Anschrift ab 1.3.: ${na.street}, ${na.postalCode} ${na.city}\nVorher: ${p.street}, ${p.postalCode} ${p.city}\nVersichertennummer ${p.kvnr}\n\n${p.name}`)].join('\n'),
    emailTruth(p, { address: na, flags: ['address-change-request', 'address-change-insecure-channel'], tags: ['wording:no-greeting', 'scenario:address-change', 'wording:old-and-new'] }));
}
// old and new address in the sentence, old one first
{
  const p = person(); register(p);
  const na = moved(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Umzug', id: counter + 1 });
  emit('eml', [...h, textPart(`Sehr geehrte Damen und Herren,\n\nich ziehe zum 15.04. von der ${p.street} in ${p.postalCode} ${p.city} in die ${na.street} in ${na.postalCode} ${na.city} um. Bitte passen Sie meine Anschrift an.\nVersichertennummer: ${p.kvnr}\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'),
    emailTruth(p, { address: na, flags: ['address-change-request', 'address-change-insecure-channel'], tags: ['scenario:address-change', 'wording:old-and-new-inline'] }));
}
// "Familie X" display, a couple signing
{
  const p = person('f'); register(p);
  const h = headers({ from: `Familie ${p.last} <familie.${p.last.toLowerCase().replace(/[äöü]/g, 'e')}@web.de>`, subject: 'Bonusheft', id: counter + 1 });
  const t = emailTruth(p, { tags: ['from:family', 'wording:couple'] });
  delete t.sender.name; delete t.member; delete t.reply; delete t.needsReview;
  t.flags = ['personal-data-insecure-channel']; t._flagsOptional = ['member-mismatch', 'member-not-found', 'missing-name', 'no-secure-reply-route'];
  emit('eml', [...h, textPart(`Hallo,\n\nanbei unsere Bonushefte. Meine Versichertennummer ist ${p.kvnr}.\n\nViele Grüße\n${p.first} und Klaus ${p.last}`)].join('\n'), t);
}
// mobile footer, Outlook for Android
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Rezept', id: counter + 1 });
  emit('eml', [...h, textPart(`Hallo, wie lange dauert die Genehmigung meiner Reha? KV Nummer ${p.kvnr}\n\nGruß ${p.first}\n\nHolen Sie sich Outlook für Android<https://aka.ms/AAb9ysg>`)].join('\n'), emailTruth(p, { tags: ['noise:mobile-footer-android'] }));
}
// long quoted chain (top-posting, Outlook headers) with the insurer's signature and address
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'AW: Ihre Anfrage', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag Frau Kluge,\n\nhier die gewünschten Angaben: Versichertennummer ${p.kvnr}.\n\n${pick(CLOSINGS)}\n${p.name}\n\n${QUOTE_CHAIN(p)}\n-----Ursprüngliche Nachricht-----\nVon: ${p.name} <x@example.de>\nGesendet: Freitag, 1. März 2024 18:30\nAn: service@nw.aok.de\nBetreff: Anfrage\n\nHallo, ich habe eine Frage zu meinem Beitrag.\n`)].join('\n'), emailTruth(p, { tags: ['chain:long-outlook'] }));
}
// interleaved ">" quoting: the insurer's address only in the quote
{
  const p = person(); register(p);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Re: Ihre Anfrage', id: counter + 1 });
  emit('eml', [...h, textPart(`On Mon, 4 Mar 2024 at 09:12, AOK NordWest Kundenservice <service@nw.aok.de> wrote:\n> Bitte teilen Sie uns Ihre Versichertennummer mit.\n\nDie lautet ${p.kvnr}.\n\n> Mit freundlichen Grüßen\n> Kopenhagener Straße 1\n> 44269 Dortmund\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { tags: ['chain:inline-quote'] }));
}
// auth codes, written in different ways
const CODE_WAYS = [
  (c) => `Mein Freischaltcode aus dem Brief: ${c}`,
  (c) => `der PIN für die App ist ${c}`,
  (c) => `Den Zugangscode (${c}) habe ich schon zweimal eingegeben.`,
  (c) => `Aktivierungs-Code lautet ${c}, funktioniert aber nicht.`,
];
for (const [i, way] of CODE_WAYS.entries()) {
  const p = person(); register(p);
  const code = i === 3 ? `${pick(['K', 'M', 'R'])}${digits(3)}-${pick(['X', 'P'])}${digits(2)}` : digits(i === 1 ? 4 : 6);
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Problem Online-Geschäftsstelle', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag,\n\nich komme nicht in die Online-Geschäftsstelle. ${way(code)}\nVersichertennummer ${p.kvnr}\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { authCode: code, tags: ['scenario:auth-code', `authWay:${i}`] }));
}
// unknown sender, no number, no address: no secure route
{
  const p = person();
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Öffnungszeiten', id: counter + 1 });
  const t = emailTruth(p, { number: null, status: 'not-found', tags: ['scenario:no-personal'] });
  t.reply = { channel: 'none' }; t.flags = [...new Set([...t.flags, 'no-secure-reply-route'])].sort(); delete t._flagsOptional;
  emit('eml', [...h, textPart(`Hallo,\n\nwann hat die Geschäftsstelle in ${p.city} samstags geöffnet?\n\nDanke und Gruß\n${p.name}`)].join('\n'), t);
}
// health data, name mismatch (married name)
{
  const p = person('f'); register(p, { last: 'Vollmer' });
  const h = headers({ from: `${p.name} <${mailOf(p)}>`, subject: 'Physiotherapie', id: counter + 1 });
  emit('eml', [...h, textPart(`Guten Tag,\n\nnach meiner Knie-Operation brauche ich mehr Physiotherapie. Versichertennummer ${p.kvnr}.\n\n${pick(CLOSINGS)}\n${p.name}`)].join('\n'), emailTruth(p, { status: 'mismatch', tags: ['reg:mismatch'] }));
}

// ================================================================== CONTACT FORMS
function form(fields, formId = 'kontakt') {
  return JSON.stringify({ formId, submittedAt: `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}T10:${10 + Math.floor(rnd() * 49)}:00+01:00`, fields }, null, 2);
}
function formTruth(p, { name = p.name, address = addr(p), number = p.kvnr, valid = true, status = 'matched', registered = addr(p), flags = [], tags = [], authCode } = {}) {
  const f = new Set(flags);
  if (!name) f.add('missing-name');
  if (!address) f.add('missing-address');
  if (!number) f.add('missing-insurance-number');
  if (authCode) f.add('auth-code-disclosed');
  const t = { channel: 'contact-form', channelSecurity: 'secure', sender: { name, address, insuranceNumber: number, insuranceNumberValid: number ? valid : null }, signaturePresent: false };
  const same = address && registered && ['street', 'postalCode', 'city'].every((k) => String(address[k]).toLowerCase().replace(/straße|str\./g, 'str') === String(registered[k]).toLowerCase().replace(/straße|str\./g, 'str'));
  if (status === 'matched') {
    t.member = { status, insuranceNumber: number };
    t.authenticated = !!same && !f.has('address-change-request');
    t.reply = { channel: p.portal ? 'portal' : 'post' };
  } else {
    t.member = { status, insuranceNumber: status === 'mismatch' ? p.kvnr : null };
    f.add(status === 'mismatch' ? 'member-mismatch' : 'member-not-found');
    t.authenticated = false;
    t.reply = { channel: address ? 'post' : 'none' };
    if (!address) f.add('no-secure-reply-route');
  }
  t.flags = [...f].sort();
  t.needsReview = t.flags.some((x) => x !== 'address-change-request' && x !== 'personal-data-insecure-channel');
  if (authCode) t._authCode = authCode;
  t._tags = ['channel:contact-form', ...tags];
  return t;
}
// extra spaces and lower case everywhere
{
  const p = person(); register(p);
  emit('json', form({ salutation: 'frau', firstName: `  ${p.first.toLowerCase()} `, lastName: ` ${p.last.toUpperCase()}  `, street: `  ${p.street.toLowerCase()}  `, postalCode: ` ${p.postalCode} `, city: ` ${p.city.toLowerCase()}`, insuranceNumber: ` ${spaced(p.kvnr).toLowerCase()} `, email: mailOf(p), subject: 'Frage', message: 'Wie beantrage ich eine Ersatzkarte?' }), formTruth(p, { tags: ['style:spaces-lowercase'] }));
}
// postcode with a leading zero
{
  const p = person(); p.postalCode = '01069'; p.city = 'Dresden'; register(p);
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, email: mailOf(p), subject: 'Beitrag', message: 'Bitte senden Sie mir die Beitragsbescheinigung für 2023.' }), formTruth(p, { tags: ['style:postcode-leading-zero'] }));
}
// all fields empty, everything in the message
{
  const p = person(); register(p);
  emit('json', form({ firstName: '', lastName: '', street: '', postalCode: '', city: '', insuranceNumber: '', email: mailOf(p), subject: 'Anfrage', message: `Hallo, hier schreibt ${p.name}.\nAnschrift: ${p.street}, ${p.postalCode} ${p.city}\nKVNR: ${p.kvnr}\nIch brauche eine Mitgliedsbescheinigung.` }), formTruth(p, { tags: ['style:in-message'] }));
}
// the address only in the message, name and number in the fields
{
  const p = person(); register(p);
  emit('json', form({ firstName: p.first, lastName: p.last, insuranceNumber: p.kvnr, email: mailOf(p), subject: 'Unterlagen', message: `Bitte schicken Sie die Unterlagen an meine Adresse:\n${p.street}\n${p.postalCode} ${p.city}` }), formTruth(p, { tags: ['style:address-in-message'] }));
}
// the message names another person (the husband); the sender is the one in the fields
{
  const p = person('f'); register(p);
  const other = person('m');
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, email: mailOf(p), subject: 'Telefonat', message: `Ich hatte letzte Woche mit Ihrem Kollegen ${other.name} telefoniert. Er sagte, der Bescheid kommt per Post. Er ist noch nicht da.` }), formTruth(p, { tags: ['style:other-person-named'] }));
}
// the carer in the name fields, the insured person in the message
{
  const p = person(); register(p);
  const carer = person('f');
  emit('json', form({ firstName: carer.first, lastName: carer.last, street: carer.street, postalCode: carer.postalCode, city: carer.city, insuranceNumber: p.kvnr, email: mailOf(carer), subject: 'Antrag für meinen Vater', message: `Ich bin die Tochter von ${p.name} und habe eine Vorsorgevollmacht. Bitte schicken Sie den Antrag auf Pflegeleistungen.` }), representativeTruth('contact-form', p.kvnr, { tags: ['style:carer-fields'] }));
}
// number in the message as "Versichertennr." with dashes, field empty
{
  const p = person(); register(p);
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: '', email: mailOf(p), subject: 'Zahnersatz', message: `Versichertennr. ${dashed(p.kvnr)} - wie hoch ist der Festzuschuss?` }), formTruth(p, { tags: ['numPlacement:message-dashes'] }));
}
// "Nachname, Vorname" in the last-name field, first name empty
{
  const p = person(); register(p);
  emit('json', form({ firstName: '', lastName: `${p.last}, ${p.first}`, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, subject: 'Frage', message: 'Bitte um Rückruf.' }), formTruth(p, { tags: ['style:comma-name'] }));
}
// address change with "neue Anschrift ab 1.3."
{
  const p = person(); const na = moved(p); register(p);
  emit('json', form({ firstName: p.first, lastName: p.last, street: na.street, postalCode: na.postalCode, city: na.city, insuranceNumber: p.kvnr, subject: 'Anschrift', message: `Neue Anschrift ab 1.3.: ${na.street}, ${na.postalCode} ${na.city}.` }, 'adressaenderung'),
    formTruth(p, { address: na, flags: ['address-change-request', 'address-change-insecure-channel'], tags: ['scenario:address-change'] }));
}
// auth code in a form, written "Code: 12 34 56"? (spaced digits are ambiguous) -> letters and digits
{
  const p = person(); register(p);
  const code = `${digits(4)}`;
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, subject: 'Login', message: `Mein Registrierungscode ${code} wird nicht akzeptiert.` }), formTruth(p, { authCode: code, tags: ['scenario:auth-code'] }));
}
// salutation and title inside the first-name field
{
  const p = person('m'); register(p);
  emit('json', form({ firstName: `Dr. ${p.first}`, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, subject: 'Auskunft', message: 'Ich bitte um Auskunft über meine gespeicherten Daten nach Art. 15 DSGVO.' }), formTruth(p, { tags: ['style:title-in-field', 'scenario:data-access'] }));
}
// house number in its own part of the street field with comma, postcode field with "D-"
{
  const p = person(); register(p);
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: `D-${p.postalCode}`, city: p.city, insuranceNumber: p.kvnr, subject: 'Frage', message: 'Wird die Grippeimpfung übernommen?' }), formTruth(p, { tags: ['style:postcode-prefix'] }));
}
// unknown sender in a form: post to the written address
{
  const p = person();
  emit('json', form({ firstName: p.first, lastName: p.last, street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, subject: 'Mitgliedschaft', message: 'Ich möchte Mitglied werden.' }), formTruth(p, { status: 'not-found', tags: ['reg:notfound'] }));
}
// empty name fields, name only in the sign-off of the message
{
  const p = person(); register(p);
  emit('json', form({ firstName: '', lastName: '', street: p.street, postalCode: p.postalCode, city: p.city, insuranceNumber: p.kvnr, subject: 'Krankengeld', message: `Guten Tag,\n\nwann kommt mein Krankengeld?\n\nViele Grüße\n${p.name}` }), formTruth(p, { tags: ['style:name-in-signoff'] }));
}

// ------------------------------------------------------------------ write
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
for (const it of items) fs.writeFileSync(path.join(OUT, it.file), it.content, it.file.endsWith('.eml') ? 'latin1' : 'utf8');
fs.writeFileSync(path.join(OUT, 'truth.jsonl'), items.map((it) => JSON.stringify(it.truth)).join('\n') + '\n');
fs.writeFileSync(path.join(OUT, 'members.csv'), ['insurance_number,first_name,last_name,street,postal_code,city,portal_account', ...members.map((r) => r.join(','))].join('\n') + '\n');
process.stderr.write(`wrote ${items.length} items to ${OUT}\n`);
