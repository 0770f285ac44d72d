/**
 * Console logon: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile. Passwords are checked
 * against the account's password policy and then forgotten: no API ever answers them.
 */
import { formatApiDate } from '../../api-error.js';
import type { Account, User } from '../../state.js';
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, resource, userNamed } from './entities.js';
import { entityAlreadyExists, entityNotExist, invalidParameter } from './faults.js';
import { booleanParam, optional, required } from './params.js';

/** What the policy asks of a password that this one lacks; empty when it complies. */
function passwordShortfalls(password: string, policy: Account['PasswordPolicy']): string[] {
  const shortfalls: string[] = [];
  const minimum = Number(policy.MinimumPasswordLength ?? 8);
  if (password.length < minimum) shortfalls.push(`at least ${minimum} characters`);
  if (policy.RequireLowercaseCharacters === true && !/[a-z]/.test(password)) shortfalls.push('a lowercase letter');
  if (policy.RequireUppercaseCharacters === true && !/[A-Z]/.test(password)) shortfalls.push('an uppercase letter');
  if (policy.RequireNumbers === true && !/[0-9]/.test(password)) shortfalls.push('a digit');
  if (policy.RequireSymbols === true && !/[^A-Za-z0-9]/.test(password)) shortfalls.push('a symbol');
  return shortfalls;
}

function checkPassword(password: string, account: Account): void {
  const shortfalls = passwordShortfalls(password, account.PasswordPolicy);
  if (password.length > 32) shortfalls.push('at most 32 characters');
  if (shortfalls.length > 0) {
    throw invalidParameter(
      'Password.TooWeak',
      `The parameter - "Password" is not compliant with the password policy: it needs ${shortfalls.join(', ')}.`,
    );
  }
}

function profileView(user: User) {
  const profile = user.LoginProfile!;
  return {
    UserName: user.UserName,
    CreateDate: formatApiDate(profile.CreateDate),
    MFABindRequired: profile.MFABindRequired,
    PasswordResetRequired: profile.PasswordResetRequired,
  };
}

function profileOwner(call: ApiCall, action: string): { account: Account; user: User } {
  const account = accountOf(call);
  const name = required(call.params, 'UserName');
  call.authorize(action, resource(account, 'user', name));
  return { account, user: userNamed(account, name) };
}

function createLoginProfile(call: ApiCall) {
  const { params } = call;
  const { account, user } = profileOwner(call, 'ram:CreateLoginProfile');
  const password = required(params, 'Password');
  const passwordResetRequired = booleanParam(params, 'PasswordResetRequired') ?? false;
  const mfaBindRequired = booleanParam(params, 'MFABindRequired') ?? false;
  if (user.LoginProfile) throw entityAlreadyExists('User.LoginProfile');
  checkPassword(password, account);
  user.LoginProfile = { CreateDate: call.state.now(), PasswordResetRequired: passwordResetRequired, MFABindRequired: mfaBindRequired };
  return { LoginProfile: profileView(user) };
}

function getLoginProfile(call: ApiCall) {
  const { user } = profileOwner(call, 'ram:GetLoginProfile');
  if (!user.LoginProfile) throw entityNotExist('User.LoginProfile');
  return { LoginProfile: profileView(user) };
}

function updateLoginProfile(call: ApiCall) {
  const { params } = call;
  const { account, user } = profileOwner(call, 'ram:UpdateLoginProfile');
  const password = optional(params, 'Password');
  const passwordResetRequired = booleanParam(params, 'PasswordResetRequired');
  const mfaBindRequired = booleanParam(params, 'MFABindRequired');
  const profile = user.LoginProfile;
  if (!profile) throw entityNotExist('User.LoginProfile');
  if (password !== undefined) checkPassword(password, account);
  if (passwordResetRequired !== undefined) profile.PasswordResetRequired = passwordResetRequired;
  if (mfaBindRequired !== undefined) profile.MFABindRequired = mfaBindRequired;
  return {};
}

function deleteLoginProfile(call: ApiCall) {
  const { user } = profileOwner(call, 'ram:DeleteLoginProfile');
  if (!user.LoginProfile) throw entityNotExist('User.LoginProfile');
  user.LoginProfile = undefined;
  return {};
}

export const loginProfileActions: Record<string, ActionHandler> = {
  CreateLoginProfile: createLoginProfile,
  GetLoginProfile: getLoginProfile,
  UpdateLoginProfile: updateLoginProfile,
  DeleteLoginProfile: deleteLoginProfile,
};
