import {
  type CheckDefinition,
  daysSince,
  describeMissing,
  type Fact,
  fail,
  manual,
  type Missing,
  need,
  pass,
  type Resource,
  resourceUid,
  type Verdict,
} from '../../checks/check.js';

/** What the scan knows of one identity's sign-in and keys, from the credential report or per-user calls. */
export interface IdentityCredentials {
  /** Console sign-in enabled (a login profile, password_exist). */
  console: boolean;
  mfa: boolean;
  /** Last console sign-in; undefined: never. */
  lastLogon?: Date;
  keys: AccessKeyFacts[];
}

/** One access key, as the credential report (no id) or ListAccessKeys (no last use) tells of it. */
export interface AccessKeyFacts {
  /** AccessKeyId: ListAccessKeys answers it, the credential report does not. */
  id?: string;
  /** The report's column for it (access_key_1, access_key_2, additional_access_key_1 …). */
  slot?: string;
  active: boolean;
  created?: Date;
  /** Last used; undefined: never, or not known. */
  lastUsed?: Date;
}

export interface AccountSubject {
  accountUid: string;
  root: Fact<IdentityCredentials>;
}

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireLowercaseCharacters?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
  HardExpiry?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  /** The API's spelling. */
  MaxLoginAttemps?: number;
}

export interface PasswordPolicySubject {
  accountUid: string;
  policy: Fact<PasswordPolicy>;
}

export interface UserSubject {
  accountUid: string;
  user: { UserName: string; UserId?: string };
  credentials: Fact<IdentityCredentials>;
  /** Policies attached to the user directly (not through a group). */
  directPolicies: Fact<{ PolicyName: string; PolicyType: string }[]>;
}

/** One access key of one RAM user: each key is its own finding, with its own fix. */
export interface AccessKeySubject {
  accountUid: string;
  userName: string;
  /** The key; or why the user's keys could not be read at all (then one subject stands for all of them). */
  key: Fact<AccessKeyFacts>;
  /** Why the key has no id: the report showed it old, and ListAccessKeys, asked for its id, could not answer. */
  idMissing?: Missing;
}

export interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
}

export interface PolicySubject {
  accountUid: string;
  policy: { PolicyName: string; AttachmentCount?: number; DefaultVersion?: string };
  document: Fact<{ Statement?: PolicyStatement | PolicyStatement[] }>;
}

export const KEY_MAX_AGE_DAYS = 90;
const CONSOLE_UNUSED_DAYS = 90;
const ROOT_UNUSED_DAYS = 90;
const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';

const account = (s: { accountUid: string }): Resource => ({
  uid: resourceUid('ram', 'global', s.accountUid, 'root'),
  id: 'root',
  name: '<root>',
  type: 'account',
  region: 'global',
});

const passwordPolicy = (s: PasswordPolicySubject): Resource => ({
  uid: resourceUid('ram', 'global', s.accountUid, 'password-policy'),
  id: 'password-policy',
  name: 'password policy',
  type: 'password-policy',
  region: 'global',
});

const user = (s: UserSubject): Resource => ({
  uid: resourceUid('ram', 'global', s.accountUid, 'user', s.user.UserName),
  id: s.user.UserName,
  name: s.user.UserName,
  type: 'user',
  region: 'global',
});

/**
 * A key is named by its AccessKeyId; a key the report alone tells of (young keys are not looked up) by its report
 * column, so its uid changes once its id is read. Keys that could not be read at all are the user's `access-keys`.
 */
const accessKey = (s: AccessKeySubject): Resource => {
  const key = 'value' in s.key ? s.key.value : undefined;
  const id = key?.id ?? `${s.userName}/${key?.slot ?? 'access-keys'}`;
  return {
    uid: resourceUid('ram', 'global', s.accountUid, 'user', `${s.userName}/accesskey/${key?.id ?? key?.slot ?? '*'}`),
    id,
    name: key?.id ?? (key?.slot ? `${key.slot} of ${s.userName}` : `access keys of ${s.userName}`),
    type: 'access-key',
    region: 'global',
    details: `access key of RAM user ${s.userName}`,
  };
};

