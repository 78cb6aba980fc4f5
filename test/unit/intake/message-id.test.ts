import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageIdOf } from '../../../src/intake/message-id.js';

const mail = (head: string) => Buffer.from(`${head}\r\n\r\nHallo,\r\nMessage-ID: <in-the-body@example.org>\r\n`);

describe('the Message-ID at intake', () => {
  it('is read from the header as <…>', () => {
    assert.equal(messageIdOf(mail('From: a@example.org\r\nMessage-ID: <abc.123@example.org>\r\nSubject: x')), '<abc.123@example.org>');
  });

  it('a folded header, odd case and missing brackets are normalised as mailparser does', () => {
    assert.equal(messageIdOf(mail('message-id:\r\n  abc@example.org')), '<abc@example.org>');
  });

  it('is null when the header has none (one in the body does not count)', () => {
    assert.equal(messageIdOf(mail('From: a@example.org\r\nSubject: x')), null);
    assert.equal(messageIdOf(Buffer.alloc(0)), null);
  });

  it('an mbox "From " line before the headers is skipped', () => {
    assert.equal(messageIdOf(mail('From a@example.org Mon Jan  1 00:00:00 2026\nMessage-ID: <m@x>')), '<m@x>');
  });
});
