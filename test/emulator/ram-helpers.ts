import type { RunningEmulator } from '../../src/emulator/server.js';
import { type Keys, sdkError } from './helpers.js';

const ramModule: any = await import('@alicloud/ram20150501');
const coreModule: any = await import('@alicloud/openapi-core');

const Ram = ramModule.default?.default ?? ramModule.default;
const $OpenApiUtil = coreModule.$OpenApiUtil ?? coreModule.default.$OpenApiUtil;

/** The RAM SDK's request models: `new $Ram.ListUsersRequest({ maxItems: 1000 })`. */
export const $Ram: any = ramModule.ListUsersRequest ? ramModule : ramModule.default;

/** The real generated RAM client pointed at the emulator; `v2` signs with RPC v1 HMAC-SHA1, else ACS3. */
export function ramClient(emulator: RunningEmulator, keys: Keys, signatureAlgorithm?: 'v2'): any {
  return new Ram(
    new $OpenApiUtil.Config({
      ...keys,
      endpoint: new URL(emulator.url).host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
    }),
  );
}

/** The refusal of a call, as the SDK reports it: code, HTTP status and the error body's message. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string; error: any }> {
  const error = await sdkError(promise);
  return { code: error.code, status: error.statusCode, message: error.data?.Message, error };
}