const customPolicy = (s: PolicySubject): Resource => ({
  uid: resourceUid('ram', 'global', s.accountUid, 'policy', s.policy.PolicyName),
  id: s.policy.PolicyName,
  name: s.policy.PolicyName,
  type: 'policy',
  region: 'global',
  details: `attached ${s.policy.AttachmentCount ?? 0} time(s), default version ${s.policy.DefaultVersion ?? '?'}`,
});

const common = { service: 'ram' as const, categories: ['identity-access'] };

const day = (date: Date) => date.toISOString().slice(0, 10);
const ago = (date: Date, now: Date) => {
  const days = daysSince(date, now);
  return `${days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`} (${day(date)})`;
};

export const rootAccountUnused: CheckDefinition<AccountSubject> = {
  ...common,
  id: 'ram_root_account_unused',
  title: 'The root account is not used',
  severity: 'high',
  kind: 'account',
  resourceType: 'account',
  description: 'The Alibaba Cloud account itself should not sign in or call APIs: daily work belongs to RAM users and roles.',
  risk: 'Root sessions and keys cannot be limited by any policy; every use is a chance for them to be phished, leaked or misused.',
  remediation: {
    text: 'Do daily work as RAM users or roles; keep the root password and MFA device for the few tasks only root can do, and delete root access keys.',
    url: CIS_URL,
  },
  resource: account,
  evaluate: (s, now) => {
    const root = need(s.root);
    const keys = root.keys.filter((key) => key.lastUsed).map((key) => ({ name: key.id ?? key.slot ?? 'a key', when: key.lastUsed! }));
    // Used on the 90th day counts as used within 90 days, as sign-ins do for ram_user_console_access_unused.
    const recent = (when: Date | undefined) => when !== undefined && daysSince(when, now) <= ROOT_UNUSED_DAYS;
    const uses = [
      ...(recent(root.lastLogon) ? [`signed in to the console ${ago(root.lastLogon!, now)}`] : []),
      ...keys.filter(({ when }) => recent(when)).map(({ name, when }) => `used access key ${name} ${ago(when, now)}`),
    ];
    if (uses.length > 0) return fail(`the root account ${uses.join(' and ')}, within the last ${ROOT_UNUSED_DAYS} days`);
    const last = [
      root.lastLogon ? `last signed in ${ago(root.lastLogon, now)}` : 'never signed in',
      ...keys.map(({ name, when }) => `access key ${name} last used ${ago(when, now)}`),
    ];
    return pass(`the root account has not been used for ${ROOT_UNUSED_DAYS} days: ${last.join(', ')}`);
  },
};

export const noRootAccessKey: CheckDefinition<AccountSubject> = {
  ...common,
  id: 'ram_no_root_access_key',
  title: 'The root account has no active access key',
  severity: 'critical',
  kind: 'account',
  resourceType: 'account',
  description: "The Alibaba Cloud account's own access keys hold every permission and cannot be limited by any policy.",
  risk: 'A leaked root key gives full control of the account, its billing and every resource, with no way to narrow it.',
  remediation: { text: 'Delete the root access keys in the console (Account > AccessKey) and use RAM users or roles instead.', url: CIS_URL },
  resource: account,
  evaluate: (s) => {
    const active = need(s.root).keys.filter((key) => key.active);
    return active.length === 0
      ? pass('the root account has no active access key')
      : fail(`the root account has ${active.length} active access key${active.length > 1 ? 's' : ''}`);
  },
};

export const rootMfaEnabled: CheckDefinition<AccountSubject> = {
  ...common,
  id: 'ram_root_mfa_enabled',
  title: 'The root account signs in with MFA',
  severity: 'critical',
  kind: 'account',
  resourceType: 'account',
  description: 'The Alibaba Cloud account itself should need a second factor to sign in to the console.',
  risk: 'A guessed or phished root password alone gives full control of the account.',
  remediation: { text: 'Bind a virtual MFA device to the root account in the console (Account > Security Settings).', url: CIS_URL },
  resource: account,
  evaluate: (s) => (need(s.root).mfa ? pass('the root account has MFA enabled') : fail('the root account has no MFA device')),
};

export const userMfaForConsole: CheckDefinition<UserSubject> = {
  ...common,
  id: 'ram_user_mfa_enabled_console_access',
  title: 'RAM users who can sign in to the console have MFA',
  severity: 'high',
  kind: 'user',
  resourceType: 'user',
  description: 'Every RAM user with a console password should have a bound MFA device.',
  risk: 'A console password alone can be phished or guessed; MFA stops its use by anyone else.',
  remediation: { text: 'Bind a virtual MFA device to the user, and require it at sign-in (MFABindRequired).', url: CIS_URL },
  resource: user,
  evaluate: (s) => {
    const credentials = need(s.credentials);
    if (!credentials.console) return undefined;
    return credentials.mfa
      ? pass(`${s.user.UserName} signs in to the console with MFA`)
      : fail(
          `${s.user.UserName} can sign in to the console and has no MFA device bound`,
          `aliyun ram UpdateLoginProfile --UserName ${s.user.UserName} --MFABindRequired true`,
        );
  },
};

export const consoleAccessUnused: CheckDefinition<UserSubject> = {
  ...common,
  id: 'ram_user_console_access_unused',
  title: 'Console access unused for 90 days is removed',
  severity: 'medium',
  kind: 'user',
  resourceType: 'user',
  description: 'A RAM user whose console password has not been used for 90 days should lose it.',
  risk: 'Unused passwords are forgotten, not rotated, and go unnoticed when someone else uses them.',
  remediation: { text: "Delete the user's login profile; create it again when it is needed.", url: CIS_URL },
  resource: user,
  evaluate: (s, now) => {
    const credentials = need(s.credentials);
    if (!credentials.console) return undefined;
    const fix = `aliyun ram DeleteLoginProfile --UserName ${s.user.UserName}`;
    if (!credentials.lastLogon) return fail(`${s.user.UserName} can sign in to the console and never has`, fix);
    const days = daysSince(credentials.lastLogon, now);
    return days > CONSOLE_UNUSED_DAYS
      ? fail(`${s.user.UserName} last signed in to the console ${days} days ago`, fix)
      : pass(`${s.user.UserName} last signed in to the console ${days} days ago`);
  },
};

export const rotateAccessKeys: CheckDefinition<AccessKeySubject> = {
  ...common,
  id: 'ram_rotate_access_key_90_days',
  title: 'Active access keys are rotated within 90 days',
  severity: 'medium',
  kind: 'access-key',
  resourceType: 'access-key',
  description: 'Every active access key should be at most 90 days old.',
  risk: 'Old keys have had time to leak into scripts, images and logs; rotation limits how long a leaked key works.',
  remediation: { text: 'Create a new key, move its users to it, then disable and delete the old one.', url: CIS_URL },
  resource: accessKey,
  evaluate: (s, now) => {
    const key = need(s.key);
    if (!key.active) return undefined;
    const named = key.id ? `access key ${key.id} of ${s.userName}` : `${s.userName}'s ${key.slot ?? 'access key'}`;
    // Fail-open (Prowler's PASS) is not an answer: an active key of unknown age may be of any age.
    if (!key.created) return manual(`${named} is active and its creation date is unknown, so its age cannot be judged`, 'the creation date of the key is unknown');
    const days = daysSince(key.created, now);
    if (days <= KEY_MAX_AGE_DAYS) return pass(`${named} is ${days} days old (at most ${KEY_MAX_AGE_DAYS})`);
    const old = `${named} is ${days} days old (limit ${KEY_MAX_AGE_DAYS})`;
    if (key.id) return fail(old, `aliyun ram UpdateAccessKey --UserName ${s.userName} --UserAccessKeyId ${key.id} --Status Inactive`);
    // The report's age is known and over the limit: FAIL, not MANUAL, which would hide a key known to be old; only
    // its name, and so the fix command, is missing.
    const why = s.idMissing ? `could not be read: ${describeMissing(s.idMissing)}` : 'is not in the credential report';
    return fail(`${old}; its AccessKeyId ${why} (aliyun ram ListAccessKeys --UserName ${s.userName} names it)`);
  },
};

