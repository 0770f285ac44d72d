import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const stsCommand: Command = {
  command: 'sts',
  describe: 'sts (not built yet)',
  handler: () => {},
};
