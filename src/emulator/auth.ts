/**
 * Who signed a request: checks the signature (ACS3-HMAC-SHA256 or RPC v1 HMAC-SHA1), the date, the nonce and the
 * key or STS token, and answers the Principal, or throws the ApiFault the real gateway would answer. A verified call
 * with a long-term key marks that key used (RAM's GetAccessKeyLastUsed).
 */
import type { AccessKey, Account, EmulatorState, Principal, User } from './state.js';
import { faults } from './api-error.js';
import {
  acs3Signature,
  parseAcs3Authorization,
  rpcSignature,
  sha256Hex,
  signaturesEqual,
} from './signature.js';

/** An OpenAPI request as it arrived, decoded but not yet trusted. */
export interface OpenApiRequest {
  method: string;
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Decoded x-www-form-urlencoded body parameters (empty for other bodies). */
  form: Record<string, string>;
  /** Headers by lower-case name. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export type SigningStyle = 'acs3' | 'rpc' | 'anonymous';

export interface Authenticated {
  principal: Principal;
  accessKeyId: string;
  mfaPresent: boolean;
}

/** Requests may be this far from the emulated clock, and a nonce is remembered this long. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Headers that, when sent, must be covered by an ACS3 signature: without them a signature could be replayed or re-aimed. */
const MUST_SIGN = ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-security-token', 'x-acs-content-sha256'];

export function signingStyle(request: OpenApiRequest): SigningStyle {
  if (request.headers.authorization !== undefined) return 'acs3';
  const params = rpcParams(request);
  if (params.Signature !== undefined || params.AccessKeyId !== undefined) return 'rpc';
  return 'anonymous';
}

/** Query and form parameters together; the form wins, as the SDKs sign them. */
export function rpcParams(request: OpenApiRequest): Record<string, string> {
  return { ...request.query, ...request.form };
}

/** Signature nonces seen in the last 15 minutes, per access key. */
export class NonceLedger {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false when it was already used within the window. */
  use(accessKeyId: string, nonce: string, nowMs: number): boolean {
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    if (this.seen.size >= 10_000) this.prune(nowMs);
    this.seen.set(key, nowMs + MAX_CLOCK_SKEW_MS);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [key, until] of this.seen) if (until <= nowMs) this.seen.delete(key);
  }
}

interface SignedClaims {
  accessKeyId: string;
  securityToken?: string;
  date: string;
  nonce: string;
  /** True when `secret` produces the signature the request carries. */
  verify(secret: string): boolean;
}

export function authenticate(state: EmulatorState, request: OpenApiRequest, nonces: NonceLedger): Authenticated {
  const style = signingStyle(request);
  if (style === 'anonymous') throw faults.incompleteSignature('The request is not signed.');
  const claims = style === 'acs3' ? acs3Claims(request) : rpcClaims(request);
  checkDate(claims.date, state.now());
  const identity = identify(state, claims);
  if (!claims.verify(identity.secret)) throw faults.signatureDoesNotMatch();
  // Real time: advancing the emulated clock must not make the ledger forget nonces it saw.
  if (!nonces.use(claims.accessKeyId, claims.nonce, Date.now())) throw faults.nonceUsed();
  if (identity.key) identity.key.LastUsedDate = state.now();
  return { principal: identity.principal, accessKeyId: claims.accessKeyId, mfaPresent: identity.mfaPresent };
}

function acs3Claims(request: OpenApiRequest): SignedClaims {
  const authorization = parseAcs3Authorization(request.headers.authorization ?? '');
  if (!authorization) throw faults.incompleteSignature('The Authorization header is not a valid ACS3-HMAC-SHA256 authorization.');
  const signed = new Set(authorization.signedHeaders.map((name) => name.toLowerCase()));
  for (const name of MUST_SIGN) {
    if (request.headers[name] !== undefined && !signed.has(name)) {
      throw faults.incompleteSignature(`SignedHeaders must include ${name}.`);
    }
  }
  const date = request.headers['x-acs-date'];
  const nonce = request.headers['x-acs-signature-nonce'];
  if (!date) throw faults.incompleteSignature('The x-acs-date header is missing.');
  if (!nonce) throw faults.incompleteSignature('The x-acs-signature-nonce header is missing.');
  const hashedPayload = sha256Hex(request.body);
  const claimed = request.headers['x-acs-content-sha256'];
  if (claimed !== undefined && claimed.toLowerCase() !== hashedPayload) {
    throw faults.signatureDoesNotMatch('The x-acs-content-sha256 header does not match the request body.');
  }
  return {
    accessKeyId: authorization.accessKeyId,
    securityToken: request.headers['x-acs-security-token'] || undefined,
    date,
    nonce,
    verify: (secret) =>
      signaturesEqual(
        authorization.signature,
        acs3Signature(secret, {
          method: request.method,
          path: request.path,
          query: request.query,
          headers: request.headers,
          signedHeaders: authorization.signedHeaders,
          hashedPayload,
        }),
      ),
  };
}

