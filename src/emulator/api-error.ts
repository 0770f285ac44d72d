/**
 * Errors the emulator answers, in the shape Alibaba Cloud's gateway returns:
 * `{"RequestId","HostId","Code","Message","Recommend"[,"AccessDeniedDetail"]}` with the documented HTTP status.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from './state.js';

export interface AccessDeniedDetail {
  AuthAction: string;
  AuthPrincipalType: string;
  AuthPrincipalDisplayName: string;
  AuthPrincipalOwnerId?: string;
  PolicyType: string;
  NoPermissionType: string;
  EncodedDiagnosticMessage?: string;
}

/** A refusal the API answers to the client; thrown anywhere below the server and rendered by it. */
export class ApiFault extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { accessDeniedDetail?: AccessDeniedDetail; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ApiFault';
  }
}

/** A request id as the gateway writes them: an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function errorBody(fault: ApiFault, requestId: string, hostId: string, product: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    RequestId: requestId,
    HostId: hostId,
    Code: fault.code,
    Message: fault.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(fault.code)}&product=${encodeURIComponent(product)}&requestId=${requestId}`,
  };
  if (fault.extra.accessDeniedDetail) body.AccessDeniedDetail = fault.extra.accessDeniedDetail;
  return body;
}

/** The documented errors, so every service words them the same way. */
export const faults = {
  incompleteSignature: (why?: string) =>
    new ApiFault('IncompleteSignature', 400, `The request signature does not conform to Aliyun standards.${why ? ` ${why}` : ''}`),
  signatureDoesNotMatch: (why?: string) =>
    new ApiFault('SignatureDoesNotMatch', 400, `Specified signature does not match our calculation.${why ? ` ${why}` : ''}`),
  accessKeyNotFound: () => new ApiFault('InvalidAccessKeyId.NotFound', 404, 'Specified access key is not found.'),
  accessKeyInactive: () => new ApiFault('InvalidAccessKeyId.Inactive', 400, 'Specified access key is disabled.'),
  missingSecurityToken: () =>
    new ApiFault('MissingSecurityToken', 400, 'SecurityToken is mandatory for this request when using an STS access key.'),
  securityTokenMismatch: () =>
    new ApiFault('InvalidSecurityToken.MismatchWithAccessKey', 400, 'Specified SecurityToken mismatch with the AccessKey.'),
  securityTokenMalformed: () => new ApiFault('InvalidSecurityToken.Malformed', 400, 'Specified SecurityToken is malformed.'),
  securityTokenExpired: (why?: string) =>
    new ApiFault('InvalidSecurityToken.Expired', 400, `Specified SecurityToken is expired.${why ? ` ${why}` : ''}`),
  timestampExpired: (value: string, now: Date) =>
    new ApiFault(
      'InvalidTimeStamp.Expired',
      400,
      `Specified time stamp or date value is expired. The request time ${value} differs from the server time ${formatApiDate(now)} by more than 15 minutes.`,
    ),
  timestampFormat: () =>
    new ApiFault('InvalidTimeStamp.Format', 400, 'Specified time stamp or date value is not well formatted.'),
  nonceUsed: () => new ApiFault('SignatureNonceUsed', 400, 'Specified signature nonce was used already.'),
  missingParameter: (name: string, accepted?: string) =>
    new ApiFault(
      'MissingParameter',
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.${accepted ? ` ${accepted}` : ''}`,
    ),
  /** `name` is a parameter, or what else of the request is wrong ("the request path"); `why` says what is accepted. */
  invalidParameter: (name: string, why: string) => new ApiFault('InvalidParameter', 400, `The specified parameter "${name}" is not valid. ${why}`),
  actionNotFound: (why?: string) =>
    new ApiFault('InvalidAction.NotFound', 404, `Specified api is not found, please check your url and method.${why ? ` ${why}` : ''}`),
  unsupportedMethod: (why: string) => new ApiFault('UnsupportedHTTPMethod', 405, `This http method is not supported. ${why}`),
  bodyTooLarge: (limit: number) =>
    new ApiFault('InvalidParameter.BodyTooLarge', 413, `The request body is larger than ${limit} bytes; send the parameters in the query or a smaller body.`),
  headerTooLarge: (limit: number) =>
    new ApiFault('InvalidParameter.HeaderTooLarge', 431, `The request line and headers together are larger than ${limit} bytes.`),
  malformedRequest: () => new ApiFault('BadRequest', 400, 'The request is not well-formed HTTP/1.1.'),
  requestTimeout: () => new ApiFault('RequestTimeout', 408, 'The request was not received in time.'),
  invalidVersion: () => new ApiFault('InvalidVersion', 400, 'Specified parameter Version is not valid.'),
  throttlingUser: (retryAfterMs: number) =>
    new ApiFault('Throttling.User', 400, 'Request was denied due to user flow control.', { retryAfterMs }),
  internalError: () =>
    new ApiFault('InternalError', 500, 'The request processing has failed due to some unknown error, exception or failure.'),
};

/** `YYYY-MM-DDTHH:mm:ssZ`, the only date format the APIs answer. */
export function formatApiDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How a product refuses an unauthorised call: NoPermission (RAM, STS) or Forbidden.RAM (ECS). */
export interface Denial {
  code: string;
  status: number;
  message: string;
}

export const NO_PERMISSION: Denial = {
  code: 'NoPermission',
  status: 403,
  message: 'You are not authorized to do this action. You should be authorized by RAM.',
};

/** ECS's refusal when policy evaluation says no. */
export const FORBIDDEN_RAM: Denial = {
  code: 'Forbidden.RAM',
  status: 403,
  message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
};

/** Refusals of ECS (and IMS's missing credential report), worded alike. */
export const serviceFaults = {
  regionNotFound: (regionId: string) =>
    new ApiFault('InvalidRegionId.NotFound', 404, `The specified RegionId does not exist: ${regionId}. Call DescribeRegions for the regions there are.`),
  securityGroupNotFound: (groupId: string) =>
    new ApiFault('InvalidSecurityGroupId.NotFound', 404, `The specified SecurityGroupId does not exist: ${groupId}.`),
  /** `InvalidParameter.<Name>` (400): a value out of its documented range or shape; `why` says what is accepted. */
  invalidValue: (name: string, why: string) =>
    new ApiFault(`InvalidParameter.${name}`, 400, `The specified parameter "${name}" is not valid. ${why}`),
  credentialReportNotExist: () =>
    new ApiFault('EntityNotExist.CredentialReport', 404, 'The credential report does not exist. Generate it first with GenerateCredentialReport.'),
};

/** The refusal a product answers when policy evaluation says no, with the detail the real API attaches. */
export function accessDenied(
  denial: Denial,
  principal: Principal,
  action: string,
  decision: { explicitDeny: boolean; reason: string },
  options: { message?: string; policyType?: string } = {},
): ApiFault {
  const detail: AccessDeniedDetail = {
    AuthAction: action,
    AuthPrincipalType: principalType(principal),
    AuthPrincipalDisplayName: principalDisplayName(principal),
    AuthPrincipalOwnerId: principal.account.AccountId,
    PolicyType: options.policyType ?? 'AccountLevelIdentityBasedPolicy',
    NoPermissionType: decision.explicitDeny ? 'ExplicitDeny' : 'ImplicitDeny',
    EncodedDiagnosticMessage: Buffer.from(decision.reason).toString('base64'),
  };
  return new ApiFault(denial.code, denial.status, options.message ?? denial.message, { accessDeniedDetail: detail });
}

function principalType(principal: Principal): string {
  switch (principal.kind) {
    case 'root': return 'Account';
    case 'user': return 'SubUser';
    case 'assumed-role': return 'AssumedRoleUser';
  }
}

function principalDisplayName(principal: Principal): string {
  switch (principal.kind) {
    case 'root': return principal.account.AccountId;
    case 'user': return principal.user.UserId;
    case 'assumed-role': return `${principal.role.RoleName}:${principal.session.sessionName}`;
  }
}
