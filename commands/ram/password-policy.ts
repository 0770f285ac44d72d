import type { Command } from '../../src/cli/parser.js';

// Placeholder until this verb is built.
export const passwordPolicyCommand: Command = {
  command: 'password-policy',
  describe: 'password-policy (not built yet)',
  handler: () => {},
};
