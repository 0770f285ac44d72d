import type { Context } from '../cli/context.js';

/** A set of keys a client can sign with. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** When the keys stop working; absent for long-term access keys. */
  expiration?: Date;
}

/** One step of how the final identity was reached: the source first, the assumed role last. */
export interface Hop {
  /** Profile that produced this step (absent for environment credentials). */
  profile?: string;
  /** Credential mode (AK, StsToken, RamRoleArn, ChainableRamRoleArn, OIDC, EcsRamRole, CredentialsURI, External, Environment). */
  mode: string;
  /** What this step used or assumed: a role ARN, a URI, a command, an instance role name. */
  detail?: string;
  expiration?: Date;
}

/** Where API calls go when the user pointed aliaudit somewhere other than Alibaba Cloud. */
export interface Endpoint {
  /** host[:port], as the SDK's Config.endpoint wants it. */
  host: string;
  protocol: 'http' | 'https';
}

export interface Timeouts {
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** What the global flags ask for. */
export interface SessionOptions {
  ctx: Context;
  profile?: string;
  region?: string;
  endpoint?: string;
  configPath?: string;
}

/**
 * A resolved identity source: the credentials of a profile (or the environment), ready for SDK clients.
 * credentials() resolves lazily, once, and again when 180 s or less remain.
 */
export interface Session {
  ctx: Context;
  profileName?: string;
  region: string;
  /** The --endpoint / ALIAUDIT_ENDPOINT override, if any. */
  endpoint?: Endpoint;
  /** STS endpoint the profile names (sts_endpoint, sts_region, ALIBABA_CLOUD_STS_ENDPOINT); absent: the region's. */
  stsEndpoint?: Endpoint;
  /** The profile's read_timeout / connect_timeout (aliyun CLI seconds, here ms); absent: aliaudit's defaults. */
  timeouts: Timeouts;
  /** Filled in as credentials() resolves each step. */
  hops: Hop[];
  credentials(): Promise<Credentials>;
  /** An object with getCredentials()/getProviderName() for `new Credential(null, provider)`. */
  provider(): SdkCredentialsProvider;
}

export interface SdkCredentialsProvider {
  getCredentials(): Promise<unknown>;
  getProviderName(): string;
}
