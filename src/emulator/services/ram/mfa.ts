/**
 * Virtual MFA devices as far as users hold them: ListVirtualMFADevices, GetUserMFAInfo, UnbindMFADevice.
 */
import { formatApiDate } from '../../api-error.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, resource, userNamed } from './entities.js';
import { entityNotExist } from './faults.js';
import { required } from './params.js';

function listVirtualMfaDevices(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:ListVirtualMFADevices', resource(account));
  const devices = [...account.Users.values()].flatMap((user) =>
    user.MFADevice
      ? [{
          SerialNumber: user.MFADevice.SerialNumber,
          ActivateDate: formatApiDate(user.MFADevice.ActivateDate),
          User: { UserId: user.UserId, UserName: user.UserName, DisplayName: user.DisplayName },
        }]
      : [],
  );
  return { VirtualMFADevices: { VirtualMFADevice: devices } };
}

function boundDevice(call: ApiCall, action: string) {
  const account = accountOf(call);
  const name = required(call.params, 'UserName');
  call.authorize(action, resource(account, 'user', name));
  const user = userNamed(account, name);
  if (!user.MFADevice) throw entityNotExist('User.MFADevice');
  return { user, device: user.MFADevice };
}

function getUserMfaInfo(call: ApiCall) {
  const { device } = boundDevice(call, 'ram:GetUserMFAInfo');
  return { MFADevice: { SerialNumber: device.SerialNumber, Type: 'VMFA' } };
}

/** Lets DeleteUser proceed: a user bound to a device cannot be deleted. */
function unbindMfaDevice(call: ApiCall) {
  const { user, device } = boundDevice(call, 'ram:UnbindMFADevice');
  user.MFADevice = undefined;
  return { MFADevice: { SerialNumber: device.SerialNumber } };
}

export const mfaActions: Record<string, ActionHandler> = {
  ListVirtualMFADevices: listVirtualMfaDevices,
  GetUserMFAInfo: getUserMfaInfo,
  UnbindMFADevice: unbindMfaDevice,
};
