import type { Command } from '../../src/cli/parser.js';
import { sessionOptions } from '../../src/cli/args.js';
import { printJson } from '../../src/cli/output.js';
import { openSession } from '../../src/credentials/session.js';
import { getCallerIdentity } from '../../src/sts/calls.js';

export const getCallerIdentityCommand: Command = {
  command: 'get-caller-identity',
  describe: 'Print STS GetCallerIdentity\'s answer for the selected profile, as JSON',
  handler: async (argv) => {
    const session = await openSession(sessionOptions(argv));
    printJson(argv.ctx, await getCallerIdentity(session));
  },
};
