import { fix, InputError } from '../core/errors.js';
import type { RamApi } from './api.js';

/** RAM lets a user hold at most this many access keys. */
export const MAX_ACCESS_KEYS = 2;

export type AccessKeyStatus = 'Active' | 'Inactive';

/** ListAccessKeys' item. */
export interface AccessKey {
  AccessKeyId: string;
  Status: AccessKeyStatus;
  CreateDate?: string;
}

/** A key with GetAccessKeyLastUsed's answer (absent when never used). */
export interface AccessKeyUse extends AccessKey {
  LastUsedDate?: string;
}

/** CreateAccessKey's AccessKey: the only answer that ever carries the secret. */
export interface NewAccessKey extends AccessKey {
  AccessKeySecret: string;
}

const ACCESS_KEY_ID = /^[A-Za-z0-9]{1,128}$/;

export function checkAccessKeyId(value: string, field = 'key id'): string {
  if (!ACCESS_KEY_ID.test(value)) {
    throw new InputError(`${field} "${value}" is not an access key id`, fix('use the id as listed, e.g. LTAI5t…', 'ram access-key list --user <name>'));
  }
  return value;
}

export async function listAccessKeys(ram: RamApi, userName: string): Promise<AccessKey[]> {
  const body = await ram.call('ListAccessKeys', { UserName: userName });
  return body.AccessKeys?.AccessKey ?? [];
}

/** Each key with when it was last used: one GetAccessKeyLastUsed per key (a user has at most two). */
export async function listAccessKeysWithLastUse(ram: RamApi, userName: string): Promise<AccessKeyUse[]> {
  const keys = await listAccessKeys(ram, userName);
  return Promise.all(
    keys.map(async (key) => {
      const body = await ram.call('GetAccessKeyLastUsed', { UserName: userName, UserAccessKeyId: key.AccessKeyId });
      const used = body.AccessKeyLastUsed?.LastUsedDate;
      return used ? { ...key, LastUsedDate: used } : key;
    }),
  );
}

/** A new key for the user, refused here (no key made) when the user already holds as many as RAM allows. */
export async function createAccessKey(ram: RamApi, userName: string): Promise<NewAccessKey> {
  const keys = await listAccessKeys(ram, userName);
  if (keys.length >= MAX_ACCESS_KEYS) {
    throw new InputError(
      `user ${userName} already has ${keys.length} access keys (${keys.map((k) => k.AccessKeyId).join(', ')}), the most RAM allows (${MAX_ACCESS_KEYS})`,
      fix('delete one first', `ram access-key delete <key-id> --user ${userName}`),
    );
  }
  const body = await ram.call('CreateAccessKey', { UserName: userName });
  return body.AccessKey as NewAccessKey;
}

export async function setAccessKeyStatus(ram: RamApi, userName: string, keyId: string, status: AccessKeyStatus): Promise<void> {
  await ram.call('UpdateAccessKey', { UserName: userName, UserAccessKeyId: keyId, Status: status });
}

export async function deleteAccessKey(ram: RamApi, userName: string, keyId: string): Promise<void> {
  await ram.call('DeleteAccessKey', { UserName: userName, UserAccessKeyId: keyId });
}
