import type { Command } from '../../../src/cli/parser.js';

// Placeholder until this verb is built.
export const roleCommand: Command = {
  command: 'role',
  describe: 'role (not built yet)',
  handler: () => {},
};
