import type { ConfigFile } from '../../profiles/model.js';
import type { Runtime } from '../core/env.js';
import type { Signer } from '../cloud/api-error.js';
import type { CallOptions } from '../cloud/clients.js';
import type { CredentialSource, Credentials, Endpoint, Timeouts } from '../cloud/types.js';

export type { Credentials, Endpoint, Timeouts };

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

/** Which identity the global flags ask for. */
export interface Selection {
  profile?: string;
  region?: string;
  endpoint?: string;
  configPath?: string;
  /**
   * Profiles to resolve instead of those in the file at configPath: a profile not saved yet (the wizard checks it),
   * or one that must never be saved (aliaudit demo's).
   */
  config?: ConfigFile;
}

export interface SessionOptions extends Selection {
  runtime: Runtime;
  /** Retries and observers for the STS calls a role chain makes. */
  cloud?: CallOptions;
}

/**
 * A resolved identity source: the credentials of a profile (or the environment), ready for SDK clients.
 * credentials() resolves lazily, once, and again when five minutes or less remain.
 */
export interface Session extends CredentialSource {
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
  /** Where the keys it hands out come from: its last step. */
  signer: Signer;
  /** Which source was chosen, and an environment's keys left unused because a profile won. */
  origin: CredentialOrigin;
}

/** How a session's source was chosen, as the aliyun CLI chooses it: a selected profile wins over the environment. */
export interface CredentialOrigin {
  /** The profile, what selected it (`--profile`, a profile variable, `current`), and the config file it is in. */
  profile?: { name: string; by: string; path: string };
  /** An access-key variable that is set, but not used because a profile was selected. */
  unusedVariable?: string;
}
