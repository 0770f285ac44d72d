import { productOf } from './products.js';
import { isAbortError } from '../core/abort.js';
import { AliauditError, ApiError, fix, type Hint, InterruptedError, UserError } from '../core/errors.js';
import type { Endpoint } from './types.js';
import { endpointUrl } from './endpoint.js';
import { transportReason } from './http.js';

/** Where the keys that signed a call came from: a profile (or the environment) and the mode that produced them. */
export interface Signer {
  /** Absent for keys from the environment. */
  profile?: string;
  /** AK, StsToken, External, CredentialsURI, EcsRamRole, Environment, or a role mode (keys STS issued). */
  mode: string;
  /** For Environment: the variable that held the access key id. */
  detail?: string;
}

/** What the failed call was, so a hint can name the fix. */
export interface CallContext {
  /** The RAM action, e.g. sts:AssumeRole. */
  action?: string;
  /** Who made the call (as the user knows it): a user name, a role ARN, a profile. */
  principal?: string;
  signer?: Signer;
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
  // Alibaba Cloud's own hosts: the network is at fault; any other host is one the user pointed aliaudit at.
  const retarget =
    endpoint && !endpoint.host.endsWith('.aliyuncs.com')
      ? 'check --endpoint / ALIAUDIT_ENDPOINT or the profile\'s sts_endpoint, and that the service there is running'
      : 'check your network, proxy and the region; --endpoint URL sends calls elsewhere';
  const reason = transportReason(e);
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
  if (service === 'sts') return name === 'AssumeRole' ? 'AliyunSTSAssumeRoleAccess' : undefined;
  const policies = productOf(service)?.policies;
  return /^(Get|List|Describe)/.test(name) ? policies?.readOnly : policies?.full;
}

function hintFor(code: string, detail: Record<string, unknown> | undefined, call: CallContext): string | Hint | undefined {
  const action = (typeof detail?.AuthAction === 'string' && detail.AuthAction) || call.action;
  const signerProfile = call.signer?.profile;
  const principal =
    call.principal ||
    (signerProfile ? `the identity of profile '${signerProfile}'` : '') ||
    (typeof detail?.AuthPrincipalDisplayName === 'string' && detail.AuthPrincipalDisplayName) ||
    'the caller';
  if (code === 'NoPermission' || code.startsWith('Forbidden')) {
    if (detail?.PolicyType === 'AssumeRolePolicy') {
      return `the role's trust policy does not let ${principal} assume it: pass the --external-id it requires, or ask the role's owner to name the caller as a Principal`;
    }
    if (action === 'sts:AssumeRoleWithOIDC') {
      // The call is unsigned: no permission policy is involved, only the conditions of the role's trust policy.
      return "the role's trust policy does not accept this token: its oidc:sub, oidc:aud or oidc:iss conditions must match the token's subject, audience and issuer; ask the role's owner to add them";
    }
    if (!action) return `attach a policy allowing this action to ${principal}`;
    const policy = policyFor(action);
    const attach = `attach ${policy ? `${policy} or ` : ''}a policy allowing ${action} to ${principal}`;
    return action === 'sts:AssumeRole' ? `${attach}, and make sure the role's trust policy names it` : attach;
  }
  const problem = KEY_PROBLEMS[code] ?? (code.startsWith('InvalidSecurityToken') ? KEY_PROBLEMS.MissingSecurityToken : undefined);
  if (problem) return keyHint(problem, call.signer);
  if (code === 'InvalidTimeStamp.Expired') return 'the system clock is off: sync it (e.g. with NTP) and run again';
  if (code.startsWith('Throttling')) return 'the API is throttling requests: wait a moment and run again';
  if (code.startsWith('EntityNotExist.Role')) return 'check the account id and role name in the role ARN';
  return undefined;
}

type KeyProblem = 'secret' | 'id' | 'disabled' | 'expired' | 'token';

/** What each refusal of the keys themselves says is wrong with them. */
const KEY_PROBLEMS: Record<string, KeyProblem> = {
  SignatureDoesNotMatch: 'secret',
  'InvalidAccessKeyId.NotFound': 'id',
  'InvalidAccessKeyId.Inactive': 'disabled',
  'InvalidSecurityToken.Expired': 'expired',
  MissingSecurityToken: 'token',
};

const KEY_PROBLEM_WORDS: Record<KeyProblem, string> = {
  secret: 'the secret is wrong',
  id: 'the access key id is unknown',
  disabled: 'the access key is disabled',
  expired: 'the STS token has expired',
  token: 'the STS token does not match the access key',
};

/**
 * The fix for keys that were refused depends on where they came from: a profile's own keys are set again, an
 * expired static token is replaced (running again does not help), keys printed by a command or served by a URI are
 * fixed at their source, and temporary keys a role chain issued are simply fetched again.
 */
function keyHint(problem: KeyProblem, signer: Signer | undefined): string | Hint {
  const words = KEY_PROBLEM_WORDS[problem];
  const owner = signer?.profile ? `profile '${signer.profile}'` : 'your profile';
  const flag = `--profile ${signer?.profile ?? '…'}`;
  switch (signer?.mode ?? 'AK') {
    case 'AK':
    case 'StsToken':
      if (problem === 'secret') return fix(`the secret of ${owner} is wrong: set it again`, `configure set ${flag} --access-key-secret …`);
      if (problem === 'id') return fix(`the access key id of ${owner} is unknown there: check it`, `configure set ${flag} --access-key-id …`);
      if (problem === 'disabled') return `the access key of ${owner} is disabled: enable it (aliaudit ram access-key enable <key-id> --user <name>) or create a new one`;
      if (problem === 'expired') {
        return fix(`the STS token of ${owner} has expired, and running again will not renew it: get new temporary keys and set all three`, `configure set ${flag} --access-key-id … --access-key-secret … --sts-token …`);
      }
      return fix(`the STS token of ${owner} does not match its keys: set it again`, `configure set ${flag} --sts-token …`);
    case 'Environment':
      return `${words} for the keys in ${signer?.detail ?? 'ALIBABA_CLOUD_ACCESS_KEY_ID'} and its companion variables: set them again`;
    case 'External':
      return `${words} for the keys printed by the process_command of ${owner}: fix that command (the profile holds no secret to set)`;
    case 'CredentialsURI':
      return `${words} for the keys served by the credentials_uri of ${owner}: check the service behind it`;
    case 'EcsRamRole':
      return `${words} for the instance role keys from the ECS metadata service: check the role attached to the instance`;
    default:
      return problem === 'expired'
        ? 'the temporary credentials expired: run again to get fresh ones'
        : `${words} for the temporary keys issued for ${owner}: run again; if it persists, check the system clock`;
  }
}
