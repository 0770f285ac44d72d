import type { Env } from '../core/env.js';
import { fix, UserError } from '../core/errors.js';
import { parseServiceUrl } from '../core/url.js';
import { failureReason, plainRequest, type PlainAnswer } from '../cloud/http.js';
import { isSwitchOn } from './step.js';
import { credentialsFromBody } from './credentials-body.js';
import type { Credentials } from './types.js';

/** The ECS instance metadata service; ALIAUDIT_IMDS_ENDPOINT replaces it (e.g. with the emulator). */
export const IMDS_ADDRESS = '100.100.100.200';
export const IMDS_TIMEOUT_MS = 1_000;
const TOKEN_TTL_SECONDS = '21600';
const CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';

/** Base URL of the metadata service, without a trailing slash. */
export function imdsBase(env: Env): string {
  const override = env.ALIAUDIT_IMDS_ENDPOINT?.trim();
  if (!override) return `http://${IMDS_ADDRESS}`;
  const url = parseServiceUrl(override, 'ALIAUDIT_IMDS_ENDPOINT', [IMDS_ADDRESS]);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** ALIBABA_CLOUD_ECS_METADATA_DISABLED=true turns the metadata service off, as in the SDKs. */
export function checkImdsEnabled(env: Env): void {
  if (isSwitchOn(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) {
    throw new UserError(
      'the ECS metadata service is disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED',
      'unset ALIBABA_CLOUD_ECS_METADATA_DISABLED to use an EcsRamRole profile, or choose another profile with --profile',
    );
  }
}

export interface InstanceRoleCredentials {
  credentials: Credentials;
  roleName: string;
}

/**
 * Credentials of the instance's RAM role: IMDSv2 token first (falling back to v1 unless
 * ALIBABA_CLOUD_IMDSV1_DISABLED=true), the role from `roleName` or ALIBABA_CLOUD_ECS_METADATA, else asked of the service.
 */
export async function instanceRoleCredentials(options: {
  env: Env;
  roleName?: string;
  profile?: string;
  timeoutMs?: number;
}): Promise<InstanceRoleCredentials> {
  const { env } = options;
  checkImdsEnabled(env);
  const base = imdsBase(env);
  const timeoutMs = options.timeoutMs ?? IMDS_TIMEOUT_MS;
  const get = metadataReader(base, timeoutMs, await sessionToken(base, env, timeoutMs));
  const roleName = options.roleName || env.ALIBABA_CLOUD_ECS_METADATA?.trim() || (await attachedRole(get, base));
  const answer = await get(`${CREDENTIALS_PATH}${encodeURIComponent(roleName)}`);
  if (answer.status === 404) {
    const offered = await offeredRoles(get);
    const offers = `the metadata service offers: ${offered.join(', ')}; use it`;
    throw new UserError(
      `the instance RAM role '${roleName}' is not attached to this instance (${base} answered 404)`,
      offered.length === 0
        ? 'no RAM role is attached to this instance: attach one in the ECS console'
        : options.profile
          ? fix(offers, `configure set --profile ${options.profile} --ram-role-name ${offered[0]}`)
          : `${offers}: ram_role_name ${offered[0]}`,
    );
  }
  if (answer.status !== 200) throw badAnswer(base, `answered HTTP ${answer.status} for role '${roleName}'`);
  return { credentials: parseCredentials(answer.body, base, roleName), roleName };
}

type MetadataReader = (path: string) => Promise<PlainAnswer>;

function metadataReader(base: string, timeoutMs: number, token: string | undefined): MetadataReader {
  const headers: Record<string, string> = token ? { 'x-aliyun-ecs-metadata-token': token } : {};
  return (path) => request(base, path, { method: 'GET', headers }, timeoutMs);
}

/** IMDSv2: PUT /latest/api/token. Undefined means "use v1"; refused when v1 is disabled. */
async function sessionToken(base: string, env: Env, timeoutMs: number): Promise<string | undefined> {
  const response = await request(
    base,
    '/latest/api/token',
    { method: 'PUT', headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS } },
    timeoutMs,
  );
  if (response.status === 200) {
    const token = response.body.trim();
    if (token) return token;
  }
  if (isSwitchOn(env.ALIBABA_CLOUD_IMDSV1_DISABLED)) {
    throw new UserError(
      `the ECS metadata service at ${base} gave no IMDSv2 token (HTTP ${response.status}) and ALIBABA_CLOUD_IMDSV1_DISABLED forbids IMDSv1`,
      'unset ALIBABA_CLOUD_IMDSV1_DISABLED, or enable IMDSv2 tokens for the instance',
    );
  }
  return undefined;
}

async function attachedRole(get: MetadataReader, base: string): Promise<string> {
  const roles = await offeredRoles(get);
  if (roles.length === 0) {
    throw new UserError(
      `no RAM role is attached to this instance (asked ${base})`,
      'attach a RAM role to the instance in the ECS console, or use another profile',
    );
  }
  return roles[0];
}

async function offeredRoles(get: MetadataReader): Promise<string[]> {
  const answer = await get(CREDENTIALS_PATH);
  if (answer.status === 401 || answer.status === 403) {
    throw new UserError(
      `the ECS metadata service refused to read without an IMDSv2 token (HTTP ${answer.status}), and it issued none`,
      'the instance requires IMDSv2 tokens: check that PUT /latest/api/token is reachable from here (no proxy in between)',
    );
  }
  if (answer.status !== 200) return [];
  return answer.body
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

async function request(
  base: string,
  path: string,
  init: { method: string; headers: Record<string, string> },
  timeoutMs: number,
): Promise<PlainAnswer> {
  try {
    return await plainRequest(new URL(`${base}${path}`), { ...init, timeoutMs });
  } catch (error) {
    throw new UserError(
      `could not reach the ECS metadata service at ${base}: ${failureReason(error)}`,
      'EcsRamRole profiles work only on an ECS instance; elsewhere use another profile, or set ALIAUDIT_IMDS_ENDPOINT',
    );
  }
}

function badAnswer(base: string, problem: string): UserError {
  return new UserError(`the ECS metadata service at ${base} ${problem}`, 'run again; if it persists, check the instance role in the ECS console');
}

function parseCredentials(body: string, base: string, roleName: string): Credentials {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw badAnswer(base, `answered something that is not JSON for role '${roleName}'`);
  }
  if (answer.Code !== undefined && answer.Code !== 'Success') {
    throw badAnswer(base, `answered Code ${JSON.stringify(answer.Code)} for role '${roleName}'`);
  }
  return credentialsFromBody(answer, () => badAnswer(base, `answered incomplete credentials for role '${roleName}'`));
}