function rpcClaims(request: OpenApiRequest): SignedClaims {
  const params = rpcParams(request);
  for (const name of ['AccessKeyId', 'Signature', 'Timestamp', 'SignatureNonce']) {
    if (!params[name]) throw faults.incompleteSignature(`The parameter ${name} is missing.`);
  }
  if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
    throw faults.incompleteSignature('SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.');
  }
  return {
    accessKeyId: params.AccessKeyId,
    securityToken: params.SecurityToken || undefined,
    date: params.Timestamp,
    nonce: params.SignatureNonce,
    verify: (secret) => signaturesEqual(params.Signature, rpcSignature(secret, request.method, params)),
  };
}

/**
 * The request date must be within 15 minutes of the emulated clock, or of the real one: tests advance the emulated
 * clock to expire tokens, and real clients, which sign with the real time, must then still reach that check.
 */
function checkDate(value: string, now: Date): void {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) throw faults.timestampFormat();
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw faults.timestampFormat();
  const near = (clock: number) => Math.abs(at - clock) <= MAX_CLOCK_SKEW_MS;
  if (!near(now.getTime()) && !near(Date.now())) throw faults.timestampExpired(value, now);
}

interface Identity {
  principal: Principal;
  secret: string;
  mfaPresent: boolean;
  /** The long-term key that signed, whose LastUsedDate a verified call sets; absent for STS sessions. */
  key?: AccessKey;
}

function identify(state: EmulatorState, claims: SignedClaims): Identity {
  if (claims.accessKeyId.startsWith('STS.')) return identifySession(state, claims);
  const found = findAccessKey(state, claims.accessKeyId);
  if (!found) throw faults.accessKeyNotFound();
  if (found.key.Status !== 'Active') throw faults.accessKeyInactive();
  if (claims.securityToken !== undefined) throw faults.securityTokenMismatch();
  const principal: Principal = found.user
    ? { kind: 'user', account: found.account, user: found.user }
    : { kind: 'root', account: found.account };
  return { principal, secret: found.key.AccessKeySecret, mfaPresent: false, key: found.key };
}

function identifySession(state: EmulatorState, claims: SignedClaims): Identity {
  const session = state.sessions.get(claims.accessKeyId);
  if (!session) throw faults.accessKeyNotFound();
  if (claims.securityToken === undefined) throw faults.missingSecurityToken();
  if (claims.securityToken !== session.SecurityToken) {
    throw tokenKnown(state, claims.securityToken) ? faults.securityTokenMismatch() : faults.securityTokenMalformed();
  }
  if (state.now().getTime() > session.Expiration.getTime()) throw faults.securityTokenExpired();
  const account = state.Accounts.get(session.accountId);
  const role = account?.Roles.get(session.roleName);
  if (!account || !role) throw faults.securityTokenExpired(`The role ${session.roleName} no longer exists.`);
  return { principal: { kind: 'assumed-role', account, role, session }, secret: session.AccessKeySecret, mfaPresent: session.mfaPresent };
}

/** Only on the error path: telling "another key's token" from "no such token" is worth a scan. */
function tokenKnown(state: EmulatorState, token: string): boolean {
  for (const session of state.sessions.values()) if (session.SecurityToken === token) return true;
  return false;
}

export interface FoundAccessKey {
  account: Account;
  /** Absent for the account's root keys. */
  user?: User;
  key: AccessKey;
}

/** A long-term access key of any account, root or user. */
export function findAccessKey(state: EmulatorState, accessKeyId: string): FoundAccessKey | undefined {
  for (const account of state.Accounts.values()) {
    const rootKey = account.Root.AccessKeys.find((key) => key.AccessKeyId === accessKeyId);
    if (rootKey) return { account, key: rootKey };
    for (const user of account.Users.values()) {
      const key = user.AccessKeys.find((candidate) => candidate.AccessKeyId === accessKeyId);
      if (key) return { account, user, key };
    }
  }
  return undefined;
}
