import type { Profile } from '../../../profiles/model.js';
import { checkDurationSeconds } from '../../../profiles/fields.js';
import { InputError } from '../../core/errors.js';
import { stsEndpointHost } from '../../cloud/endpoint.js';
import { callAssumeRole, checkAssumeRoleInput, credentialsOf, type AssumeRoleInput } from '../../sts/calls.js';
import { defaultSessionName } from '../../sts/session-name.js';
import type { Env } from '../../core/env.js';
import { type PlanContext, type Step, fieldName, optionalField, requiredField } from '../step.js';
import type { Endpoint } from '../types.js';
import type { Signer } from '../../cloud/api-error.js';

/** Role sessions last this long when a profile's expired_seconds is 0 or unset (the aliyun CLI's default). */
export const DEFAULT_ROLE_SECONDS = 3600;

/**
 * The STS endpoint a profile names: sts_endpoint (always https), else ALIBABA_CLOUD_STS_ENDPOINT (the environment
 * fills an empty field, as in the aliyun CLI), else sts.<sts_region>.aliyuncs.com; undefined when none is set.
 */
export function profileStsEndpoint(profile: Profile | undefined, env: Env): Endpoint | undefined {
  const configured = profile && optionalField(profile, 'sts_endpoint');
  if (configured) return stsEndpointHost(configured);
  const fromEnv = env.ALIBABA_CLOUD_STS_ENDPOINT?.trim();
  if (fromEnv) return stsEndpointHost(fromEnv);
  const region = profile && optionalField(profile, 'sts_region');
  if (region) return { host: `sts.${region}.aliyuncs.com`, protocol: 'https' };
  return undefined;
}

/** Where a role profile's AssumeRole goes: the override, else the profile's STS endpoint, else the global one. */
export function roleStsEndpoint(profile: Profile, plan: PlanContext): Endpoint {
  return plan.endpoint ?? profileStsEndpoint(profile, plan.runtime.env) ?? { host: 'sts.aliyuncs.com', protocol: 'https' };
}

/** expired_seconds: 0 or unset means 3600; otherwise 900..43200. */
export function roleDuration(profile: Profile): number {
  const value = profile.expired_seconds;
  if (value === undefined || value === null || value === 0) return DEFAULT_ROLE_SECONDS;
  if (typeof value !== 'number') {
    throw new InputError(`${fieldName(profile, 'expired_seconds')} must be a number`, 'use a whole number of seconds from 900 to 43200');
  }
  checkDurationSeconds(value, fieldName(profile, 'expired_seconds'));
  return value;
}

/** The AssumeRole a RamRoleArn or ChainableRamRoleArn profile makes, checked now. */
export function roleInput(profile: Profile, plan: PlanContext): AssumeRoleInput {
  const input: AssumeRoleInput = {
    roleArn: requiredField(profile, 'ram_role_arn'),
    roleSessionName: optionalField(profile, 'ram_session_name') ?? defaultSessionName(plan.runtime),
    durationSeconds: roleDuration(profile),
    externalId: optionalField(profile, 'external_id') ?? plan.runtime.env.ALIBABA_CLOUD_EXTERNAL_ID?.trim() ?? undefined,
  };
  if (input.externalId === '') delete input.externalId;
  checkAssumeRoleInput(input, {
    roleArn: fieldName(profile, 'ram_role_arn'),
    roleSessionName: fieldName(profile, 'ram_session_name'),
    durationSeconds: fieldName(profile, 'expired_seconds'),
    policy: fieldName(profile, 'policy'),
    externalId: fieldName(profile, 'external_id'),
  });
  return input;
}

/**
 * AssumeRole with the previous step's credentials (`signer`: where they came from): the role step of RamRoleArn and
 * ChainableRamRoleArn.
 */
export function planAssumeRole(profile: Profile, plan: PlanContext, signer: Signer): Step {
  const input = roleInput(profile, plan);
  const endpoint = roleStsEndpoint(profile, plan);
  return {
    hop: { profile: profile.name, mode: profile.mode, detail: input.roleArn },
    run: async (source) => {
      if (!source) throw new Error(`profile '${profile.name}' has no source credentials to assume its role with`);
      const response = await callAssumeRole({
        credentials: source,
        endpoint,
        regionId: plan.region,
        input,
        cloud: { ...plan.cloud, call: { signer, principal: principalOf(signer, profile) } },
      });
      return { credentials: credentialsOf(response) };
    },
  };
}

/** Who assumes a profile's role, as the user knows it. */
function principalOf(source: Signer, profile: Profile): string {
  if (!source.profile) return `the identity of the environment's keys (the source of profile '${profile.name}')`;
  if (source.profile === profile.name) return `the identity of profile '${profile.name}'s own keys`;
  return `the identity of profile '${source.profile}' (the source of '${profile.name}')`;
}
