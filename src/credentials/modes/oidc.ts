import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Profile } from '../../../profiles/model.js';
import { checkOidcProviderArn, checkRoleArn, checkSessionName } from '../../../profiles/fields.js';
import { fix, InputError, UserError } from '../../core/errors.js';
import { flagOf } from '../../../profiles/modes.js';
import type { Env } from '../../core/env.js';
import { assumeRoleWithOIDC, credentialsOf } from '../../sts/calls.js';
import { defaultSessionName } from '../../sts/session-name.js';
import { type PlanContext, type Step, fieldName, firstVariable, optionalField } from '../step.js';
import { profileStsEndpoint, roleDuration } from './role.js';

/** An AssumeRoleWithOIDC to make, and where each value came from (a profile key or a variable) for errors. */
export interface OidcRole {
  roleArn: { value: string; field: string };
  providerArn: { value: string; field: string };
  tokenFile: { value: string; field: string };
  sessionName: { value: string; field: string };
  durationSeconds: number;
}

const VARIABLES = {
  roleArn: ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABACLOUD_ROLE_ARN'],
  providerArn: ['ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABACLOUD_OIDC_PROVIDER_ARN'],
  tokenFile: ['ALIBABA_CLOUD_OIDC_TOKEN_FILE', 'ALIBABACLOUD_OIDC_TOKEN_FILE'],
  sessionName: ['ALIBABA_CLOUD_ROLE_SESSION_NAME', 'ALIBABACLOUD_ROLE_SESSION_NAME'],
} as const;

/**
 * The OIDC variables (ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN, _OIDC_TOKEN_FILE, or the ALIBABACLOUD_ names) when
 * the provider ARN or token file is set; one of them without the others is an error naming what is missing.
 */
export function environmentOidcRole(env: Env, plan: PlanContext): OidcRole | undefined {
  const provider = firstVariable(env, VARIABLES.providerArn);
  const tokenFile = firstVariable(env, VARIABLES.tokenFile);
  if (!provider && !tokenFile) return undefined;
  const roleArn = firstVariable(env, VARIABLES.roleArn);
  const missing = [
    roleArn ? undefined : VARIABLES.roleArn[0],
    provider ? undefined : VARIABLES.providerArn[0],
    tokenFile ? undefined : VARIABLES.tokenFile[0],
  ].filter(Boolean);
  if (missing.length > 0 || !roleArn || !provider || !tokenFile) {
    throw new InputError(
      `OIDC credentials from the environment need ${missing.join(' and ')} too`,
      'set ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE together',
    );
  }
  const sessionName = firstVariable(env, VARIABLES.sessionName);
  return {
    roleArn: { value: roleArn.value, field: roleArn.name },
    providerArn: { value: provider.value, field: provider.name },
    tokenFile: { value: resolve(plan.runtime.cwd, tokenFile.value), field: tokenFile.name },
    sessionName: sessionName
      ? { value: sessionName.value, field: sessionName.name }
      : { value: defaultSessionName(plan.runtime), field: 'the default session name' },
    durationSeconds: 3600,
  };
}

/** An OIDC profile's role; empty fields are filled from the OIDC variables, as the aliyun CLI does. */
export function profileOidcRole(profile: Profile, plan: PlanContext): OidcRole {
  const env = plan.runtime.env;
  const pick = (key: string, names: readonly string[]) => {
    const own = optionalField(profile, key);
    if (own) return { value: own, field: fieldName(profile, key) };
    const variable = firstVariable(env, names);
    if (variable) return { value: variable.value, field: variable.name };
    throw new InputError(
      `${key} is not configured for profile '${profile.name}' (mode OIDC)`,
      fix(`set ${names[0]}, or set it in the profile`, `configure set --profile ${profile.name} ${flagOf(key)} …`),
    );
  };
  const tokenFile = pick('oidc_token_file', VARIABLES.tokenFile);
  const sessionName = optionalField(profile, 'ram_session_name');
  return {
    roleArn: pick('ram_role_arn', VARIABLES.roleArn),
    providerArn: pick('oidc_provider_arn', VARIABLES.providerArn),
    tokenFile: { ...tokenFile, value: resolve(plan.runtime.cwd, tokenFile.value) },
    sessionName: sessionName
      ? { value: sessionName, field: fieldName(profile, 'ram_session_name') }
      : { value: defaultSessionName(plan.runtime), field: 'the default session name' },
    durationSeconds: roleDuration(profile),
  };
}

/** AssumeRoleWithOIDC, unsigned, reading the token file again on every run (workload tokens rotate). */
export function planOidc(role: OidcRole, plan: PlanContext, profile?: Profile): Step {
  checkRoleArn(role.roleArn.value, role.roleArn.field);
  checkSessionName(role.sessionName.value, role.sessionName.field);
  checkOidcProviderArn(role.providerArn.value, role.providerArn.field);
  const stsEndpoint = profileStsEndpoint(profile, plan.runtime.env);
  return {
    hop: { profile: profile?.name, mode: 'OIDC', detail: role.roleArn.value },
    run: async () => {
      const token = await readToken(role.tokenFile.value, role.tokenFile.field);
      const response = await assumeRoleWithOIDC({
        region: plan.region,
        endpoint: plan.endpoint,
        stsEndpoint: stsEndpoint ?? { host: 'sts.aliyuncs.com', protocol: 'https' },
        roleArn: role.roleArn.value,
        oidcProviderArn: role.providerArn.value,
        oidcToken: token,
        roleSessionName: role.sessionName.value,
        durationSeconds: role.durationSeconds,
        fields: {
          roleArn: role.roleArn.field,
          roleSessionName: role.sessionName.field,
          oidcProviderArn: role.providerArn.field,
          oidcToken: role.tokenFile.field,
        },
        cloud: plan.cloud,
      });
      return { credentials: credentialsOf(response) };
    },
  };
}

async function readToken(path: string, field: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`cannot read the OIDC token file ${path} (${field}): ${why}`, `check ${field} names the projected token file`);
  }
}
