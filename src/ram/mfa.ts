import { ApiError } from '../core/errors.js';
import type { RamApi } from './api.js';

/** ListVirtualMFADevices' item. */
export interface VirtualMfaDevice {
  SerialNumber: string;
  ActivateDate?: string;
  User?: { UserId?: string; UserName?: string; DisplayName?: string };
}

/** GetUserMFAInfo's MFADevice. */
export interface UserMfaDevice {
  SerialNumber: string;
  Type?: string;
}

export async function listVirtualMfaDevices(ram: RamApi): Promise<VirtualMfaDevice[]> {
  const body = await ram.call('ListVirtualMFADevices');
  return body.VirtualMFADevices?.VirtualMFADevice ?? [];
}

/** The device bound to the user, or undefined when none is. */
export async function userMfaDevice(ram: RamApi, userName: string): Promise<UserMfaDevice | undefined> {
  try {
    const body = await ram.call('GetUserMFAInfo', { UserName: userName });
    return body.MFADevice;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'EntityNotExist.User.MFADevice') return undefined;
    throw error;
  }
}

export async function unbindMfaDevice(ram: RamApi, userName: string): Promise<void> {
  await ram.call('UnbindMFADevice', { UserName: userName });
}
