/**
 * Who may assume a role: a trust policy given whole (`--trust-policy`), or built from the shortcuts
 * `--trusted-account`, `--trusted-service` and `--trusted-oidc-provider`. Either way it is checked here, before RAM
 * sees it, and sent as compact JSON.
 */
import { InputError } from '../core/errors.js';
import { type CheckedDocument, type Statement, checkDocument, checkDocumentText, MAX_DOCUMENT_LENGTH } from './documents.js';

export const MIN_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION = 43200;

/** Who a role trusts, as the command line says it. */
export interface TrustInput {
  /** A whole trust policy (the text of --trust-policy, already read from its file). */
  trustPolicy?: string;
  /** 16-digit Alibaba Cloud account ids: the account's root, and so whoever it lets call AssumeRole. */
  accounts?: string[];
  /** Cloud services such as ecs.aliyuncs.com. */
  services?: string[];
  /** OIDC identity provider ARNs (acs:ram::<account id>:oidc-provider/<name>). */
  oidcProviders?: string[];
  /** Audiences (client ids) an OIDC token must carry: the oidc:aud condition. */
  oidcAudiences?: string[];
}

const ACCOUNT_ID = /^\d{16}$/;
const SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.aliyuncs\.com$/;
const OIDC_PROVIDER_ARN = /^acs:ram::\d{16}:oidc-provider\/[A-Za-z0-9._-]{1,128}$/;

/** True when any trust flag was given (an update that changes the trust policy). */
export function hasTrust(input: TrustInput): boolean {
  return input.trustPolicy !== undefined || [input.accounts, input.services, input.oidcProviders].some((list) => (list?.length ?? 0) > 0);
}

/**
 * The trust policy the flags describe, checked, or undefined when none was given. --trust-policy and the shortcuts
 * exclude each other; --oidc-audience needs --trusted-oidc-provider.
 */
export function trustPolicyOf(input: TrustInput): CheckedDocument | undefined {
  const accounts = input.accounts ?? [];
  const services = input.services ?? [];
  const providers = input.oidcProviders ?? [];
  const audiences = input.oidcAudiences ?? [];
  const shortcuts = accounts.length + services.length + providers.length > 0;
  if (input.trustPolicy !== undefined && shortcuts) {
    throw new InputError(
      '--trust-policy cannot be combined with --trusted-account, --trusted-service or --trusted-oidc-provider',
      'give the whole policy with --trust-policy, or build one from the --trusted-* shortcuts',
    );
  }
  if (audiences.length > 0 && providers.length === 0) {
    throw new InputError('--oidc-audience needs --trusted-oidc-provider', 'name the OIDC provider whose tokens carry that audience');
  }
  if (input.trustPolicy !== undefined) return checkDocumentText(input.trustPolicy, 'trust', '--trust-policy');
  if (!shortcuts) return undefined;

  accounts.forEach((id) => check(id, ACCOUNT_ID, '--trusted-account', 'is not an Alibaba Cloud account id',
    'an account id has 16 digits, e.g. 1234567890123456; to trust one user or role, pass --trust-policy'));
  services.forEach((name) => check(name, SERVICE, '--trusted-service', 'is not a cloud service name',
    'name the service by its domain, e.g. ecs.aliyuncs.com or fc.aliyuncs.com'));
  providers.forEach((arn) => check(arn, OIDC_PROVIDER_ARN, '--trusted-oidc-provider', 'is not an OIDC provider ARN',
    'use acs:ram::<16-digit account id>:oidc-provider/<provider name>'));
  audiences.forEach((aud) => {
    if (aud.trim() === '') throw new InputError('--oidc-audience is empty', 'give the client id tokens carry in aud, e.g. sts.aliyuncs.com');
  });

  const statements: Statement[] = [];
  const allow = (principal: Statement['Principal'], condition?: Statement['Condition']): Statement => ({
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Principal: principal,
    ...(condition ? { Condition: condition } : {}),
  });
  if (accounts.length > 0) statements.push(allow({ RAM: unique(accounts).map((id) => `acs:ram::${id}:root`) }));
  if (services.length > 0) statements.push(allow({ Service: unique(services) }));
  if (providers.length > 0) {
    const aud = unique(audiences);
    const condition = aud.length > 0 ? { StringEquals: { 'oidc:aud': aud.length === 1 ? aud[0] : aud } } : undefined;
    statements.push(allow({ Federated: unique(providers) }, condition));
  }
  const document = checkDocument({ Version: '1', Statement: statements }, 'trust', 'the --trusted-* flags');
  const text = JSON.stringify(document);
  if (text.length > MAX_DOCUMENT_LENGTH.trust) {
    throw new InputError(
      `the --trusted-* flags make a trust policy of ${text.length} characters; RAM allows at most ${MAX_DOCUMENT_LENGTH.trust}`,
      'trust fewer principals',
    );
  }
  return { document, text };
}

/** --max-session-duration: whole seconds from one hour to twelve. */
export function checkMaxSessionDuration(value: number | undefined, field = '--max-session-duration'): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < MIN_SESSION_DURATION || value > MAX_SESSION_DURATION) {
    throw new InputError(
      `${field} ${Number.isNaN(value) ? 'is not a number' : `${value} is out of range`}`,
      `give whole seconds from ${MIN_SESSION_DURATION} (1 hour) to ${MAX_SESSION_DURATION} (12 hours)`,
    );
  }
  return value;
}

function check(value: string, shape: RegExp, field: string, problem: string, hint: string): void {
  if (!shape.test(value)) throw new InputError(`${field} "${value}" ${problem}`, hint);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
