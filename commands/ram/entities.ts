import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const entitiesCommand: Command = {
  command: 'entities',
  describe: 'entities (not built yet)',
  handler: () => {},
};
