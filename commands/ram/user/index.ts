import type { Command } from '../../../src/cli/parser.js';

// Placeholder until this verb is built.
export const userCommand: Command = {
  command: 'user',
  describe: 'user (not built yet)',
  handler: () => {},
};
