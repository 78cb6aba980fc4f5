/**
 * Errors carry a stable code (`intake.unsupported_type`) and say how to fix the problem.
 * `permanent` errors will fail the same way on every retry (bad input); the queue turns them
 * into BullMQ's UnrecoverableError. Transient ones (a database gone) are retried.
 */
export class TriageError extends Error {
  readonly code: string;
  readonly permanent: boolean;

  constructor(code: string, message: string, options: { permanent?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TriageError';
    this.code = code;
    this.permanent = options.permanent ?? true;
  }
}

export function isTriageError(err: unknown): err is TriageError {
  return err instanceof TriageError;
}

/** A code and message safe to show and store: never the raw text of an unknown error (it may quote input). */
export function describeError(err: unknown): { code: string; message: string } {
  if (isTriageError(err)) return { code: err.code, message: err.message };
  return { code: 'internal.unexpected', message: 'An unexpected error stopped this item; it is kept for review. Report it with the item source.' };
}
