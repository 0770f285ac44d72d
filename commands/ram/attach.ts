import type { Command } from '../../src/cli/parser.js';

// Placeholders until these verbs are built.
export const attachCommand: Command = { command: 'attach', describe: 'attach (not built yet)', handler: () => {} };
export const detachCommand: Command = { command: 'detach', describe: 'detach (not built yet)', handler: () => {} };
