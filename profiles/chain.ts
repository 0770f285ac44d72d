import { fix, InputError, UserError } from '../src/core/errors.js';
import { type ConfigFile, findProfile, type Profile } from './model.js';
import { unknownProfile } from './select.js';

/**
 * The named profile and the profiles its credentials come from: [name, its source_profile, …], ending with the first
 * profile that is not ChainableRamRoleArn. Loops are refused (the aliyun CLI overflows its stack on them).
 */
export function profileChain(config: ConfigFile, name: string): Profile[] {
  const first = findProfile(config, name);
  if (!first) {
    const { message, hint } = unknownProfile(config, name);
    throw new UserError(message, hint);
  }
  const chain = [first];
  let profile = first;
  while (profile.mode === 'ChainableRamRoleArn') {
    const source = profile.source_profile;
    if (!source) {
      throw new InputError(
        `profile '${profile.name}' is ChainableRamRoleArn but has no --source-profile`,
        fix('name the profile whose credentials assume its role', `configure set --profile ${profile.name} --source-profile <profile>`),
      );
    }
    if (chain.some((p) => p.name === source)) {
      const names = [...chain.map((p) => p.name), source];
      throw new InputError(
        `profile chain loops: ${names.join(' → ')}`,
        `end the chain at a profile with credentials of its own (AK, EcsRamRole, OIDC, …): change --source-profile of one of ${[...new Set(names)].join(', ')}`,
      );
    }
    const next = findProfile(config, source);
    if (!next) {
      throw new InputError(
        `can not load the source profile: ${source}`,
        fix(
          `profile '${profile.name}' takes its credentials from '${source}', which does not exist: create it ` +
            `(aliaudit configure set --profile ${source} …), or point it at another`,
          `configure set --profile ${profile.name} --source-profile <profile>`,
        ),
      );
    }
    chain.push(next);
    profile = next;
  }
  return chain;
}
