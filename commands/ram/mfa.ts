import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const mfaCommand: Command = {
  command: 'mfa',
  describe: 'mfa (not built yet)',
  handler: () => {},
};
