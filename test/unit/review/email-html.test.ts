import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeEmailHtml } from '../../../src/review/email-html.js';
import { contactFormView, emailView } from '../../../src/review/original-view.js';

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

test('sanitised email HTML keeps text and structure and drops scripts, handlers, styles, frames, links and remote images', () => {
  const html = `<html><head><style>body{background:url(http://tracker.example/s.gif)}</style><script>alert(1)</script></head>
    <body onload="steal()"><p style="color:red">Sehr geehrte <b>Damen</b> und Herren,</p>
    <img src="http://tracker.example/pixel.gif" onerror="steal()" alt="Logo">
    <img src="//tracker.example/p.gif"><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">
    <img src="data:image/png;base64,${PIXEL}" alt="Scan">
    <a href="javascript:alert(1)">klick</a> <a href="https://phish.example/login">Portal</a>
    <iframe src="https://evil.example"></iframe><object data="x.swf"></object><form action="https://evil.example"><input name="pin"></form>
    <table><tr><td colspan="2" onclick="x()">Zelle</td></tr></table><svg><script>alert(2)</script></svg></body></html>`;
  const clean = sanitizeEmailHtml(html);
  assert.doesNotMatch(clean, /<script|alert|<style|<iframe|<object|<form|<input|<svg/i);
  assert.doesNotMatch(clean, /\son\w+\s*=/i, 'no event handlers');
  assert.doesNotMatch(clean, /style=|javascript:|href=|tracker\.example|phish\.example|evil\.example/i);
  assert.match(clean, /<p>Sehr geehrte <b>Damen<\/b> und Herren,<\/p>/);
  assert.match(clean, /\[Bild: Logo\]/, 'a remote image is left as its alt text');
  assert.match(clean, new RegExp(`<img src="data:image/png;base64,${PIXEL.slice(0, 20)}`), 'an inline image stays');
  assert.doesNotMatch(clean, /image\/svg/, 'SVG images (which may hold scripts) are not kept');
  assert.match(clean, /<td colspan="2">Zelle<\/td>/);
  assert.match(clean, /<a>klick<\/a> <a>Portal<\/a>/);
});

const EML = (html: string) =>
  Buffer.from(
    [
      'From: Erika Muster <erika@example.org>',
      'To: Kasse <service@kasse.example>',
      'Subject: =?utf-8?q?Frage_zur_Zuzahlung?=',
      'Date: Mon, 03 Mar 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b1',
      'Content-Type: image/png',
      'Content-ID: <scan1@example>',
      'Content-Transfer-Encoding: base64',
      '',
      PIXEL,
      '--b1--',
      '',
    ].join('\r\n'),
  );

test('an email is shown with its headers, as text and as sanitised HTML with inline images as data: URLs', async () => {
  const view = await emailView(
    EML('<p onclick="x()">Guten Tag,</p><script>alert(1)</script><img src="cid:scan1@example" alt="Scan"><img src="http://t.example/o.gif" onerror="x()"><p>Erika Muster</p>'),
  );
  assert.equal(view.kind, 'email');
  if (view.kind !== 'email') return;
  assert.equal(view.headers.subject, 'Frage zur Zuzahlung');
  assert.match(view.headers.from ?? '', /erika@example\.org/);
  assert.equal(view.headers.date, '2026-03-03T09:00:00.000Z');
  assert.match(view.text, /Guten Tag,[\s\S]*Erika Muster/);
  assert.doesNotMatch(view.text, /alert/);
  assert.ok(view.html);
  assert.doesNotMatch(view.html!, /<script|alert|onclick|onerror|t\.example|cid:/);
  assert.match(view.html!, /<img src="data:image\/png;base64,/);
});

test('an authentication code still in a shown email or form is removed (second net behind the reader)', async () => {
  const view = await emailView(EML('<p>Mein Authentifizierungscode lautet 4711, bitte freischalten.</p>'));
  assert.ok(view.kind === 'email');
  if (view.kind !== 'email') return;
  assert.ok(!view.text.includes('4711') && !view.html!.includes('4711'));
  assert.match(view.text, /\[Code entfernt\]/);
  const form = contactFormView(Buffer.from(JSON.stringify({ formId: 'f', submittedAt: '2026-03-03T10:00:00Z', fields: { lastName: 'Muster', message: 'Meine PIN ist 9931.' }, attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0=' }] })));
  assert.ok(form.kind === 'contact-form');
  if (form.kind !== 'contact-form') return;
  assert.equal(form.fields.lastName, 'Muster');
  assert.ok(!form.fields.message!.includes('9931'));
  assert.deepEqual(form.attachments, [{ filename: 'a.pdf', contentType: 'application/pdf' }]);
});
