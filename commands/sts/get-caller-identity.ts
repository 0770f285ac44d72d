import { defineCommand } from '../../src/cli/command.js';
import { outputOption, printDetails } from '../../src/cli/records.js';
import { type CallerIdentity, getCallerIdentity } from '../../src/sts/calls.js';

export const getCallerIdentityCommand = defineCommand<object, CallerIdentity>({
  command: 'get-caller-identity',
  describe: 'STS GetCallerIdentity for the selected profile (json: the API\'s answer)',
  builder: (yargs) => outputOption(yargs),
  run: async (_argv, ctx) => getCallerIdentity(await (await ctx.clients()).sts()),
  present: (identity, io, format) => printDetails(io, format, { title: 'identity', facts: identityFacts(identity), json: identity }),
});

/** Who a caller is, as tables show it. */
export function identityFacts(identity: CallerIdentity): [string, string][] {
  return [
    ['account', identity.AccountId],
    ['arn', identity.Arn],
    ['type', identity.IdentityType],
    ['principal', identity.PrincipalId],
  ];
}
