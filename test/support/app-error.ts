import { AppError, type ErrorCode } from '../../src/platform/errors.js';

/**
 * A validator for `assert.rejects` / `assert.throws`: an {@link AppError} with the stable `code` and, when given, a
 * (Chinese, human-readable) message matching `message`. Tests rely on the code; the message check keeps it specific.
 */
export function appError(code: ErrorCode, message?: RegExp): (error: unknown) => boolean {
  return (error) =>
    error instanceof AppError && error.code === code && (message?.test(error.message) ?? true);
}
