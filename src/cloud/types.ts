/** A set of keys a client can sign with. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** When the keys stop working; absent for long-term access keys. */
  expiration?: Date;
}

/** Anything that hands out fresh keys on demand: a session (which refreshes before expiry) or fixed keys. */
export interface CredentialSource {
  credentials(): Promise<Credentials>;
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
