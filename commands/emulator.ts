import type { Command } from '../src/cli/parser.js';

// Placeholder until this verb is built.
export const emulatorCommand: Command = {
  command: 'emulator',
  describe: 'emulator (not built yet)',
  handler: () => {},
};
