import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../../src/shared/logger.js';

function capture(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: string[] = [];
  const log = createLogger(level, (l) => void lines.push(l));
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON line per event with its level, time and fields', () => {
    const { log, lines, parsed } = capture();
    log.warn('job.retry', { stage: 'read', attempt: 2 });
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith('\n'));
    const [line] = parsed();
    assert.equal(line!.level, 'warn');
    assert.equal(line!.event, 'job.retry');
    assert.equal(line!.stage, 'read');
    assert.equal(line!.attempt, 2);
    assert.ok(!Number.isNaN(Date.parse(String(line!.time))));
  });

  it('leaves out events below the configured level', () => {
    const { log, lines } = capture('warn');
    log.info('workers.started');
    log.debug('job.done');
    log.error('worker.error', { code: 'ECONNREFUSED' });
    assert.equal(lines.length, 1);
  });

  it('redacts fields named like personal data, should a caller ever pass one', () => {
    const { log, parsed } = capture();
    log.info('oops', { name: 'Erika Mustermann', street: 'Musterstraße 1', insuranceNumber: 'A123456780', code: 'intake.too_large' });
    const [line] = parsed();
    assert.equal(line!.name, '[redacted]');
    assert.equal(line!.street, '[redacted]');
    assert.equal(line!.insuranceNumber, '[redacted]');
    assert.equal(line!.code, 'intake.too_large', 'error codes stay');
  });

  it('masks insurance numbers, email addresses and IBANs inside any value', () => {
    const { log, lines } = capture();
    log.warn('item.failed', { detail: 'from erika@example.org about A123456780, IBAN DE89 3704 0044 0532 0130 00', list: ['B987654321'] });
    const text = lines.join('');
    assert.doesNotMatch(text, /erika@example\.org|A123456780|B987654321|DE89 3704/);
    assert.match(text, /\[redacted\]/);
  });

  it('keeps intake ids and error codes readable', () => {
    const { log, parsed } = capture();
    log.warn('item.failed', { intake: '0f6a1c2e-1234-4abc-9def-123456789012', code: 'scan.timeout' });
    const [line] = parsed();
    assert.equal(line!.intake, '0f6a1c2e-1234-4abc-9def-123456789012');
    assert.equal(line!.code, 'scan.timeout');
  });
});
