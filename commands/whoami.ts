import { defineCommand } from '../src/cli/command.js';
import type { IO } from '../src/cli/context.js';
import { printTable } from '../src/cli/output.js';
import { type OutputFormat, outputOption, printDetails, printRecords } from '../src/cli/records.js';
import type { Env } from '../src/core/env.js';
import type { Hop, Session } from '../src/credentials/types.js';
import { apiTimestamp } from '../src/credentials/export.js';
import { getCallerIdentity, type CallerIdentity } from '../src/sts/calls.js';
import { identityFacts } from './sts/get-caller-identity.js';

/** Who the selected profile is, and each hop of how it got there. */
export interface Whoami {
  identity: CallerIdentity;
  profile?: string;
  region: string;
  chain: Hop[];
  /** Which source the credentials came from and what chose it: `current profile in …`, `--profile`, a variable. */
  source: string;
  /** When it was asked, so expiries read as "in 58m". */
  at: Date;
}

export const whoamiCommand = defineCommand<object, Whoami>({
  command: 'whoami',
  describe: 'Show who the selected profile is (STS GetCallerIdentity) and the chain of profiles that got there',
  builder: (yargs) => outputOption(yargs),
  run: async (_argv, ctx) => {
    const session = await ctx.session();
    const identity = await getCallerIdentity(await (await ctx.clients()).sts());
    return { identity, profile: session.profileName, region: session.region, chain: [...session.hops], source: sourceOf(session, ctx.env), at: ctx.now() };
  },
  present: presentWhoami,
});

function presentWhoami(whoami: Whoami, io: IO, format: OutputFormat): void {
  const { identity } = whoami;
  if (format !== 'table') {
    const chain = whoami.chain.map((hop) => `${hop.profile ?? '(environment)'}:${hop.mode}`).join(' → ');
    const row = { ...identity, Profile: whoami.profile ?? '', Region: whoami.region, Chain: chain };
    printRecords(io, format, {
      rows: [row],
      columns: ['AccountId', 'Arn', 'IdentityType', 'PrincipalId', 'Profile', 'Region', 'Chain'].map((key) => ({
        header: key,
        value: (r: Record<string, unknown>) => String(r[key] ?? ''),
      })),
      json: whoamiJson(whoami),
    });
    return;
  }
  printDetails(io, format, {
    title: 'identity',
    facts: [...identityFacts(identity), ['profile', whoami.profile ?? '(environment)'], ['source', whoami.source], ['region', whoami.region]],
    json: undefined,
  });
  io.stdout.write('\n');
  printTable(
    io,
    whoami.chain.map((hop, index) => ({ hop, step: index + 1 })),
    [
      { header: 'step', value: ({ step }) => String(step) },
      { header: 'profile', value: ({ hop }) => hop.profile ?? '(environment)' },
      { header: 'mode', value: ({ hop }) => hop.mode },
      // A role ARN or a key id: whole, on a line of its own when the row has no room for it.
      { header: 'detail', value: ({ hop }) => hop.detail ?? '', squeeze: 'line' },
      { header: 'expires', value: ({ hop }) => describeExpiry(hop, whoami.at), wrap: true },
    ],
  );
}

function whoamiJson(whoami: Whoami) {
  return {
    identity: whoami.identity,
    chain: whoami.chain.map((hop) => ({
      profile: hop.profile ?? null,
      mode: hop.mode,
      detail: hop.detail ?? null,
      expiration: hop.expiration ? apiTimestamp(hop.expiration) : null,
    })),
    profile: whoami.profile ?? null,
    source: whoami.source,
    region: whoami.region,
  };
}

/**
 * What chose the credentials, as the aliyun CLI chooses: a profile (--profile, a profile variable, the current one)
 * wins over the environment's keys, which are then named as unused; with no profile, the variable that held them.
 */
function sourceOf(session: Session, env: Env): string {
  const { profile, unusedVariable } = session.origin;
  if (profile) {
    const by = profile.by === 'current' ? `the current profile in ${profile.path}` : profile.by;
    return `${by}${unusedVariable ? `; ${unusedVariable} is set, not used` : ''}`;
  }
  const ignoring = /^true$/i.test(env.ALIBABA_CLOUD_IGNORE_PROFILE?.trim() ?? '') ? ', ALIBABA_CLOUD_IGNORE_PROFILE=TRUE' : '';
  const { signer } = session;
  return `environment (${signer.mode === 'Environment' && signer.detail ? signer.detail : signer.mode}${ignoring})`;
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
