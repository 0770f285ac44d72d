import { type AliauditError, hintText } from '../../src/core/errors.js';

/** An error's hint as the command line prints it (words, then the command that fixes it). */
export function hintOf(error: unknown): string | undefined {
  const hint = (error as AliauditError | undefined)?.hint;
  return hint ? hintText(hint) : undefined;
}
