import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const configureCommand: Command = {
  command: 'configure',
  describe: 'configure (not built yet)',
  handler: () => {},
};
