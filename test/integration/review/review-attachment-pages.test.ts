// Scanned documents attached to emails and contact forms as page images with the boxes read from
// them (issue 5), on both databases: an email with two attachments of the same name and a form
// with a letter scanned upside down, triaged by the `triage` command with its OCR.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { call, createReviewEnv, SAMPLES, signIn, type ReviewEnv, type Session } from './review-harness.js';

const T = { timeout: 120_000 };

type Box = { x: number; y: number; width: number; height: number };
type PageView = { page: number; width: number; height: number; url: string; boxes: { field: string; rule: string; box: Box }[] };
type AttachmentPages = { part: string; filename: string; contentType: string; pages: PageView[]; unavailable?: string };
type Evidence = { source: string; attachment?: string; page?: number; box?: Box };

const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/(.{76})/g, '$1\r\n');

/** An email whose two scanned letters are both called scan.png: only their place tells them apart. */
function emailWithTwoScans(first: Buffer, second: Buffer): string {
  const b = 'grenze-zwei-scans';
  const attachment = (bytes: Buffer) =>
    [`--${b}`, 'Content-Type: image/png; name="scan.png"', 'Content-Disposition: attachment; filename="scan.png"', 'Content-Transfer-Encoding: base64', '', base64Lines(bytes)].join('\r\n');
  return [
    'From: Paul Beispiel <paul.beispiel@example.org>',
    'To: service@gk-nordrhein.example',
    'Subject: Meine Unterlagen',
    'Date: Tue, 4 Mar 2025 10:00:00 +0100',
    'Message-ID: <zwei-scans@example.org>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Guten Tag, anbei meine Schreiben als Scan.',
    attachment(first),
    attachment(second),
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** Share of dark pixels in a box of a PNG. */
async function ink(png: Buffer, box: Box): Promise<number> {
  const { data } = await sharp(png).extract({ left: box.x, top: box.y, width: box.width, height: box.height }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return data.filter((v) => v < 128).length / data.length;
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`page images of scanned attachments on ${backend}`, () => {
    let env: ReviewEnv;
    let dir: string;
    let anna: Session;
    let sabine: Session;

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'review-attachments-'));
      const email = path.join(dir, 'email-zwei-scans-gleichen-namens.eml');
      await writeFile(email, emailWithTwoScans(await readFile(path.join(SAMPLES, 'letter-04-kopfzeile-umzug-unterschrieben.png')), await readFile(path.join(SAMPLES, 'letter-01-klassisch-unterschrieben-bescheinigung.png'))));
      const form = path.join(dir, 'form-mit-kopfueber-scan.json');
      await writeFile(
        form,
        JSON.stringify({
          formId: 'kontaktformular-service',
          submittedAt: '2025-03-04T10:00:00+01:00',
          fields: { subject: 'Schreiben als Anhang', message: 'Guten Tag, mein Schreiben hängt an.' },
          attachments: [{ filename: 'Brief.png', contentType: 'image/png', contentBase64: (await readFile(path.join(SAMPLES, 'letter-05-kopfueber-eingescannt.png'))).toString('base64') }],
        }),
      );
      env = await createReviewEnv(backend, { extraInputs: { email, form } });
      anna = await signIn(env.app, 'anna');
      sabine = await signIn(env.app, 'sabine');
    }, { timeout: 300_000 });
    after(async () => {
      await env?.cleanup();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('an email with two scans of the same name shows each one\'s pages with the boxes of the fields read from that scan only', T, async () => {
      const item = env.extraIds.email!;
      const view = await call(env.app, 'GET', `/api/items/${item}`, { session: anna });
      assert.equal(view.status, 200);
      assert.equal(view.body.original.kind, 'email');
      const scans: AttachmentPages[] = view.body.original.attachmentPages;
      assert.deepEqual(scans.map((s) => [s.part, s.filename, s.pages.length]), [['1', 'scan.png', 1], ['2', 'scan.png', 1]]);
      assert.equal(scans[0]!.pages[0]!.url, `/api/items/${item}/attachments/1/pages/1`);

      // Every box read from a scan is drawn on that scan's page, and on no other.
      const fields = view.body.fields as Record<string, { evidence: Evidence[] } | null>;
      const boxed = ['name', 'address', 'insuranceNumber', 'signature'].flatMap((field) =>
        (fields[field]?.evidence ?? []).filter((e) => e.source.startsWith('attachment:') && e.box).map((e) => ({ field, e })),
      );
      assert.ok(boxed.length >= 3, `fields read from the scans with boxes (${boxed.map((b) => b.field).join(', ')})`);
      for (const { field, e } of boxed) {
        assert.ok(e.attachment === '1' || e.attachment === '2', `the evidence of ${field} names its attachment`);
        for (const scan of scans) {
          const drawn = scan.pages.find((p) => p.page === e.page)?.boxes.some((b) => b.field === field && JSON.stringify(b.box) === JSON.stringify(e.box)) ?? false;
          assert.equal(drawn, scan.part === e.attachment, `${field} is drawn on attachment ${e.attachment} only`);
        }
      }

      // The page image is in the boxes' pixel space, each box lies on it and holds print.
      for (const scan of scans) {
        const [page] = scan.pages;
        const image = await call(env.app, 'GET', page!.url, { session: anna });
        assert.equal(image.status, 200);
        assert.equal(image.headers.get('content-type'), 'image/png');
        assert.equal(image.headers.get('cache-control'), 'no-store');
        assert.equal(image.headers.get('x-box-width'), String(page!.width));
        const meta = await sharp(image.bytes).metadata();
        assert.deepEqual([meta.width, meta.height], [page!.width, page!.height]);
        for (const b of page!.boxes) {
          assert.ok(b.box.x + b.box.width <= page!.width && b.box.y + b.box.height <= page!.height, `${b.field} lies on the page`);
          assert.ok((await ink(image.bytes, b.box)) > 0.01, `${b.field} box holds print`);
        }
      }
      // The two scans are different letters: their images differ.
      const [one, two] = await Promise.all(scans.map((s) => call(env.app, 'GET', s.pages[0]!.url, { session: anna })));
      assert.notDeepEqual(one!.bytes, two!.bytes);

      // Viewing a page is audited with the attachment's place, never its name.
      const trail = await call(env.app, 'GET', `/api/audit?intakeId=${item}&action=review.viewed_page`, { session: sabine });
      assert.equal(trail.status, 200);
      assert.deepEqual(trail.body.events.map((e: { details: { attachment: string; page: number } }) => [e.details.attachment, e.details.page]).sort(), [['1', 1], ['1', 1], ['2', 1], ['2', 1]]);
      assert.ok(!JSON.stringify(trail.body).includes('scan.png'), 'no file name in the audit log');
    });

    test('a form\'s scan read upside down is served turned the way the reader turned it, its signature box on the ink', T, async () => {
      const item = env.extraIds.form!;
      const view = await call(env.app, 'GET', `/api/items/${item}`, { session: anna });
      assert.equal(view.body.original.kind, 'contact-form');
      const [scan] = view.body.original.attachmentPages as AttachmentPages[];
      assert.equal(scan!.part, '1');
      assert.equal(scan!.filename, 'Brief.png');
      const [page] = scan!.pages;
      assert.deepEqual([page!.width, page!.height], [1654, 2339]);
      const signature = page!.boxes.find((b) => b.field === 'signature');
      assert.ok(signature, `a signature box (${page!.boxes.map((b) => b.field).join(', ')})`);
      const image = await call(env.app, 'GET', page!.url, { session: anna });
      assert.equal(image.status, 200);
      const sig = signature.box;
      const mirrored = { ...sig, x: 1654 - sig.x - sig.width, y: 2339 - sig.y - sig.height };
      assert.ok((await ink(image.bytes, sig)) > 0.02, 'ink in the signature box');
      assert.ok((await ink(image.bytes, sig)) > (await ink(image.bytes, mirrored)), 'more ink there than where the box would be on the page as scanned');
    });

    test('an attachment page that does not exist, of a letter or of a withheld original, is refused with the reason', T, async () => {
      const email = env.extraIds.email!;
      const refused = async (url: string) => {
        const res = await call(env.app, 'GET', url, { session: anna });
        return [res.status, res.body?.error?.code];
      };
      assert.deepEqual(await refused(`/api/items/${email}/attachments/3/pages/1`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${email}/attachments/1/pages/2`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${email}/attachments/0/pages/1`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${email}/attachments/1/pages/0`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${email}/attachments/1.x/pages/1`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${env.ids.misnumberedLetter}/attachments/1/pages/1`), [404, 'review.page_not_found']);
      assert.deepEqual(await refused(`/api/items/${env.ids.authCodeEmail}/attachments/1/pages/1`), [404, 'review.original_withheld']);
      assert.deepEqual(await refused(`/api/items/00000000-0000-4000-8000-000000000000/attachments/1/pages/1`), [404, 'review.not_found']);
    });
  });
}
