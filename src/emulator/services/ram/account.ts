/**
 * Account-wide settings: GetPasswordPolicy, SetPasswordPolicy, GetSecurityPreference, GetAccountAlias.
 */
import type { ActionHandler, ApiCall } from '../service.js';
import { accountOf, resource } from './entities.js';
import { booleanParam, integerParam } from './params.js';

/** SetPasswordPolicy's fields: what a field left out becomes, and the range of the numeric ones. */
const PASSWORD_POLICY_FIELDS: Record<string, { fallback: boolean } | { fallback: number; min: number; max: number }> = {
  MinimumPasswordLength: { fallback: 8, min: 8, max: 32 },
  RequireLowercaseCharacters: { fallback: false },
  RequireUppercaseCharacters: { fallback: false },
  RequireNumbers: { fallback: false },
  RequireSymbols: { fallback: false },
  HardExpiry: { fallback: false },
  MaxPasswordAge: { fallback: 0, min: 0, max: 1095 },
  PasswordReusePrevention: { fallback: 0, min: 0, max: 24 },
  MaxLoginAttemps: { fallback: 5, min: 0, max: 32 },
};

/** What GetSecurityPreference answers for settings the world leaves out: a new account's defaults. */
const SECURITY_PREFERENCE_DEFAULTS: Record<string, Record<string, unknown>> = {
  LoginProfilePreference: { EnableSaveMFATicket: false, AllowUserToChangePassword: true, LoginSessionDuration: 6, LoginNetworkMasks: '' },
  AccessKeyPreference: { AllowUserToManageAccessKeys: false },
  MFAPreference: { AllowUserToManageMFADevices: true },
  PublicKeyPreference: { AllowUserToManagePublicKeys: false },
};

function passwordPolicyView(policy: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(PASSWORD_POLICY_FIELDS).map(([key, field]) => [key, policy[key] ?? field.fallback]));
}

function getPasswordPolicy(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:GetPasswordPolicy', resource(account));
  return { PasswordPolicy: passwordPolicyView(account.PasswordPolicy) };
}

/** As RAM does, a field left out returns to its default rather than keeping its value. */
function setPasswordPolicy(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:SetPasswordPolicy', resource(account));
  const policy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(PASSWORD_POLICY_FIELDS)) {
    policy[key] = 'min' in field
      ? integerParam(call.params, key, field.min, field.max) ?? field.fallback
      : booleanParam(call.params, key) ?? field.fallback;
  }
  account.PasswordPolicy = policy;
  return { PasswordPolicy: passwordPolicyView(policy) };
}

function getSecurityPreference(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:GetSecurityPreference', resource(account));
  const given = account.SecurityPreference ?? {};
  const preference = Object.fromEntries(
    Object.entries(SECURITY_PREFERENCE_DEFAULTS).map(([group, defaults]) => [group, { ...defaults, ...(given[group] as object | undefined) }]),
  );
  return { SecurityPreference: preference };
}

/** An account without an alias answers its id, as the default alias is. */
function getAccountAlias(call: ApiCall) {
  const account = accountOf(call);
  call.authorize('ram:GetAccountAlias', resource(account));
  return { AccountAlias: account.AccountAlias ?? account.AccountId };
}

export const accountActions: Record<string, ActionHandler> = {
  GetPasswordPolicy: getPasswordPolicy,
  SetPasswordPolicy: setPasswordPolicy,
  GetSecurityPreference: getSecurityPreference,
  GetAccountAlias: getAccountAlias,
};