/** One rule of the password policy, with how to read it and how to set it right. */
function passwordRule(options: {
  id: string;
  title: string;
  judge(policy: PasswordPolicy): { ok: boolean; said: string };
  set: string;
  description: string;
}): CheckDefinition<PasswordPolicySubject> {
  return {
    ...common,
    id: options.id,
    title: options.title,
    severity: 'medium',
    kind: 'password-policy',
    resourceType: 'password-policy',
    description: options.description,
    risk: 'Weak or never-changing passwords are guessed, sprayed and reused across sites.',
    remediation: { text: `Change the password policy: ${options.set}.`, url: CIS_URL },
    resource: passwordPolicy,
    evaluate: (s): Verdict => {
      const { ok, said } = options.judge(need(s.policy));
      return ok ? pass(said) : fail(said, `aliyun ram SetPasswordPolicy ${options.set}`);
    },
  };
}

const requires = (field: keyof PasswordPolicy, what: string) => (policy: PasswordPolicy) => ({
  ok: policy[field] === true,
  said: `the password policy ${policy[field] === true ? 'requires' : 'does not require'} ${what}`,
});

export const passwordPolicyChecks = [
  passwordRule({
    id: 'ram_password_policy_uppercase',
    title: 'The password policy requires an uppercase letter',
    judge: requires('RequireUppercaseCharacters', 'an uppercase letter'),
    set: '--RequireUppercaseCharacters true',
    description: 'RAM user passwords must contain at least one uppercase letter.',
  }),
  passwordRule({
    id: 'ram_password_policy_lowercase',
    title: 'The password policy requires a lowercase letter',
    judge: requires('RequireLowercaseCharacters', 'a lowercase letter'),
    set: '--RequireLowercaseCharacters true',
    description: 'RAM user passwords must contain at least one lowercase letter.',
  }),
  passwordRule({
    id: 'ram_password_policy_symbol',
    title: 'The password policy requires a symbol',
    judge: requires('RequireSymbols', 'a symbol'),
    set: '--RequireSymbols true',
    description: 'RAM user passwords must contain at least one symbol.',
  }),
  passwordRule({
    id: 'ram_password_policy_number',
    title: 'The password policy requires a number',
    judge: requires('RequireNumbers', 'a number'),
    set: '--RequireNumbers true',
    description: 'RAM user passwords must contain at least one number.',
  }),
  passwordRule({
    id: 'ram_password_policy_minimum_length',
    title: 'The password policy requires 14 characters or more',
    judge: (p) => ({ ok: (p.MinimumPasswordLength ?? 0) >= 14, said: `the minimum password length is ${p.MinimumPasswordLength ?? 'not set'} (14 or more wanted)` }),
    set: '--MinimumPasswordLength 14',
    description: 'RAM user passwords must be at least 14 characters long.',
  }),
  passwordRule({
    id: 'ram_password_policy_password_reuse_prevention',
    title: 'The password policy prevents reusing the last 5 passwords',
    judge: (p) => ({ ok: (p.PasswordReusePrevention ?? 0) >= 5, said: `the last ${p.PasswordReusePrevention ?? 0} passwords cannot be reused (5 or more wanted)` }),
    set: '--PasswordReusePrevention 5',
    description: 'A new password must differ from at least the last 5.',
  }),
  passwordRule({
    id: 'ram_password_policy_max_password_age',
    title: 'The password policy lets passwords live 365 days or more',
    judge: (p) => {
      const age = p.MaxPasswordAge ?? 0;
      return { ok: age === 0 || age >= 365, said: age === 0 ? 'passwords do not expire' : `passwords expire after ${age} days (0 or 365 and more wanted)` };
    },
    set: '--MaxPasswordAge 365',
    description: 'CIS v2.0 no longer asks for frequent forced changes: passwords expire after 365 days or never.',
  }),
  passwordRule({
    id: 'ram_password_policy_max_login_attempts',
    title: 'The password policy blocks sign-in after 5 failed attempts',
    judge: (p) => {
      const attempts = p.MaxLoginAttemps ?? 0;
      const ok = attempts >= 1 && attempts <= 5;
      return { ok, said: attempts === 0 ? 'failed sign-ins never block the user' : `sign-in is blocked after ${attempts} failed attempts (at most 5 wanted)` };
    },
    set: '--MaxLoginAttemps 5',
    description: 'After at most 5 failed sign-in attempts the user is blocked for an hour.',
  }),
];

