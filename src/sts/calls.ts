import { type CallOptions, type CloudApi, cloudApi, STS } from '../cloud/clients.js';
import type { Credentials, Endpoint, Timeouts } from '../cloud/types.js';
import {
  checkDurationSeconds,
  checkExternalId,
  checkOidcProviderArn,
  checkRoleArn,
  checkSessionName,
  checkSessionPolicy,
} from '../../profiles/fields.js';
import { UserError } from '../core/errors.js';

/** GetCallerIdentity, as the API answers it. */
export interface CallerIdentity {
  AccountId: string;
  Arn: string;
  IdentityType: 'Account' | 'RAMUser' | 'AssumedRoleUser' | string;
  PrincipalId: string;
  RoleId?: string;
  UserId?: string;
  RequestId: string;
}

/** AssumeRole, as the API answers it. */
export interface AssumeRoleResponse {
  RequestId: string;
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Credentials: { AccessKeyId: string; AccessKeySecret: string; Expiration: string; SecurityToken: string };
  SourceIdentity?: string;
}

export interface AssumeRoleInput {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
  externalId?: string;
}

/** Field names used in errors about an AssumeRoleInput: the flags of `sts assume-role` unless a profile's keys. */
export interface InputFields {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: string;
  policy: string;
  externalId: string;
}

const FLAGS: InputFields = {
  roleArn: '--role-arn',
  roleSessionName: '--role-session-name',
  durationSeconds: '--duration-seconds',
  policy: '--policy',
  externalId: '--external-id',
};

/** Who the client's credentials belong to. */
export async function getCallerIdentity(sts: CloudApi): Promise<CallerIdentity> {
  return (await sts.call('GetCallerIdentity')) as CallerIdentity;
}

/** AssumeRole as the client's identity (the `sts assume-role` one-liner). */
export async function assumeRole(sts: CloudApi, input: AssumeRoleInput): Promise<AssumeRoleResponse> {
  checkAssumeRoleInput(input);
  return assumeRoleCall(sts, input);
}

/** Checks an AssumeRole request locally, as STS would, before any call. */
export function checkAssumeRoleInput(input: AssumeRoleInput, fields: InputFields = FLAGS): void {
  checkRoleArn(input.roleArn, fields.roleArn);
  checkSessionName(input.roleSessionName, fields.roleSessionName);
  if (input.durationSeconds !== undefined) checkDurationSeconds(input.durationSeconds, fields.durationSeconds);
  if (input.policy !== undefined) checkSessionPolicy(input.policy, fields.policy);
  if (input.externalId !== undefined) checkExternalId(input.externalId, fields.externalId);
}

/** AssumeRole signed with the given keys (a step of a role chain); the caller has checked the input. */
export async function callAssumeRole(options: {
  credentials: Credentials;
  endpoint?: Endpoint;
  regionId: string;
  input: AssumeRoleInput;
  timeouts?: Timeouts;
  cloud?: CallOptions;
}): Promise<AssumeRoleResponse> {
  const sts = await cloudApi({
    ...options.cloud,
    ...options.timeouts,
    product: STS,
    credentials: options.credentials,
    endpoint: options.endpoint,
    region: options.regionId,
  });
  return assumeRoleCall(sts, options.input);
}

async function assumeRoleCall(sts: CloudApi, input: AssumeRoleInput): Promise<AssumeRoleResponse> {
  const body = await sts.call('AssumeRole', {
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    DurationSeconds: input.durationSeconds,
    Policy: input.policy,
    ExternalId: input.externalId,
  });
  return checkCredentials(body, 'AssumeRole');
}

/** AssumeRoleWithOIDC: an unsigned call, so it needs no credentials, only the workload's OIDC token. */
export async function assumeRoleWithOIDC(options: {
  region: string;
  endpoint?: Endpoint;
  stsEndpoint?: Endpoint;
  roleArn: string;
  oidcProviderArn: string;
  oidcToken: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
  /** Field names for errors (flags by default, profile keys for a profile). */
  fields?: Partial<InputFields> & { oidcProviderArn?: string; oidcToken?: string };
  cloud?: CallOptions;
}): Promise<AssumeRoleResponse & { OIDCTokenInfo?: Record<string, unknown> }> {
  const fields = { ...FLAGS, oidcProviderArn: '--oidc-provider-arn', oidcToken: '--oidc-token-file', ...options.fields };
  checkAssumeRoleInput(
    { roleArn: options.roleArn, roleSessionName: options.roleSessionName, durationSeconds: options.durationSeconds, policy: options.policy },
    fields,
  );
  checkOidcProviderArn(options.oidcProviderArn, fields.oidcProviderArn);
  checkOidcToken(options.oidcToken, fields.oidcToken);
  const sts = await cloudApi({
    ...options.cloud,
    call: { principal: options.roleArn, ...options.cloud?.call },
    product: STS,
    endpoint: options.endpoint ?? options.stsEndpoint,
    region: options.region,
  });
  const body = await sts.call('AssumeRoleWithOIDC', {
    RoleArn: options.roleArn,
    OIDCProviderArn: options.oidcProviderArn,
    OIDCToken: options.oidcToken,
    RoleSessionName: options.roleSessionName,
    DurationSeconds: options.durationSeconds,
    Policy: options.policy,
  });
  return checkCredentials(body, 'AssumeRoleWithOIDC');
}

/** STS takes OIDC tokens of 4 to 20,000 characters. */
export function checkOidcToken(token: string, field = '--oidc-token-file'): void {
  if (token.length < 4 || token.length > 20000) {
    throw new UserError(
      `the OIDC token from ${field} is ${token.length} character${token.length === 1 ? '' : 's'} long`,
      'STS accepts tokens of 4 to 20000 characters: check the file holds the token itself',
    );
  }
}

/** Issued keys, with the Expiration string as a Date. */
export function credentialsOf(response: AssumeRoleResponse): Credentials {
  const issued = response.Credentials;
  return {
    accessKeyId: issued.AccessKeyId,
    accessKeySecret: issued.AccessKeySecret,
    securityToken: issued.SecurityToken,
    expiration: new Date(issued.Expiration),
  };
}

/** An answer that carries usable keys, else an error (an endpoint that is not STS). */
function checkCredentials(body: Record<string, unknown>, action: string): any {
  const issued = body.Credentials as Record<string, unknown> | undefined;
  const complete = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'].every(
    (key) => typeof issued?.[key] === 'string' && issued[key] !== '',
  );
  if (!complete || Number.isNaN(new Date(String(issued!.Expiration)).getTime())) {
    throw new UserError(`${action} answered without complete credentials`, 'the STS endpoint is not behaving like Alibaba Cloud STS');
  }
  return body;
}
