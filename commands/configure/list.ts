import type { Command } from '../../src/cli/parser.js';
import type { Context } from '../../src/cli/context.js';
import { mask, note, printJson, printTable } from '../../src/cli/output.js';
import { maskProfile } from '../../profiles/mask.js';
import { findProfile, type Profile } from '../../profiles/model.js';
import { configPath } from '../../profiles/path.js';
import { readConfig } from '../../profiles/store.js';

type ListArgs = { output: 'table' | 'json' };

export const listCommand: Command<ListArgs> = {
  command: 'list',
  describe: 'List the profiles: current (*), mode, region and where the credentials come from',
  builder: (yargs) =>
    yargs.option('output', {
      alias: 'o',
      choices: ['table', 'json'] as const,
      default: 'table' as const,
      describe: 'table, or json for scripts (secrets masked)',
    }),
  handler: async (argv) => {
    const { ctx } = argv;
    const path = configPath({ flag: argv['config-path'], env: ctx.env, homedir: ctx.homedir });
    const { config, exists } = await readConfig(path);
    if (argv.output === 'json') {
      printJson(ctx, { current: config.current, profiles: config.profiles.map(maskProfile) });
    }
    if (config.profiles.length === 0) {
      noProfilesYet(ctx, path, exists);
      return;
    }
    if (argv.output === 'json') return;
    const current = findProfile(config, config.current);
    printTable(ctx, config.profiles, [
      { header: '', value: (p) => (p === current ? '*' : '') },
      { header: 'name', value: (p) => p.name },
      { header: 'mode', value: (p) => p.mode },
      { header: 'region', value: (p) => str(p.region_id) },
      { header: 'source → role', value: credentialSource },
    ]);
  },
};

function noProfilesYet(ctx: Context, path: string, exists: boolean): void {
  note(ctx, exists ? `No profiles in ${path} yet.` : `No config file at ${path} yet.`);
  note(
    ctx,
    'Create one: aliaudit configure set --profile <name> --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou',
  );
}

/** Where a profile's credentials come from, in a few words; never a secret. */
export function credentialSource(profile: Profile): string {
  const role = roleName(str(profile.ram_role_arn));
  switch (profile.mode) {
    case 'AK':
    case 'StsToken':
      return profile.access_key_id ? `key ${mask(profile.access_key_id)}` : '';
    case 'RamRoleArn':
      return role;
    case 'ChainableRamRoleArn':
      return `${str(profile.source_profile) || '?'} → ${role}`;
    case 'OIDC':
      return `${str(profile.oidc_provider_arn).replace(/^.*:oidc-provider\//, '') || 'OIDC'} → ${role}`;
    case 'RamRoleArnWithRoleName':
      return `${str(profile.ram_role_name) || 'instance role'} → ${role}`;
    case 'EcsRamRole':
      return str(profile.ram_role_name) || '(instance role from metadata)';
    case 'CredentialsURI':
      return str(profile.credentials_uri);
    case 'External':
      return str(profile.process_command);
    case 'CloudSSO':
      return str(profile.cloud_sso_access_config);
    default:
      return '';
  }
}

function roleName(arn: string): string {
  return arn.replace(/^acs:ram::\d*:role\//, '');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