const allows = (value: string | string[] | undefined, wanted: readonly string[]) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).some((item) => wanted.includes(item));

export const noAdministrativePolicy: CheckDefinition<PolicySubject> = {
  ...common,
  id: 'ram_policy_no_administrative_privileges',
  title: 'No attached custom policy grants full administrative rights',
  severity: 'critical',
  kind: 'policy',
  resourceType: 'policy',
  description: 'An attached custom policy should not allow every action (`*` or `*:*`) on every resource.',
  risk: 'Whoever holds the policy can do anything in the account, including removing every other control.',
  remediation: { text: 'Replace the statement with the actions the holders need, as a new default version of the policy.', url: CIS_URL },
  resource: customPolicy,
  evaluate: (s) => {
    if (!s.policy.AttachmentCount) return undefined;
    const document = need(s.document);
    const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
    const admin = statements.findIndex(
      (st) => (st.Effect ?? '').toLowerCase() === 'allow' && allows(st.Action, ['*', '*:*']) && allows(st.Resource, ['*']),
    );
    if (admin < 0) return pass(`custom policy ${s.policy.PolicyName} does not allow every action on every resource`);
    return fail(
      `custom policy ${s.policy.PolicyName} (attached ${s.policy.AttachmentCount} time(s)) allows every action on every resource in Statement[${admin}]`,
      `aliyun ram CreatePolicyVersion --PolicyName ${s.policy.PolicyName} --SetAsDefault true --PolicyDocument '<a narrower document>'`,
    );
  },
};

