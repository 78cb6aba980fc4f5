import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobIdOf, parsePayload, resultKeyOf, STAGES } from '../../../src/queue/jobs.js';
import { TriageError } from '../../../src/shared/errors.js';

const ID = '6f32481f-5e8b-4b6b-9338-ef62ed757ba6';

describe('the job list', () => {
  it('has the stages after intake, in order', () => {
    assert.deepEqual([...STAGES], ['read', 'decide', 'route']);
  });

  it('a first run is known by its intake id, later runs by their own id', () => {
    assert.equal(jobIdOf({ intakeId: ID, run: 1 }), ID);
    assert.equal(jobIdOf({ intakeId: ID, run: 2 }), `${ID}.r2`);
    assert.equal(resultKeyOf({ intakeId: ID, run: 3 }), `${ID}:3`);
  });

  it('a valid payload is kept to its fields', () => {
    assert.deepEqual(parsePayload('read', { intakeId: ID, run: 1, extra: 'x' }), { intakeId: ID, run: 1 });
    assert.deepEqual(parsePayload('route', { intakeId: ID, run: 2, resultId: ID }), { intakeId: ID, run: 2, resultId: ID });
  });

  it('a malformed payload is a permanent error with a code', () => {
    for (const [stage, data] of [
      ['read', null],
      ['read', { intakeId: 'inbox/brief.pdf', run: 1 }],
      ['decide', { intakeId: ID, run: 0 }],
      ['decide', { intakeId: ID, run: 1.5 }],
      ['route', { intakeId: ID, run: 1 }],
    ] as const) {
      assert.throws(
        () => parsePayload(stage, data),
        (err: unknown) => err instanceof TriageError && err.code === 'queue.bad_payload' && err.permanent,
        JSON.stringify(data),
      );
    }
  });
});
