import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const policiesCommand: Command = {
  command: 'policies',
  describe: 'policies (not built yet)',
  handler: () => {},
};
