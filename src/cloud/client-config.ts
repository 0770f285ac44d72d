import { version } from '../version.js';
import type { CredentialSource, Credentials, Endpoint } from './types.js';

/** Connect and read timeouts for API calls (the SDK's own defaults, 3 s reads, are short for slow STS regions). */
export const CONNECT_TIMEOUT_MS = 5_000;
export const READ_TIMEOUT_MS = 10_000;
/** What SDK requests report in x-acs-credentials-provider. */
export const PROVIDER_NAME = 'aliaudit';

export interface ClientConfigOptions {
  /** Fixed keys, or a source asked for keys on every call (so a session's refresh works); none for unsigned calls. */
  credentials?: Credentials | CredentialSource;
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

function isSource(credentials: Credentials | CredentialSource): credentials is CredentialSource {
  return typeof (credentials as CredentialSource).credentials === 'function';
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
  const { credentials } = options;
  if (credentials && isSource(credentials)) {
    config.credential = await sdkCredential(credentials);
  } else if (credentials) {
    config.accessKeyId = credentials.accessKeyId;
    config.accessKeySecret = credentials.accessKeySecret;
    if (credentials.securityToken) config.securityToken = credentials.securityToken;
  }
  return config;
}

/** `new Credential(null, provider)`: the SDK asks the source for keys on every call, so a session's refresh works. */
export async function sdkCredential(source: CredentialSource): Promise<unknown> {
  const [Credential, model] = await Promise.all([
    import('@alicloud/credentials').then(cjsDefaultClass),
    import('@alicloud/credentials/dist/src/credentials.js').then(cjsDefaultClass),
  ]);
  const provider = {
    getCredentials: async () => {
      const keys = await source.credentials();
      return model
        .builder()
        .withAccessKeyId(keys.accessKeyId)
        .withAccessKeySecret(keys.accessKeySecret)
        .withSecurityToken(keys.securityToken ?? '')
        .withProviderName(PROVIDER_NAME)
        .build();
    },
    getProviderName: () => PROVIDER_NAME,
  };
  return new (Credential as any)(null, provider);
}
