import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attachment } from '../../../src/extract/extracted-fields.js';
import { readTookOcr } from '../../../src/pipeline/read-usecase.js';
import type { ReadOutput } from '../../../src/pipeline/stages.js';

const read = (channel: ReadOutput['channel'], attachments: Partial<Attachment>[] = []): ReadOutput =>
  ({
    channel,
    fields: {},
    facts: { messageId: null, cryptography: [], notes: [], attachments: attachments.map((a) => ({ filename: 'x', contentType: 'application/octet-stream', size: 1, handling: 'ignored', ...a })) },
    texts: [],
  }) as unknown as ReadOutput;

describe('which reads took OCR (and keep their read for the decide stage)', () => {
  it('a scanned letter always did', () => {
    assert.equal(readTookOcr(read('letter')), true);
  });

  it('an email or form with nothing but text did not: it is decided in its read job', () => {
    assert.equal(readTookOcr(read('email')), false);
    assert.equal(readTookOcr(read('contact-form', [{ filename: 'notiz.txt', contentType: 'text/plain', handling: 'text' }])), false);
    assert.equal(readTookOcr(read('email', [{ filename: 'smime.p7s', contentType: 'application/pkcs7-signature' }])), false);
  });

  it('an email or form with a scan or PDF attached did, by type or by file name', () => {
    assert.equal(readTookOcr(read('email', [{ filename: 'befund.pdf', contentType: 'application/pdf', handling: 'text' }])), true);
    assert.equal(readTookOcr(read('contact-form', [{ filename: 'karte.JPG', contentType: 'image/jpeg' }])), true);
    assert.equal(readTookOcr(read('email', [{ filename: 'scan.tif', contentType: 'application/octet-stream' }])), true);
  });
});
