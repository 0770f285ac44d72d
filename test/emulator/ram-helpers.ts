import type { RunningEmulator } from '../../src/emulator/server.js';
import { KEYS, type Keys, sdkError, startWorld } from './helpers.js';

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

/** The API's timestamps: 2024-01-02T03:04:05Z. */
export const API_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The fixture world's emulator and a RAM client signed as its root account. */
export async function startRamWorld(): Promise<{ emulator: RunningEmulator; root: any }> {
  const emulator = await startWorld();
  return { emulator, root: ramClient(emulator, KEYS.root) };
}
