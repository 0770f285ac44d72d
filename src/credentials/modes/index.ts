import type { Profile } from '../../../profiles/model.js';
import { MODES } from '../../../profiles/model.js';
import { fix, InputError, UserError } from '../../core/errors.js';
import type { PlanContext, Step } from '../step.js';
import { planCredentialsUri, planExternal } from './external.js';
import { planInstanceRole } from './instance.js';
import { planOidc, profileOidcRole } from './oidc.js';
import { planAssumeRole } from './role.js';
import { planStaticKeys } from './static.js';

/** Modes the aliyun CLI resolves through flows aliaudit does not implement (sign-in, key pairs, tokens). */
export const UNSUPPORTED_MODES: readonly string[] = ['CloudSSO', 'OAuth', 'RsaKeyPair', 'BearerToken', 'Anonymous', 'RamRoleArnWithRoleName'];

/**
 * Plans a profile chain as profileChain returns it ([named, its source, …]): the first profile that is not
 * ChainableRamRoleArn is the base, resolved by its own mode; each chained role above it is one AssumeRole.
 */
export function planChain(chain: readonly Profile[], plan: PlanContext): Step[] {
  const baseIndex = chain.findIndex((profile) => profile.mode !== 'ChainableRamRoleArn');
  if (baseIndex < 0) {
    const last = chain[chain.length - 1];
    throw new UserError(
      `can not load the source profile of '${last.name}'`,
      fix('set it', `configure set --profile ${last.name} --source-profile NAME`),
    );
  }
  const steps = planProfile(chain[baseIndex], plan);
  for (const role of chain.slice(0, baseIndex).reverse()) steps.push(planAssumeRole(role, plan, steps[steps.length - 1].hop));
  return steps;
}

/** The steps of one profile whose mode does not chain to another profile. */
export function planProfile(profile: Profile, plan: PlanContext): Step[] {
  switch (profile.mode) {
    case 'AK':
    case 'StsToken':
      return [planStaticKeys(profile)];
    case 'RamRoleArn': {
      const keys = planStaticKeys(profile);
      return [keys, planAssumeRole(profile, plan, keys.hop)];
    }
    case 'OIDC':
      return [planOidc(profileOidcRole(profile, plan), plan, profile)];
    case 'EcsRamRole':
      return [planInstanceRole(profile, plan)];
    case 'External':
      return [planExternal(profile, plan)];
    case 'CredentialsURI':
      return [planCredentialsUri(profile, plan)];
    case 'ChainableRamRoleArn':
      return planChain([profile], plan);
  }
  if (UNSUPPORTED_MODES.includes(profile.mode)) {
    throw new UserError(
      `profile '${profile.name}' uses mode ${profile.mode}, which aliaudit does not support yet`,
      `the aliyun CLI handles it (aliyun --profile ${profile.name} …); for aliaudit, use a profile in another mode with --profile`,
    );
  }
  throw new InputError(`profile '${profile.name}' has an unknown mode "${profile.mode}"`, `modes are: ${MODES.join(', ')}`);
}
