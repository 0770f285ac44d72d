import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instanceId } from '../../src/emulator/ids.js';
import { loadWorld, loadWorldFile } from '../../src/emulator/world.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { acs3Signature, rpcSignature, sha256Hex } from '../../src/emulator/signature.js';
import { type CloudApi, cloudApi, type Product } from '../../src/cloud/clients.js';

export const WORLD_FILE = fileURLToPath(new URL('../fixtures/world.json', import.meta.url));
export const OIDC_KEY_FILE = fileURLToPath(new URL('../fixtures/oidc-signing-key.pem', import.meta.url));
export const ACCOUNT = '1234567890123456';
export const roleArn = (name: string) => `acs:ram::${ACCOUNT}:role/${name}`;
export const OIDC_PROVIDER_ARN = `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`;

export const KEYS = {
  root: { accessKeyId: 'LTAIroot0001', accessKeySecret: 'root-secret-0001-do-not-share' },
  alice: { accessKeyId: 'LTAIalice001', accessKeySecret: 'alice-secret-0001-do-not-share' },
  bob: { accessKeyId: 'LTAIbob00001', accessKeySecret: 'bob-secret-0001-do-not-share' },
  carol: { accessKeyId: 'LTAIcarol001', accessKeySecret: 'carol-secret-0001-do-not-share' },
};

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export async function startWorld(options: { latencyMs?: number } = {}): Promise<RunningEmulator> {
  return startEmulator({ state: loadWorldFile(WORLD_FILE), port: 0, ...options });
}

/** A fresh copy of the fixture world's JSON, to change before `startWorldJson`. */
export function fixtureWorld(): any {
  return JSON.parse(readFileSync(WORLD_FILE, 'utf8'));
}

export async function startWorldJson(json: unknown): Promise<RunningEmulator> {
  return startEmulator({ state: loadWorld(json), port: 0 });
}

/**
 * The fixture world whose IMDS machine is also an ECS instance "bastion" in cn-shanghai with these MetadataOptions,
 * matched by the explicit InstanceId or (idFromName) by the id the loader derives from the instance's name.
 */
export function imdsInstanceWorld(metadataOptions: Record<string, string> | undefined, options: { idFromName?: boolean } = {}): any {
  const json = fixtureWorld();
  const instance: Record<string, unknown> = { InstanceName: 'bastion', Status: 'Running', RamRoleName: json.Imds.RoleName };
  if (metadataOptions) instance.MetadataOptions = metadataOptions;
  if (options.idFromName) json.Imds.InstanceId = instanceId(ACCOUNT, 'cn-shanghai/bastion');
  else instance.InstanceId = json.Imds.InstanceId;
  json.Accounts[0].Ecs = {
    'cn-hangzhou': { Instances: [{ InstanceName: 'web-1', MetadataOptions: { HttpTokens: 'optional' } }] },
    'cn-shanghai': { Instances: [instance] },
  };
  return json;
}

/** The API's date format, from the emulated clock unless told otherwise. */
export function apiDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface HandMade {
  action: string;
  version?: string;
  params?: Record<string, string>;
  keys: Keys;
  date?: string;
  nonce?: string;
  /** Applied to the request after signing, to show tampering is caught. */
  tamper?: (request: { query: Record<string, string>; headers: Record<string, string> }) => void;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** An ACS3-HMAC-SHA256 request built by hand (as the SDKs do), signed over every x-acs-* header and host. */
export async function acs3Call(emulator: RunningEmulator, call: HandMade): Promise<Answer> {
  const host = new URL(emulator.url).host;
  const query = { ...(call.params ?? {}) };
  const headers: Record<string, string> = {
    host,
    'x-acs-action': call.action,
    'x-acs-version': call.version ?? '2015-04-01',
    'x-acs-date': call.date ?? apiDate(emulator.state.now()),
    'x-acs-signature-nonce': call.nonce ?? randomUUID(),
    'x-acs-content-sha256': sha256Hex(''),
  };
  if (call.keys.securityToken) headers['x-acs-security-token'] = call.keys.securityToken;
  const signedHeaders = Object.keys(headers).sort();
  const signature = acs3Signature(call.keys.accessKeySecret, {
    method: 'POST',
    path: '/',
    query,
    headers,
    signedHeaders,
    hashedPayload: headers['x-acs-content-sha256'],
  });
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${call.keys.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`;
  call.tamper?.({ query, headers });
  const { host: _host, ...sent } = headers;
  return answer(await fetch(`${emulator.url}/?${new URLSearchParams(query)}`, { method: 'POST', headers: sent }));
}

/** An RPC v1 (HMAC-SHA1) request: common parameters in the query, business ones in a form body. */
export async function rpcCall(emulator: RunningEmulator, call: HandMade): Promise<Answer> {
  const query: Record<string, string> = {
    Action: call.action,
    Version: call.version ?? '2015-04-01',
    Format: 'JSON',
    Timestamp: call.date ?? apiDate(emulator.state.now()),
    SignatureNonce: call.nonce ?? randomUUID(),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: call.keys.accessKeyId,
  };
  if (call.keys.securityToken) query.SecurityToken = call.keys.securityToken;
  const form = call.params ?? {};
  query.Signature = rpcSignature(call.keys.accessKeySecret, 'POST', { ...query, ...form });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  call.tamper?.({ query: form, headers });
  return answer(
    await fetch(`${emulator.url}/?${new URLSearchParams(query)}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() }),
  );
}

