import { isAbortError } from '../core/abort.js';
import { AliauditError, ApiError, fix, type Hint, InterruptedError, UserError } from '../core/errors.js';
import type { Endpoint } from './types.js';
import { endpointUrl } from './endpoint.js';
import { TRANSPORT_REASONS } from './http.js';

/** What the failed call was, so a hint can name the fix. */
export interface CallContext {
  /** The RAM action, e.g. sts:AssumeRole. */
  action?: string;
  /** Who made the call (as the user knows it): a user name, a role ARN, a profile. */
  principal?: string;
  /** Profile whose keys signed the call. */
  profile?: string;
}

/** Normalises what an SDK call threw: API answers → ApiError with a hint; network failures → UserError naming the endpoint. */
export function toApiError(error: unknown, endpoint?: Endpoint, call: CallContext = {}): Error {
  if (error instanceof AliauditError) return error;
  if (isAbortError(error)) return new InterruptedError();
  const e = error as any;
  if (isApiAnswer(e)) {
    const code = String(e.code);
    const data = (e.data ?? {}) as Record<string, unknown>;
    const message = typeof data.Message === 'string' ? data.Message : stripSdkDecoration(String(e.message ?? ''));
    const detail = (e.accessDeniedDetail ?? data.AccessDeniedDetail) as Record<string, unknown> | undefined;
    const requestId = e.requestId && e.requestId !== 'undefined' ? String(e.requestId) : undefined;
    const retryAfterMs = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
    return new ApiError(code, message, e.statusCode, requestId, detail, hintFor(code, detail, call), retryAfterMs);
  }
  const where = endpoint ? endpointUrl(endpoint) : 'the Alibaba Cloud endpoint';
  const retarget = endpoint
    ? 'check --endpoint / ALIAUDIT_ENDPOINT or the profile\'s sts_endpoint, and that the service there is running'
    : 'check your network, proxy and the region; --endpoint URL sends calls elsewhere';
  const reason = typeof e?.code === 'string' ? TRANSPORT_REASONS[e.code] : undefined;
  if (reason) return new UserError(`could not reach ${where}: ${reason}`, retarget);
  if (e?.name === 'RequestTimeoutError' || /timeout/i.test(String(e?.message ?? ''))) {
    return new UserError(`${where} did not answer in time`, retarget);
  }
  if (e instanceof SyntaxError) {
    return new UserError(`${where} answered something that is not an API response`, retarget);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** ClientError / ServerError / ThrottlingError of @alicloud/openapi-core (matched by shape: it is loaded lazily). */
function isApiAnswer(e: any): boolean {
  return (
    e instanceof Error &&
    typeof (e as any).code === 'string' &&
    typeof (e as any).statusCode === 'number' &&
    ['ClientError', 'ServerError', 'ThrottlingError', 'AlibabaCloudError'].includes(e.name)
  );
}

/** The SDK writes "<Code>: code: 403, <Message> request id: <id>"; keep the API's own words. */
function stripSdkDecoration(message: string): string {
  return message.replace(/^[\w.]+: code: \d+, /, '').replace(/ request id: \S*$/, '');
}

/** RAM system policies that grant the common actions aliaudit makes. */
function policyFor(action: string): string | undefined {
  const [service, name = ''] = action.split(':');
  const readOnly = /^(Get|List|Describe)/.test(name);
  switch (service) {
    case 'sts':
      return name === 'AssumeRole' ? 'AliyunSTSAssumeRoleAccess' : undefined;
    case 'ram':
      return readOnly ? 'AliyunRAMReadOnlyAccess' : 'AliyunRAMFullAccess';
    case 'ecs':
      return readOnly ? 'AliyunECSReadOnlyAccess' : 'AliyunECSFullAccess';
    default:
      return undefined;
  }
}

function hintFor(code: string, detail: Record<string, unknown> | undefined, call: CallContext): string | Hint | undefined {
  const action = (typeof detail?.AuthAction === 'string' && detail.AuthAction) || call.action;
  const principal =
    call.principal ||
    (call.profile ? `the identity of profile '${call.profile}'` : '') ||
    (typeof detail?.AuthPrincipalDisplayName === 'string' && detail.AuthPrincipalDisplayName) ||
    'the caller';
  const profileFlag = call.profile ? ` --profile ${call.profile}` : '';
  if (code === 'NoPermission' || code.startsWith('Forbidden')) {
    if (detail?.PolicyType === 'AssumeRolePolicy') {
      return `the role's trust policy does not let ${principal} assume it: pass the --external-id it requires, or ask the role's owner to name the caller as a Principal`;
    }
    if (!action) return `attach a policy allowing this action to ${principal}`;
    const policy = policyFor(action);
    const attach = `attach ${policy ? `${policy} or ` : ''}a policy allowing ${action} to ${principal}`;
    return action === 'sts:AssumeRole' ? `${attach}, and make sure the role's trust policy names it` : attach;
  }
  if (code === 'InvalidAccessKeyId.NotFound') {
    return `the access key id is unknown there: check the access_key_id of ${call.profile ? `profile '${call.profile}'` : 'your profile or environment'}`;
  }
  if (code === 'InvalidAccessKeyId.Inactive') {
    return 'the access key is disabled: enable it in the RAM console or create a new one';
  }
  if (code === 'InvalidSecurityToken.Expired') return 'credentials expired; run again to refresh';
  if (code.startsWith('InvalidSecurityToken') || code === 'MissingSecurityToken') {
    return fix('the STS token does not match the keys: set it again', `configure set${profileFlag} --sts-token …`);
  }
  if (code === 'SignatureDoesNotMatch') {
    return fix('the secret is wrong', `configure set${profileFlag || ' --profile …'} --access-key-secret …`);
  }
  if (code === 'InvalidTimeStamp.Expired') return 'the system clock is off: sync it (e.g. with NTP) and run again';
  if (code.startsWith('Throttling')) return 'the API is throttling requests: wait a moment and run again';
  if (code.startsWith('EntityNotExist.Role')) return 'check the account id and role name in the role ARN';
  return undefined;
}
