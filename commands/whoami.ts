import type { Command } from '../src/cli/parser.js';

// Placeholder until this verb is built.
export const whoamiCommand: Command = {
  command: 'whoami',
  describe: 'whoami (not built yet)',
  handler: () => {},
};
