import type { Command } from '../src/cli/parser.js';

// Placeholder until this verb is built.
export const execCommand: Command = {
  command: 'exec',
  describe: 'exec (not built yet)',
  handler: () => {},
};
