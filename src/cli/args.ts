import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from './context.js';
import { InputError } from './errors.js';
import { checkRegionId } from '../../profiles/fields.js';
import { emptyConfig } from '../../profiles/model.js';
import { configPath } from '../../profiles/path.js';
import { requireProfile, selectProfileName } from '../../profiles/select.js';
import { readConfig } from '../../profiles/store.js';
import { REGION_VARIABLES } from '../credentials/environment.js';
import { profileStsEndpoint } from '../credentials/modes/role.js';
import { DEFAULT_REGION } from '../credentials/session.js';
import { firstVariable, isSwitchOn } from '../credentials/step.js';
import type { Endpoint, SessionOptions } from '../credentials/types.js';
import type { GlobalArgs } from './parser.js';

/** The global flags, as the options of openSession(). */
export function sessionOptions(argv: GlobalArgs): SessionOptions {
  return {
    ctx: argv.ctx,
    profile: argv.profile,
    region: argv.region,
    endpoint: argv.endpoint,
    configPath: argv.configPath ?? argv['config-path'],
  };
}

/** A flag that takes a value or `@file`: the file's contents, relative to the working directory. */
export function valueOrFile(ctx: Context, value: string, field: string): string {
  if (!value.startsWith('@')) return value;
  return readArgumentFile(ctx, value.slice(1), field);
}

/** Reads a file named by a flag; a missing or unreadable file is bad input naming both. */
export function readArgumentFile(ctx: Context, path: string, field: string): string {
  try {
    return readFileSync(resolve(ctx.cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new InputError(`${field}: file ${path} ${reason}`, `check the path given to ${field}`);
  }
}

/**
 * Region and STS endpoint for a call that needs no credentials (AssumeRoleWithOIDC): --region, else the selected
 * profile's region_id, else the region variables, else the default; a profile is used if there is one, never required.
 */
export async function unsignedCallTarget(argv: GlobalArgs): Promise<{ region: string; stsEndpoint?: Endpoint }> {
  const { env, homedir } = argv.ctx;
  if (argv.region) checkRegionId(argv.region, '--region');
  const path = configPath({ flag: argv.configPath ?? argv['config-path'], env, homedir });
  const ignoreProfiles = !argv.profile && isSwitchOn(env.ALIBABA_CLOUD_IGNORE_PROFILE);
  const { config } = ignoreProfiles ? { config: emptyConfig() } : await readConfig(path);
  const name = selectProfileName({ flag: argv.profile, env, config });
  const profile = name ? requireProfile(config, name, path) : undefined;
  const stsEndpoint = profileStsEndpoint(profile, env);
  if (argv.region) return { region: argv.region, stsEndpoint };
  const own = typeof profile?.region_id === 'string' ? profile.region_id.trim() : '';
  if (own) {
    checkRegionId(own, `profile '${profile!.name}' region_id`);
    return { region: own, stsEndpoint };
  }
  const variable = firstVariable(env, REGION_VARIABLES);
  if (variable) checkRegionId(variable.value, variable.name);
  return { region: variable?.value ?? DEFAULT_REGION, stsEndpoint };
}
