import type { Command } from '../../../src/cli/parser.js';

// Placeholder until this verb is built.
export const accessKeyCommand: Command = {
  command: 'access-key',
  describe: 'access-key (not built yet)',
  handler: () => {},
};