/** An unsigned RPC call with its business parameters in a form body, as the credentials SDK sends them. */
export async function unsignedCall(emulator: RunningEmulator, action: string, params: Record<string, string>, version = '2015-04-01') {
  const query = new URLSearchParams({ Action: action, Version: version, Format: 'JSON' });
  return answer(
    await fetch(`${emulator.url}/?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
}

/** An RS256 JWT signed with the fixture key (kid k1), claims for the world's ack-rrsa provider by default. */
export function oidcToken(
  now: Date,
  claims: Record<string, unknown> = {},
  options: { kid?: string; key?: string } = {},
): string {
  const seconds = Math.floor(now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? 'k1' };
  const payload = {
    iss: 'https://oidc-ack.example.com/c123',
    aud: 'sts.aliyuncs.com',
    sub: 'system:serviceaccount:default:app',
    iat: seconds,
    nbf: seconds,
    exp: seconds + 3600,
    ...claims,
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(options.key ?? readFileSync(OIDC_KEY_FILE, 'utf8'));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The real generated STS client pointed at the emulator; `v2` signs with RPC v1 HMAC-SHA1, else ACS3. */
export async function stsClient(emulator: RunningEmulator, keys?: Keys, signatureAlgorithm?: 'v2'): Promise<any> {
  const sts: any = await import('@alicloud/sts20150401');
  const core: any = await import('@alicloud/openapi-core');
  const Sts = sts.default?.default ?? sts.default;
  const $OpenApiUtil = core.$OpenApiUtil ?? core.default.$OpenApiUtil;
  return new Sts(
    new $OpenApiUtil.Config({
      ...(keys ?? {}),
      endpoint: new URL(emulator.url).host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
    }),
  );
}

export async function stsModels(): Promise<any> {
  const sts: any = await import('@alicloud/sts20150401');
  return sts.AssumeRoleRequest ? sts : sts.default;
}

/** The SDK's error for a refused call: code, statusCode and data (the error body). */
export async function sdkError(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded but should have been refused');
}

/** A response's JSON body, loosely typed for assertions. */
export async function jsonOf(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}

const emulatedApis = new Map<string, Promise<CloudApi>>();

/** One product's API at the emulator at `url`, as aliaudit calls it (cloudApi), signed with `keys`: one per url, product, keys and region. */
export function emulatedApi(url: string, product: Product, keys: Keys, region = 'cn-hangzhou'): Promise<CloudApi> {
  const key = [url, product.code, product.version, keys.accessKeyId, keys.accessKeySecret, keys.securityToken ?? '', region].join(' ');
  if (!emulatedApis.has(key)) emulatedApis.set(key, cloudApi({ product, region, endpoint: { host: new URL(url).host, protocol: 'http' }, credentials: keys }));
  return emulatedApis.get(key)!;
}

/** What an API call was refused with: the API's code, HTTP status, message and AccessDeniedDetail. */
export async function apiRefusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string; detail?: any }> {
  try {
    await promise;
  } catch (error: any) {
    return { code: error.code, status: error.statusCode, message: error.apiMessage ?? error.message, detail: error.accessDeniedDetail };
  }
  throw new Error('the call succeeded but should have been refused');
}
