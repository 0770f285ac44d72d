import type { Context } from '../cli/context.js';
import { wireShape } from '../cloud/wire-shape.js';
import { toApiError, type CallContext } from '../cloud/api-error.js';
import { stsClient, stsModels } from '../cloud/sts-client.js';
import type { Credentials, Endpoint, Session, Timeouts } from '../credentials/types.js';
import {
  checkDurationSeconds,
  checkExternalId,
  checkOidcProviderArn,
  checkRoleArn,
  checkSessionName,
  checkSessionPolicy,
} from '../../profiles/fields.js';
import { UserError } from '../cli/errors.js';

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

/** Who the session's credentials belong to. */
export async function getCallerIdentity(session: Session): Promise<CallerIdentity> {
  const credentials = await session.credentials();
  const endpoint = session.endpoint ?? session.stsEndpoint;
  const client = await stsClient({ credentials, endpoint, regionId: session.region, ...session.timeouts });
  try {
    const response = await client.getCallerIdentity();
    return wireShape(response) as CallerIdentity;
  } catch (error) {
    throw toApiError(error, endpoint, { action: 'sts:GetCallerIdentity', profile: session.profileName });
  }
}

/** AssumeRole with the session's credentials (the `sts assume-role` one-liner). */
export async function assumeRole(session: Session, input: AssumeRoleInput): Promise<AssumeRoleResponse> {
  checkAssumeRoleInput(input);
  const credentials = await session.credentials();
  return callAssumeRole({
    credentials,
    endpoint: session.endpoint ?? session.stsEndpoint,
    regionId: session.region,
    timeouts: session.timeouts,
    input,
    call: { profile: session.profileName },
  });
}

/** Checks an AssumeRole request locally, as STS would, before any call. */
export function checkAssumeRoleInput(input: AssumeRoleInput, fields: InputFields = FLAGS): void {
  checkRoleArn(input.roleArn, fields.roleArn);
  checkSessionName(input.roleSessionName, fields.roleSessionName);
  if (input.durationSeconds !== undefined) checkDurationSeconds(input.durationSeconds, fields.durationSeconds);
  if (input.policy !== undefined) checkSessionPolicy(input.policy, fields.policy);
  if (input.externalId !== undefined) checkExternalId(input.externalId, fields.externalId);
}

/** AssumeRole signed with the given keys; the caller has checked the input. */
export async function callAssumeRole(options: {
  credentials: Credentials;
  endpoint?: Endpoint;
  regionId: string;
  input: AssumeRoleInput;
  call?: CallContext;
  timeouts?: Timeouts;
}): Promise<AssumeRoleResponse> {
  const { input, endpoint } = options;
  const [client, models] = await Promise.all([
    stsClient({ credentials: options.credentials, endpoint, regionId: options.regionId, ...options.timeouts }),
    stsModels(),
  ]);
  const request = new models.AssumeRoleRequest({
    roleArn: input.roleArn,
    roleSessionName: input.roleSessionName,
    durationSeconds: input.durationSeconds,
    policy: input.policy,
    externalId: input.externalId,
  });
  try {
    return checkCredentials(wireShape(await client.assumeRole(request)), 'AssumeRole') as AssumeRoleResponse;
  } catch (error) {
    throw toApiError(error, endpoint, { action: 'sts:AssumeRole', ...options.call });
  }
}

/** AssumeRoleWithOIDC: an unsigned call, so it needs no credentials, only the workload's OIDC token. */
export async function assumeRoleWithOIDC(options: {
  ctx: Context;
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
  call?: CallContext;
}): Promise<AssumeRoleResponse & { OIDCTokenInfo?: Record<string, unknown> }> {
  const fields = { ...FLAGS, oidcProviderArn: '--oidc-provider-arn', oidcToken: '--oidc-token-file', ...options.fields };
  checkAssumeRoleInput(
    { roleArn: options.roleArn, roleSessionName: options.roleSessionName, durationSeconds: options.durationSeconds, policy: options.policy },
    fields,
  );
  checkOidcProviderArn(options.oidcProviderArn, fields.oidcProviderArn);
  checkOidcToken(options.oidcToken, fields.oidcToken);
  const endpoint = options.endpoint ?? options.stsEndpoint;
  const [client, models] = await Promise.all([stsClient({ endpoint, regionId: options.region }), stsModels()]);
  const request = new models.AssumeRoleWithOIDCRequest({
    roleArn: options.roleArn,
    OIDCProviderArn: options.oidcProviderArn,
    OIDCToken: options.oidcToken,
    roleSessionName: options.roleSessionName,
    durationSeconds: options.durationSeconds,
    policy: options.policy,
  });
  try {
    const body = checkCredentials(wireShape(await client.assumeRoleWithOIDC(request)), 'AssumeRoleWithOIDC');
    return body as AssumeRoleResponse & { OIDCTokenInfo?: Record<string, unknown> };
  } catch (error) {
    throw toApiError(error, endpoint, { action: 'sts:AssumeRoleWithOIDC', principal: options.roleArn, ...options.call });
  }
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

/** The SDK's response model back in the API's own names (PascalCase, RequestId included). */
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