export const policiesOnGroupsOrRoles: CheckDefinition<UserSubject> = {
  ...common,
  id: 'ram_policy_attached_only_to_group_or_roles',
  title: 'Policies are attached to groups or roles, not to users',
  severity: 'low',
  kind: 'user',
  resourceType: 'user',
  description: 'Permissions should reach RAM users through groups (or roles), so that they are granted and reviewed in one place.',
  risk: 'Permissions attached user by user drift apart and are missed when access is reviewed or revoked.',
  remediation: { text: "Add the user to a group holding the policy, then detach it from the user.", url: CIS_URL },
  resource: user,
  evaluate: (s) => {
    const direct = need(s.directPolicies);
    if (direct.length === 0) return pass(`${s.user.UserName} has no policy attached directly`);
    const first = direct[0];
    return fail(
      `${s.user.UserName} has ${direct.length} polic${direct.length === 1 ? 'y' : 'ies'} attached directly: ${direct.map((p) => `${p.PolicyName} (${p.PolicyType})`).join(', ')}`,
      `aliyun ram DetachPolicyFromUser --PolicyType ${first.PolicyType} --PolicyName ${first.PolicyName} --UserName ${s.user.UserName}`,
    );
  },
};

export const ramChecks = {
  account: [rootAccountUnused, noRootAccessKey, rootMfaEnabled],
  passwordPolicy: passwordPolicyChecks,
  user: [userMfaForConsole, consoleAccessUnused, policiesOnGroupsOrRoles],
  accessKey: [rotateAccessKeys],
  policy: [noAdministrativePolicy],
};
