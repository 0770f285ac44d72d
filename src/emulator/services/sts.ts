/**
 * STS 2015-04-01: GetCallerIdentity, AssumeRole and AssumeRoleWithOIDC, with the real validation order, errors and
 * response shapes of Alibaba Cloud's STS API reference. Issued sessions land in state.sessions,
 * and later calls signed with them act as the assumed role within the session policy.
 */
import { createPublicKey, randomBytes, randomInt, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import type { Account, EmulatorState, OidcProvider, PolicyDocument, Principal, Role, StsSession } from '../state.js';
import { ApiFault, NO_PERMISSION, accessDenied, faults, formatApiDate } from '../api-error.js';
import { PolicyGrammarError, PolicySizeError, parsePolicyDocument, principalArn, trustAllows } from '../policy.js';
import type { ApiCall, Service } from './service.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const MIN_DURATION_SECONDS = 900;
const MAX_POLICY_LENGTH = 2048;
/** How far an OIDC token's nbf/iat may lie in the future of the emulated clock. */
const OIDC_CLOCK_SKEW_MS = 5 * 60 * 1000;

function randomChars(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE58[randomInt(BASE58.length)];
  return out;
}

export interface SessionRequest {
  account: Account;
  role: Role;
  sessionName: string;
  durationSeconds: number;
  policy?: PolicyDocument;
  mfaPresent?: boolean;
}

/** Issues credentials for a role session and records them, so later calls signed with them authenticate. */
export function issueSession(state: EmulatorState, request: SessionRequest): StsSession {
  const expiresMs = Math.floor(state.now().getTime() / 1000) * 1000 + request.durationSeconds * 1000;
  const session: StsSession = {
    AccessKeyId: `STS.NT${randomChars(21)}`,
    AccessKeySecret: randomChars(30),
    // Real tokens are long opaque base64 starting with CAIS; clients must carry them byte for byte.
    SecurityToken: `CAIS${randomBytes(480).toString('base64')}`,
    Expiration: new Date(expiresMs),
    accountId: request.account.AccountId,
    roleName: request.role.RoleName,
    sessionName: request.sessionName,
    policy: request.policy,
    mfaPresent: request.mfaPresent ?? false,
  };
  state.sessions.set(session.AccessKeyId, session);
  return session;
}

/** The Credentials object of STS responses (and, with Code/LastUpdated, of IMDS and credentials URIs). */
export function sessionCredentials(session: StsSession) {
  return {
    AccessKeyId: session.AccessKeyId,
    AccessKeySecret: session.AccessKeySecret,
    SecurityToken: session.SecurityToken,
    Expiration: formatApiDate(session.Expiration),
  };
}

/** A role of the world by account id and name; role names are case-insensitive as in RAM. */
export function findRole(state: EmulatorState, accountId: string, roleName: string): { account: Account; role: Role } | undefined {
  const account = state.Accounts.get(accountId);
  if (!account) return undefined;
  const role = account.Roles.get(roleName) ?? [...account.Roles.values()].find((r) => r.RoleName.toLowerCase() === roleName.toLowerCase());
  return role ? { account, role } : undefined;
}

function invalidParameter(name: string, message: string): ApiFault {
  return new ApiFault(`InvalidParameter.${name}`, 400, message);
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw faults.missingParameter(name);
  return value;
}

function roleFromArn(state: EmulatorState, roleArn: string): { account: Account; role: Role } {
  const match = /^acs:ram::(\d+):role\/([^/\s]+)$/i.exec(roleArn);
  if (!match) throw invalidParameter('RoleArn', 'The parameter RoleArn is wrongly formed.');
  const found = findRole(state, match[1], match[2]);
  if (!found) throw new ApiFault('EntityNotExist.Role', 404, `The specified Role not exists: ${roleArn}.`);
  return found;
}

function checkSessionName(value: string): string {
  if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(value)) {
    throw invalidParameter(
      'RoleSessionName',
      'The parameter RoleSessionName is wrongly formed: 2 to 64 characters of letters, digits and . @ - _.',
    );
  }
  return value;
}

function durationOf(params: Record<string, string>, role: Role): number {
  const raw = params.DurationSeconds;
  const max = role.MaxSessionDuration;
  const message = `The Min/Max value of DurationSeconds is ${MIN_DURATION_SECONDS}/${max} seconds (the MaxSessionDuration of role ${role.RoleName}).`;
  if (raw === undefined || raw === '') return Math.min(3600, max);
  if (!/^\d+$/.test(raw)) throw invalidParameter('DurationSeconds', message);
  const seconds = Number(raw);
  if (seconds < MIN_DURATION_SECONDS || seconds > max) throw invalidParameter('DurationSeconds', message);
  return seconds;
}

