/**
 * Access keys: ListAccessKeys, CreateAccessKey, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed.
 * Keys live in the state the authenticator reads, so a new key signs the very next request and a deleted or
 * disabled one is refused at once.
 */
import { randomInt } from 'node:crypto';
import { faults, formatApiDate } from '../../api-error.js';
import { findAccessKey } from '../../auth.js';
import type { AccessKey, Account, EmulatorState } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, resource, userNamed } from './entities.js';
import { entityNotExist, invalidParameter, limitExceeded } from './faults.js';
import { optional, required } from './params.js';

/** RAM's limit per identity. */
const MAX_ACCESS_KEYS = 2;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** `LTAI5t` and 18 characters, as keys issued today look; unique across every account of the world. */
function newAccessKeyId(state: EmulatorState): string {
  for (;;) {
    const id = `LTAI5t${randomText(18)}`;
    if (!findAccessKey(state, id)) return id;
  }
}

/** Whose keys a call manages: the named user's, or (no UserName) the caller's own, root's included. */
function keyOwner(call: ApiCall, action: string): AccessKey[] {
  const account: Account = accountOf(call);
  const principal = call.caller!.principal;
  const name = optional(call.params, 'UserName');
  if (name !== undefined) {
    call.authorize(action, resource(account, 'user', name));
    return userNamed(account, name).AccessKeys;
  }
  switch (principal.kind) {
    case 'root':
      call.authorize(action, resource(account));
      return account.Root.AccessKeys;
    case 'user':
      call.authorize(action, resource(account, 'user', principal.user.UserName));
      return principal.user.AccessKeys;
    case 'assumed-role':
      throw faults.missingParameter('UserName');
  }
}

function keyIn(keys: AccessKey[], id: string): AccessKey {
  const key = keys.find((candidate) => candidate.AccessKeyId === id);
  if (!key) throw entityNotExist('User.AccessKey');
  return key;
}

const keyView = (key: AccessKey) => ({ AccessKeyId: key.AccessKeyId, CreateDate: formatApiDate(key.CreateDate), Status: key.Status });

function listAccessKeys(call: ApiCall) {
  const keys = keyOwner(call, 'ram:ListAccessKeys');
  return { AccessKeys: { AccessKey: keys.map(keyView) } };
}

/** The only answer that ever carries the secret. */
function createAccessKey(call: ApiCall) {
  const keys = keyOwner(call, 'ram:CreateAccessKey');
  if (keys.length >= MAX_ACCESS_KEYS) throw limitExceeded('User.AccessKey');
  const key: AccessKey = {
    AccessKeyId: newAccessKeyId(call.state),
    AccessKeySecret: randomText(30),
    Status: 'Active',
    CreateDate: call.state.now(),
  };
  keys.push(key);
  return { AccessKey: { ...keyView(key), AccessKeySecret: key.AccessKeySecret } };
}

function updateAccessKey(call: ApiCall) {
  const id = required(call.params, 'UserAccessKeyId');
  const status = required(call.params, 'Status');
  const keys = keyOwner(call, 'ram:UpdateAccessKey');
  if (status !== 'Active' && status !== 'Inactive') {
    throw invalidParameter('Status', 'The parameter - "Status" is incorrect: it must be Active or Inactive.');
  }
  keyIn(keys, id).Status = status;
  return {};
}

function deleteAccessKey(call: ApiCall) {
  const id = required(call.params, 'UserAccessKeyId');
  const keys = keyOwner(call, 'ram:DeleteAccessKey');
  keys.splice(keys.indexOf(keyIn(keys, id)), 1);
  return {};
}

function getAccessKeyLastUsed(call: ApiCall) {
  const id = required(call.params, 'UserAccessKeyId');
  const key = keyIn(keyOwner(call, 'ram:GetAccessKeyLastUsed'), id);
  return { AccessKeyLastUsed: { LastUsedDate: key.LastUsedDate && formatApiDate(key.LastUsedDate) } };
}

export const accessKeyActions: Record<string, ActionHandler> = {
  ListAccessKeys: listAccessKeys,
  CreateAccessKey: createAccessKey,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
};
