import type { Command } from '../../../src/cli/parser.js';

// Placeholder until this verb is built.
export const policyCommand: Command = {
  command: 'policy',
  describe: 'policy (not built yet)',
  handler: () => {},
};
