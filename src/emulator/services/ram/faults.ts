/**
 * RAM's own refusals, worded as the RAM 2015-05-01 error reference words them (codes, statuses and messages).
 */
import { ApiFault } from '../../api-error.js';

const NOT_EXIST = {
  User: 'The user does not exist.',
  'User.AccessKey': 'The user access key does not exist.',
  'User.LoginProfile': 'The user login profile does not exist.',
  'User.MFADevice': 'The user has not bound any MFA device.',
  'User.Policy': 'The indicate policy of the user does not exist.',
  'User.Group': 'The user has not joined the group.',
  Group: 'The group does not exist.',
  'Group.Policy': 'The indicate policy attached to the group does not exist.',
  Role: 'The role does not exist.',
  'Role.Policy': 'The indicate policy attached to the role does not exist.',
  Policy: 'The policy does not exist.',
  'Policy.Version': 'The policy version does not exist.',
} as const;

const ALREADY_EXISTS = {
  User: 'The user does already EXIST.',
  'User.LoginProfile': 'The user login profile does already EXIST.',
  'User.Group': 'The user has already joined the group.',
  'User.Policy': 'The user has already been attached this policy.',
  Group: 'The group does already EXIST.',
  'Group.Policy': 'The group has already been attached this policy.',
  Role: 'The role does already EXIST.',
  'Role.Policy': 'The role has already been attached this policy.',
  Policy: 'The policy does already EXIST.',
} as const;

const DELETE_CONFLICT = {
  'User.Group': 'The user CAN NOT be in any group while deleting the user.',
  'User.AccessKey': 'The user CAN NOT has any access key while deleting the user.',
  'User.LoginProfile': 'The user CAN NOT has any login profile while deleting the user.',
  'User.MFADevice': 'The user CAN NOT has any mfa device while deleting the user.',
  'User.Policy': 'The user CAN NOT has any attached policy while deleting the user.',
  'Group.User': 'The group CAN NOT has any user member while deleting the group.',
  'Group.Policy': 'The entity CAN NOT has any attached policy while deleting the group.',
  'Role.Policy': 'The role CAN NOT has any attached policy while deleting the role.',
  'Policy.User': 'The policy CAN NOT been attached to any user while deleting the policy.',
  'Policy.Group': 'The policy CAN NOT been attached to any group while deleting the policy.',
  // Not in the published reference, which predates role attachments being checked here; worded like its siblings.
  'Policy.Role': 'The policy CAN NOT been attached to any role while deleting the policy.',
  'Policy.Version': 'The policy CAN NOT has any version except the default version.',
  'Policy.Version.Default': 'The default policy version CAN NOT been deleted directly.',
} as const;

const LIMIT_EXCEEDED = {
  'User.AccessKey': 'The access key count of the user access keys beyond the current limits.',
  'Policy.Version': 'The count of policy version beyond the current limits.',
} as const;

export const entityNotExist = (what: keyof typeof NOT_EXIST) => new ApiFault(`EntityNotExist.${what}`, 404, NOT_EXIST[what]);

export const entityAlreadyExists = (what: keyof typeof ALREADY_EXISTS) =>
  new ApiFault(`EntityAlreadyExists.${what}`, 409, ALREADY_EXISTS[what]);

export const deleteConflict = (what: keyof typeof DELETE_CONFLICT) =>
  new ApiFault(`DeleteConflict.${what}`, 409, DELETE_CONFLICT[what]);

export const limitExceeded = (what: keyof typeof LIMIT_EXCEEDED) =>
  new ApiFault(`LimitExceeded.${what}`, 409, LIMIT_EXCEEDED[what]);

/** `InvalidParameter.<suffix>` (400), e.g. `UserName.Length`. */
export const invalidParameter = (suffix: string, message: string) => new ApiFault(`InvalidParameter.${suffix}`, 400, message);

export const malformedPolicyDocument = (details: string) => new ApiFault('MalformedPolicyDocument', 400, details);
