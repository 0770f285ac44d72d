import { defineCommand } from '../../src/cli/command.js';
import { note } from '../../src/cli/output.js';
import { outputOption, printRecords } from '../../src/cli/records.js';
import { mask } from '../../src/core/mask.js';
import { maskProfile } from '../../profiles/mask.js';
import type { Profile } from '../../profiles/model.js';

/** The profiles, secrets masked, and whether there is a file at all (for the hint when there are none). */
interface ProfileList {
  path: string;
  exists: boolean;
  current: string;
  profiles: Profile[];
}

export const listCommand = defineCommand<object, ProfileList>({
  command: 'list',
  describe: 'List the profiles: current (*), mode, region and where the credentials come from',
  builder: (yargs) => outputOption(yargs),
  run: async (_argv, ctx) => {
    const { config, exists } = await ctx.store.read();
    return { path: ctx.store.path, exists, current: config.current, profiles: config.profiles.map(maskProfile) };
  },
  present: (list, io, format) => {
    if (list.profiles.length > 0 || format === 'json') {
      printRecords(io, format, {
        rows: list.profiles,
        columns: [
          { header: '', value: (p) => (p.name === list.current ? '*' : '') },
          { header: 'name', value: (p) => p.name },
          { header: 'mode', value: (p) => p.mode },
          { header: 'region', value: (p) => str(p.region_id) },
          { header: 'source → role', value: credentialSource, wrap: true },
        ],
        json: { current: list.current, profiles: list.profiles },
      });
    }
    if (list.profiles.length === 0) {
      note(io, list.exists ? `No profiles in ${list.path} yet.` : `No config file at ${list.path} yet.`);
      note(io, 'Create one: aliaudit configure set --profile <name> --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou');
    }
  },
});

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
