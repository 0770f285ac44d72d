import type { Credentials, Endpoint, Session } from '../credentials/types.js';
import { version } from '../version.js';

/** Connect and read timeouts for API calls (the SDK's own defaults, 3 s reads, are short for slow STS regions). */
export const CONNECT_TIMEOUT_MS = 5_000;
export const READ_TIMEOUT_MS = 10_000;

export interface ClientConfigOptions {
  /** A `new Credential(null, provider)` object; wins over `credentials`. */
  credential?: unknown;
  /** Fixed keys, for one call (STS). */
  credentials?: Credentials;
  /** Absent: the SDK's own endpoint rule for regionId. */
  endpoint?: Endpoint;
  regionId: string;
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/*
 * A CommonJS package imported from ESM looks different under Node's loader (default = module.exports), vitest
 * (default = exports.default) and the bundle: these two find the export either way.
 */
export function cjsExport<T = any>(namespace: any, name: string): T {
  const value = namespace?.[name] ?? namespace?.default?.[name];
  if (value === undefined) throw new Error(`the installed SDK has no export ${name}; run npm ci`);
  return value as T;
}

export function cjsDefaultClass<T = any>(namespace: any): T {
  const candidate = [namespace?.default?.default, namespace?.default, namespace].find((v) => typeof v === 'function');
  if (!candidate) throw new Error('the installed SDK has no default class; run npm ci');
  return candidate as T;
}

/** An @alicloud/openapi-core Config for a generated client (STS, RAM, ECS), loaded lazily. */
export async function openApiConfig(options: ClientConfigOptions): Promise<any> {
  const $OpenApiUtil = cjsExport(await import('@alicloud/openapi-core'), '$OpenApiUtil');
  const config = new $OpenApiUtil.Config({
    regionId: options.regionId,
    readTimeout: options.readTimeoutMs ?? READ_TIMEOUT_MS,
    connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    userAgent: `aliaudit/${version}`,
  });
  if (options.endpoint) {
    config.endpoint = options.endpoint.host;
    config.protocol = options.endpoint.protocol;
  }
  if (options.credential) {
    config.credential = options.credential;
  } else if (options.credentials) {
    config.accessKeyId = options.credentials.accessKeyId;
    config.accessKeySecret = options.credentials.accessKeySecret;
    if (options.credentials.securityToken) config.securityToken = options.credentials.securityToken;
  }
  return config;
}

/** `new Credential(null, session.provider())`: SDK clients ask the session for keys on every call, so refresh works. */
export async function sessionCredential(session: Session): Promise<unknown> {
  const Credential = cjsDefaultClass(await import('@alicloud/credentials'));
  return new (Credential as any)(null, session.provider());
}

/**
 * Config for a client that works on behalf of a session (RAM, ECS): the session's provider, its region and the
 * --endpoint override if any (else the SDK's endpoint for the region).
 */
export async function sessionClientConfig(
  session: Session,
  options: { regionId?: string; readTimeoutMs?: number; connectTimeoutMs?: number } = {},
): Promise<any> {
  return openApiConfig({
    credential: await sessionCredential(session),
    endpoint: session.endpoint,
    regionId: options.regionId ?? session.region,
    readTimeoutMs: options.readTimeoutMs ?? session.timeouts.readTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? session.timeouts.connectTimeoutMs,
  });
}