function sessionPolicyOf(params: Record<string, string>): PolicyDocument | undefined {
  const text = params.Policy;
  if (text === undefined || text === '') return undefined;
  try {
    return parsePolicyDocument(text, { maxLength: MAX_POLICY_LENGTH });
  } catch (error) {
    if (error instanceof PolicySizeError) {
      throw invalidParameter('PolicySize', `The parameter Policy is longer than ${MAX_POLICY_LENGTH} characters.`);
    }
    if (error instanceof PolicyGrammarError) {
      throw invalidParameter('PolicyGrammar', `The parameter Policy has a wrong grammar: ${error.message}.`);
    }
    throw error;
  }
}

function assumedRoleUser(role: Role, sessionName: string) {
  return { Arn: `${role.Arn}/${sessionName}`, AssumedRoleId: `${role.RoleId}:${sessionName}` };
}

function getCallerIdentity(call: ApiCall): Record<string, unknown> {
  const principal = call.caller!.principal;
  const base = { AccountId: principal.account.AccountId, Arn: principalArn(principal) };
  switch (principal.kind) {
    case 'root':
      return { ...base, IdentityType: 'Account', PrincipalId: base.AccountId, UserId: base.AccountId };
    case 'user':
      return { ...base, IdentityType: 'RAMUser', PrincipalId: principal.user.UserId, UserId: principal.user.UserId };
    case 'assumed-role':
      return {
        ...base,
        IdentityType: 'AssumedRoleUser',
        PrincipalId: `${principal.role.RoleId}:${principal.session.sessionName}`,
        RoleId: principal.role.RoleId,
      };
  }
}

function assumeRole(call: ApiCall): Record<string, unknown> {
  const { state, params } = call;
  const caller = call.caller!;
  if (caller.principal.kind === 'root') {
    throw new ApiFault('NoPermission', 403, 'Roles may not be assumed by root accounts.');
  }
  const roleArn = required(params, 'RoleArn');
  const sessionName = checkSessionName(required(params, 'RoleSessionName'));
  const externalId = params.ExternalId;
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
    throw invalidParameter('ExternalId', 'The parameter ExternalId is wrongly formed: 2 to 1224 characters of letters, digits and +=,.@:/-_.');
  }
  const policy = sessionPolicyOf(params);
  const { account, role } = roleFromArn(state, roleArn);
  const durationSeconds = durationOf(params, role);
  call.authorize('sts:AssumeRole', role.Arn);
  refuseUntrusted(role, caller.principal, externalId === undefined ? {} : { 'sts:ExternalId': externalId });
  const session = issueSession(state, { account, role, sessionName, durationSeconds, policy, mfaPresent: caller.mfaPresent });
  return {
    AssumedRoleUser: assumedRoleUser(role, sessionName),
    Credentials: sessionCredentials(session),
    ...(params.SourceIdentity ? { SourceIdentity: params.SourceIdentity } : {}),
  };
}

