/**
 * The two OpenAPI signature algorithms, computed from Alibaba Cloud's published definitions and never from an SDK
 * helper, so a verified request proves the client signs right.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** RFC 3986 percent-encoding as both algorithms use it: encodeURIComponent plus ! ' ( ) *. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Keys sorted by code unit, `key=enc(value)` joined by `&`; an empty value gives `key=`. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(query[key])}`)
    .join('&');
}

export interface Acs3Input {
  method: string;
  /** The request path, "/" for RPC-style calls. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Request headers by lower-case name. */
  headers: Record<string, string | undefined>;
  /** Exactly the header names the client listed in SignedHeaders. */
  signedHeaders: string[];
  /** hex(sha256(body)), as sent in x-acs-content-sha256. */
  hashedPayload: string;
}

export function acs3CanonicalRequest(input: Acs3Input): string {
  const names = input.signedHeaders.map((name) => name.toLowerCase());
  const canonicalHeaders = names.map((name) => `${name}:${(input.headers[name] ?? '').trim()}\n`).join('');
  return [
    input.method.toUpperCase(),
    input.path || '/',
    canonicalQuery(input.query),
    canonicalHeaders,
    names.join(';'),
    input.hashedPayload,
  ].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** hex(HMAC-SHA256(secret, StringToSign)). */
export function acs3Signature(secret: string, input: Acs3Input): string {
  return createHmac('sha256', secret).update(acs3StringToSign(acs3CanonicalRequest(input))).digest('hex');
}

export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `ACS3-HMAC-SHA256 Credential=<AKID>,SignedHeaders=a;b,Signature=<hex>`.
 * Returns undefined when the header is not a well-formed ACS3 authorization.
 */
export function parseAcs3Authorization(header: string): Acs3Authorization | undefined {
  const match = /^ACS3-HMAC-SHA256\s+(.*)$/s.exec(header.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return undefined;
  const names = signedHeaders.split(';');
  if (names.some((name) => !/^[A-Za-z0-9-]+$/.test(name))) return undefined;
  return { accessKeyId, signedHeaders: names, signature: signature.toLowerCase() };
}

/** RPC v1: METHOD & enc("/") & enc(sorted enc(k)=enc(v) of every parameter but Signature). */
export function rpcStringToSign(method: string, params: Record<string, string>): string {
  const { Signature: _ignored, ...signed } = params;
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(signed))}`;
}

/** base64(HMAC-SHA1(secret + "&", StringToSign)). */
export function rpcSignature(secret: string, method: string, params: Record<string, string>): string {
  return createHmac('sha1', `${secret}&`).update(rpcStringToSign(method, params)).digest('base64');
}

/** Constant-time comparison of two signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
