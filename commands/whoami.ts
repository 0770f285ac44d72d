import type { Command } from '../src/cli/parser.js';
import type { Context } from '../src/cli/context.js';
import { sessionOptions } from '../src/cli/args.js';
import { printJson, printTable } from '../src/cli/output.js';
import { openSession } from '../src/credentials/session.js';
import type { Hop, Session } from '../src/credentials/types.js';
import { apiTimestamp } from '../src/credentials/export.js';
import { getCallerIdentity, type CallerIdentity } from '../src/sts/calls.js';

interface WhoamiArgs {
  output: 'table' | 'json';
}

export const whoamiCommand: Command<WhoamiArgs> = {
  command: 'whoami',
  describe: 'Show who the selected profile is (STS GetCallerIdentity) and the chain of profiles that got there',
  builder: (yargs) =>
    yargs.option('output', {
      alias: 'o',
      choices: ['table', 'json'] as const,
      default: 'table' as const,
      describe: 'table, or json for scripts',
    }),
  handler: async (argv) => {
    const session = await openSession(sessionOptions(argv));
    const identity = await getCallerIdentity(session);
    if (argv.output === 'json') printJson(argv.ctx, whoamiJson(session, identity));
    else printWhoami(argv.ctx, session, identity);
  },
};

function whoamiJson(session: Session, identity: CallerIdentity) {
  return {
    identity,
    chain: session.hops.map((hop) => ({
      profile: hop.profile ?? null,
      mode: hop.mode,
      detail: hop.detail ?? null,
      expiration: hop.expiration ? apiTimestamp(hop.expiration) : null,
    })),
    profile: session.profileName ?? null,
    region: session.region,
  };
}

function printWhoami(ctx: Context, session: Session, identity: CallerIdentity): void {
  const facts: [string, string][] = [
    ['account', identity.AccountId],
    ['arn', identity.Arn],
    ['type', identity.IdentityType],
    ['principal', identity.PrincipalId],
    ['profile', session.profileName ?? '(environment)'],
    ['region', session.region],
  ];
  printTable(ctx, facts, [
    { header: 'identity', value: ([key]) => key },
    { header: '', value: ([, value]) => value ?? '' },
  ]);
  ctx.io.stdout.write('\n');
  const now = ctx.now();
  printTable(
    ctx,
    session.hops.map((hop, index) => ({ hop, step: index + 1 })),
    [
      { header: 'step', value: ({ step }) => String(step) },
      { header: 'profile', value: ({ hop }) => hop.profile ?? '(environment)' },
      { header: 'mode', value: ({ hop }) => hop.mode },
      { header: 'detail', value: ({ hop }) => hop.detail ?? '' },
      { header: 'expires', value: ({ hop }) => describeExpiry(hop, now) },
    ],
  );
}

/** "expires in 58m (12:03:00Z)"; long-term keys never expire. */
export function describeExpiry(hop: Hop, now: Date): string {
  if (!hop.expiration) return 'never';
  const clock = `${apiTimestamp(hop.expiration).slice(11)}`;
  const seconds = Math.round((hop.expiration.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return `expired (${clock})`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const span = hours > 0 ? `${hours}h${String(minutes).padStart(2, '0')}m` : minutes > 0 ? `${minutes}m` : `${seconds}s`;
  return `expires in ${span} (${clock})`;
}