function refuseUntrusted(role: Role, principal: Principal, conditions: Record<string, string>): void {
  if (trustAllows(role, { kind: 'principal', principal }, conditions)) return;
  const reason = `the trust policy of ${role.Arn} does not allow ${principalArn(principal)}`;
  throw accessDenied(NO_PERMISSION, principal, 'sts:AssumeRole', { explicitDeny: false, reason }, {
    message: `You are not authorized to assume this role: ${reason}${conditions['sts:ExternalId'] === undefined ? '' : ' with this ExternalId'}.`,
    policyType: 'AssumeRolePolicy',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// AssumeRoleWithOIDC

interface OidcClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat?: number;
}

function oidcFault(kind: string, message: string): ApiFault {
  return new ApiFault(`AuthenticationFail.OIDCToken.${kind}`, 400, message);
}

function decodeJwtPart(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** Verifies an RS256 JWT against the provider's JWKS and its issuer, audiences and validity window. */
export function verifyOidcToken(token: string, provider: OidcProvider, now: Date): OidcClaims {
  const parts = token.split('.');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    if (parts.length !== 3) throw new Error('not three parts');
    header = decodeJwtPart(parts[0]);
    payload = decodeJwtPart(parts[1]);
  } catch {
    throw invalidParameter('OIDCToken', 'The parameter OIDCToken is not a well-formed JWT.');
  }
  if (header.alg !== 'RS256') throw oidcFault('InvalidSignature', `The OIDC token is signed with ${String(header.alg)}; only RS256 is accepted.`);
  const keys = provider.JWKS.keys.filter((key) => key.kty === 'RSA' && (header.kid === undefined || key.kid === header.kid));
  if (keys.length === 0) {
    throw oidcFault('InvalidSignature', `No key of OIDC provider ${provider.OIDCProviderName} matches the token's kid ${String(header.kid)}.`);
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const verified = keys.some((jwk) => {
    try {
      return verifySignature('RSA-SHA256', signed, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), signature);
    } catch {
      return false;
    }
  });
  if (!verified) throw oidcFault('InvalidSignature', 'The signature of the OIDC token does not verify against the provider\'s JWKS.');

  const { iss, sub, aud, exp, nbf, iat } = payload;
  if (iss !== provider.IssuerUrl) throw oidcFault('InvalidIssuer', `The issuer of the OIDC token is not ${provider.IssuerUrl}.`);
  if (typeof sub !== 'string' || sub === '') throw invalidParameter('OIDCToken', 'The OIDC token has no sub claim.');
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  const accepted = audiences.filter((a) => provider.ClientIds.includes(a));
  if (accepted.length === 0) throw oidcFault('InvalidAudience', `The audience of the OIDC token is not a client id of ${provider.OIDCProviderName}.`);
  if (typeof exp !== 'number') throw invalidParameter('OIDCToken', 'The OIDC token has no exp claim.');
  const nowMs = now.getTime();
  if (exp * 1000 <= nowMs) throw oidcFault('Expired', `The OIDC token expired at ${formatApiDate(new Date(exp * 1000))}.`);
  for (const [name, value] of [['nbf', nbf], ['iat', iat]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number') throw invalidParameter('OIDCToken', `The ${name} claim of the OIDC token is not a number.`);
    if (value * 1000 > nowMs + OIDC_CLOCK_SKEW_MS) throw oidcFault('NotYetValid', `The OIDC token is not valid before ${formatApiDate(new Date(value * 1000))}.`);
  }
  return { iss, sub, aud: accepted, exp, iat: typeof iat === 'number' ? iat : undefined };
}

function oidcProviderFromArn(state: EmulatorState, arn: string): OidcProvider {
  const match = /^acs:ram::(\d+):oidc-provider\/([^/\s]+)$/.exec(arn);
  if (!match) throw invalidParameter('OIDCProviderArn', 'The parameter OIDCProviderArn is wrongly formed.');
  const provider = state.Accounts.get(match[1])?.OIDCProviders.get(match[2]);
  if (!provider) throw new ApiFault('EntityNotExist.OIDCProvider', 404, `The specified OIDC provider not exists: ${arn}.`);
  return provider;
}

function assumeRoleWithOidc(call: ApiCall): Record<string, unknown> {
  const { state, params } = call;
  const roleArn = required(params, 'RoleArn');
  const providerArn = required(params, 'OIDCProviderArn');
  const token = required(params, 'OIDCToken');
  if (token.length < 4 || token.length > 20000) {
    throw invalidParameter('OIDCToken', 'The parameter OIDCToken must be 4 to 20000 characters long.');
  }
  const sessionName = checkSessionName(params.RoleSessionName || `oidc-session-${Date.now()}`);
  const policy = sessionPolicyOf(params);
  const { account, role } = roleFromArn(state, roleArn);
  const durationSeconds = durationOf(params, role);
  const provider = oidcProviderFromArn(state, providerArn);
  const claims = verifyOidcToken(token, provider, state.now());
  if (!trustAllows(role, { kind: 'oidc', providerArn: provider.Arn, claims }, {})) {
    throw new ApiFault(
      'NoPermission',
      403,
      `You are not authorized to assume this role: the trust policy of ${role.Arn} does not allow ${provider.Arn} for subject ${claims.sub}.`,
    );
  }
  const session = issueSession(state, { account, role, sessionName, durationSeconds, policy });
  return {
    AssumedRoleUser: assumedRoleUser(role, sessionName),
    Credentials: sessionCredentials(session),
    OIDCTokenInfo: {
      Subject: claims.sub,
      Issuer: claims.iss,
      ClientIds: claims.aud.join(','),
      ExpirationTime: formatApiDate(new Date(claims.exp * 1000)),
      IssuanceTime: claims.iat === undefined ? '' : formatApiDate(new Date(claims.iat * 1000)),
      VerificationInfo: 'Success',
    },
  };
}

export const stsService: Service = {
  code: 'sts',
  product: 'Sts',
  version: '2015-04-01',
  hostId: 'sts.aliyuncs.com',
  denial: NO_PERMISSION,
  actions: {
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole,
    AssumeRoleWithOIDC: assumeRoleWithOidc,
  },
  anonymousActions: new Set(['AssumeRoleWithOIDC']),
};
