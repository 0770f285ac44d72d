import type { Command } from '../../../src/cli/parser.js';

// Placeholder until this verb is built.
export const groupCommand: Command = {
  command: 'group',
  describe: 'group (not built yet)',
  handler: () => {},
};
