import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createPortalAdapter, createPostAdapter, type OutgoingReply } from '../../../src/outbox/reply-adapters.js';
import { buildReplyLetter } from '../../../src/outbox/reply-letter.js';
import { TriageError } from '../../../src/shared/errors.js';
import { decided } from './outbox-fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-outbox-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const reply: OutgoingReply = {
  id: '9d2e4c1a-0b3f-4a5e-8c7d-6e5f4a3b2c1d',
  intakeId: '3f1c9a52-7d41-4b8e-9c2a-0e5b6d7f8a91',
  channel: 'post',
  letter: buildReplyLetter({ result: decided(), intakeId: '3f1c9a52-7d41-4b8e-9c2a-0e5b6d7f8a91', receivedAt: new Date(), now: new Date(), insurer: { names: [], addresses: [] } }),
  document: Buffer.from('%PDF-1.7 test'),
  memberNumber: 'A123456780',
};

describe('reply adapters without a server', () => {
  it('post writes the PDF under the reply id into the print folder and leaves no temporary file', async () => {
    const folder = path.join(dir, 'print', 'new');
    const receipt = await createPostAdapter(folder).deliver(reply);
    assert.deepEqual(receipt, { status: 'delivered', via: 'print-folder' });
    assert.deepEqual(readdirSync(folder), [`${reply.id}.pdf`]);
    assert.equal(readFileSync(path.join(folder, `${reply.id}.pdf`), 'latin1'), '%PDF-1.7 test');
  });

  it('post without a print folder keeps the reply pending in the outbox table', async () => {
    assert.deepEqual(await createPostAdapter(null).deliver(reply), { status: 'pending', via: 'outbox-table' });
  });

  it('post into a folder that cannot be written is retried with a code saying so', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    await assert.rejects(createPostAdapter(path.join(file, 'sub')).deliver(reply), (err: unknown) => err instanceof TriageError && err.code === 'outbox.folder_unwritable' && !err.permanent);
  });

  it('portal without a configured portal keeps the reply pending in the outbox table', async () => {
    assert.deepEqual(await createPortalAdapter(null).deliver({ ...reply, channel: 'portal' }), { status: 'pending', via: 'outbox-table' });
  });

  it('portal refuses a reply without a matched member to address', async () => {
    const adapter = createPortalAdapter({ url: 'https://portal.example/inbox', token: 't', timeoutMs: 1000 }, () => assert.fail('no request'));
    await assert.rejects(adapter.deliver({ ...reply, channel: 'portal', memberNumber: null }), (err: unknown) => err instanceof TriageError && err.code === 'outbox.portal_no_member' && err.permanent);
  });

  it('portal takes a redirect as a configuration error and never follows it with the token', async () => {
    const adapter = createPortalAdapter({ url: 'https://portal.example/inbox', token: 't', timeoutMs: 1000 }, async (_url, init) => {
      assert.equal(init?.redirect, 'manual');
      return new Response(null, { status: 307, headers: { location: 'https://elsewhere.example/' } });
    });
    await assert.rejects(adapter.deliver({ ...reply, channel: 'portal' }), (err: unknown) => err instanceof TriageError && err.code === 'outbox.portal_redirected' && err.permanent);
  });
});
