import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients } from '../../../src/cloud/clients.js';
import { startEmulator } from '../../../src/emulator/server.js';
import { loadWorld } from '../../../src/emulator/world.js';
import { type CheckDefinition, type Fact, known, type Missing, MissingData, type Verdict } from '../../../src/scan/checks/check.js';
import { runScan } from '../../../src/scan/engine.js';
import type { Finding, ScanEvent } from '../../../src/scan/model.js';
import { ALL_CHECKS } from '../../../src/scan/services/index.js';
import {
  type AccessKeyFacts,
  type AccessKeySubject,
  type AccountSubject,
  type IdentityCredentials,
  noAdministrativePolicy,
  noRootAccessKey,
  type PasswordPolicy,
  passwordPolicyChecks,
  policiesOnGroupsOrRoles,
  type PolicySubject,
  rootAccountUnused,
  rootMfaEnabled,
  rotateAccessKeys,
  consoleAccessUnused,
  userMfaForConsole,
  type UserSubject,
} from '../../../src/scan/services/ram/checks.js';
import { parseCredentialReport } from '../../../src/scan/services/ram/collect.js';

const NOW = new Date('2025-06-30T12:00:00Z');
const ACCOUNT = '5555666677778888';
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const denied = (action: string): { missing: Missing } => ({ missing: { action, region: 'global', reason: 'denied', detail: 'NoPermission' } });

/** What the engine makes of a check on a subject: its verdict, MANUAL when data is missing, undefined when n/a. */
function judge<S>(check: CheckDefinition<S>, subject: S): Verdict | undefined {
  try {
    return check.evaluate(subject, NOW);
  } catch (error) {
    if (error instanceof MissingData) return { status: 'MANUAL', statusExtended: error.message };
    throw error;
  }
}

const identity = (fields: Partial<IdentityCredentials> = {}): IdentityCredentials => ({ console: false, mfa: false, keys: [], ...fields });
const rootOf = (root: Fact<IdentityCredentials>): AccountSubject => ({ accountUid: ACCOUNT, root });

describe('ram_root_account_unused (CIS 1.1)', () => {
  const cases: [string, Fact<IdentityCredentials>, string | undefined, RegExp | string][] = [
    ['never signed in, no keys', known(identity()), 'PASS', 'the root account has not been used for 90 days: never signed in'],
    [
      'signed in 91 days ago, a key last used 200 days ago',
      known(identity({ lastLogon: daysAgo(91), keys: [{ slot: 'access_key_1', active: true, lastUsed: daysAgo(200) }] })),
      'PASS',
      'the root account has not been used for 90 days: last signed in 91 days ago (2025-03-31), access key access_key_1 last used 200 days ago (2024-12-12)',
    ],
    ['signed in exactly 90 days ago', known(identity({ lastLogon: daysAgo(90) })), 'FAIL', 'the root account signed in to the console 90 days ago (2025-04-01), within the last 90 days'],
    [
      'a key used 5 days ago, sign-in long ago',
      known(identity({ lastLogon: daysAgo(400), keys: [{ slot: 'access_key_2', active: false, lastUsed: daysAgo(5) }] })),
      'FAIL',
      'the root account used access key access_key_2 5 days ago (2025-06-25), within the last 90 days',
    ],
    [
      'both, today',
      known(identity({ lastLogon: daysAgo(0), keys: [{ id: 'LTAIroot1', active: true, lastUsed: daysAgo(1) }] })),
      'FAIL',
      'the root account signed in to the console today (2025-06-30) and used access key LTAIroot1 1 day ago (2025-06-29), within the last 90 days',
    ],
    ['the report cannot be read', denied('ram:GenerateCredentialReport'), 'MANUAL', 'missing permission ram:GenerateCredentialReport'],
  ];
  it.each(cases)('%s → %s', (_, root, status, said) => {
    const verdict = judge(rootAccountUnused, rootOf(root));
    expect(verdict?.status).toBe(status);
    expect(verdict?.statusExtended).toEqual(said);
    expect(verdict?.remediationCli).toBeUndefined();
  });

  it('is an account-level finding, as root MFA is', () => {
    expect(rootAccountUnused.resource(rootOf(known(identity())))).toEqual(rootMfaEnabled.resource(rootOf(known(identity()))));
    expect(rootAccountUnused.resource(rootOf(known(identity())))).toMatchObject({ uid: `acs:ram::${ACCOUNT}:root`, name: '<root>', type: 'account' });
  });
});

describe('ram_no_root_access_key and ram_root_mfa_enabled', () => {
  it.each([
    ['no key', identity(), 'PASS', 'the root account has no active access key'],
    ['only an inactive key', identity({ keys: [{ active: false, created: daysAgo(10) }] }), 'PASS', 'the root account has no active access key'],
    ['one active key', identity({ keys: [{ active: true }, { active: false }] }), 'FAIL', 'the root account has 1 active access key'],
    ['two active keys', identity({ keys: [{ active: true }, { active: true }] }), 'FAIL', 'the root account has 2 active access keys'],
  ])('root key: %s → %s', (_, root, status, said) => {
    expect(judge(noRootAccessKey, rootOf(known(root)))).toMatchObject({ status, statusExtended: said });
  });

  it.each([
    [known(identity({ mfa: true })), 'PASS'],
    [known(identity({ mfa: false })), 'FAIL'],
    [denied('ram:GetCredentialReport'), 'MANUAL'],
  ] as const)('root MFA %# → %s', (root, status) => {
    expect(judge(rootMfaEnabled, rootOf(root))?.status).toBe(status);
    expect(judge(noRootAccessKey, rootOf(root))?.status).toBe(status === 'MANUAL' ? 'MANUAL' : 'PASS');
  });
});

const userOf = (credentials: Fact<IdentityCredentials>, direct: Fact<{ PolicyName: string; PolicyType: string }[]> = known([])): UserSubject => ({
  accountUid: ACCOUNT,
  user: { UserName: 'alice' },
  credentials,
  directPolicies: direct,
});

describe('console users: ram_user_mfa_enabled_console_access and ram_user_console_access_unused', () => {
  it.each([
    ['no console', identity(), undefined, undefined],
    ['console and MFA', identity({ console: true, mfa: true }), 'PASS', undefined],
    ['console, no MFA', identity({ console: true }), 'FAIL', 'aliyun ram UpdateLoginProfile --UserName alice --MFABindRequired true'],
  ])('MFA: %s → %s', (_, credentials, status, cli) => {
    const verdict = judge(userMfaForConsole, userOf(known(credentials)));
    expect(verdict?.status).toBe(status);
    expect(verdict?.remediationCli).toBe(cli);
  });

  it.each([
    ['no console', identity({ lastLogon: daysAgo(400) }), undefined, undefined],
    ['never signed in', identity({ console: true }), 'FAIL', 'alice can sign in to the console and never has'],
    ['91 days ago', identity({ console: true, lastLogon: daysAgo(91) }), 'FAIL', 'alice last signed in to the console 91 days ago'],
    ['exactly 90 days ago', identity({ console: true, lastLogon: daysAgo(90) }), 'PASS', 'alice last signed in to the console 90 days ago'],
    ['today', identity({ console: true, lastLogon: NOW }), 'PASS', 'alice last signed in to the console 0 days ago'],
  ])('unused: %s → %s', (_, credentials, status, said) => {
    const verdict = judge(consoleAccessUnused, userOf(known(credentials)));
    expect(verdict?.status).toBe(status);
    expect(verdict?.statusExtended).toBe(said);
    if (status === 'FAIL') expect(verdict?.remediationCli).toBe('aliyun ram DeleteLoginProfile --UserName alice');
  });

  it('unreadable credentials are MANUAL naming the call, for both', () => {
    for (const check of [userMfaForConsole, consoleAccessUnused]) {
      expect(judge(check, userOf(denied('ram:GetLoginProfile')))).toEqual({ status: 'MANUAL', statusExtended: 'missing permission ram:GetLoginProfile' });
    }
  });
});

const keyOf = (key: Fact<AccessKeyFacts>, idMissing?: Missing): AccessKeySubject => ({ accountUid: ACCOUNT, userName: 'alice', key, ...(idMissing ? { idMissing } : {}) });

describe('ram_rotate_access_key_90_days: one finding per key, named by its AccessKeyId', () => {
  const listRefused: Missing = { action: 'ram:ListAccessKeys', region: 'global', reason: 'denied', detail: 'NoPermission' };
  const cases: [string, AccessKeySubject, string | undefined, string | undefined, string | undefined][] = [
    ['an inactive old key', keyOf(known({ id: 'LTAIold', active: false, created: daysAgo(400) })), undefined, undefined, undefined],
    ['exactly 90 days', keyOf(known({ id: 'LTAI90', active: true, created: daysAgo(90) })), 'PASS', 'access key LTAI90 of alice is 90 days old (at most 90)', undefined],
    ['young, from the report (no id)', keyOf(known({ slot: 'access_key_1', active: true, created: daysAgo(3) })), 'PASS', "alice's access_key_1 is 3 days old (at most 90)", undefined],
    [
      '91 days, id known',
      keyOf(known({ id: 'LTAI5tOld91', active: true, created: daysAgo(91) })),
      'FAIL',
      'access key LTAI5tOld91 of alice is 91 days old (limit 90)',
      'aliyun ram UpdateAccessKey --UserName alice --UserAccessKeyId LTAI5tOld91 --Status Inactive',
    ],
    [
      'old from the report, ListAccessKeys refused: still FAIL on the age',
      keyOf(known({ slot: 'access_key_2', active: true, created: daysAgo(200) }), listRefused),
      'FAIL',
      "alice's access_key_2 is 200 days old (limit 90); its AccessKeyId could not be read: missing permission ram:ListAccessKeys (aliyun ram ListAccessKeys --UserName alice names it)",
      undefined,
    ],
    [
      'old from the report, never asked',
      keyOf(known({ slot: 'access_key_1', active: true, created: daysAgo(120) })),
      'FAIL',
      "alice's access_key_1 is 120 days old (limit 90); its AccessKeyId is not in the credential report (aliyun ram ListAccessKeys --UserName alice names it)",
      undefined,
    ],
    [
      'active, no creation date: not a PASS',
      keyOf(known({ id: 'LTAInodate', active: true })),
      'MANUAL',
      'access key LTAInodate of alice is active and its creation date is unknown, so its age cannot be judged',
      undefined,
    ],
    ["the user's keys cannot be read", keyOf(denied('ram:ListAccessKeys')), 'MANUAL', 'missing permission ram:ListAccessKeys', undefined],
  ];
  it.each(cases)('%s → %s', (_, subject, status, said, cli) => {
    const verdict = judge(rotateAccessKeys, subject);
    expect(verdict?.status).toBe(status);
    expect(verdict?.statusExtended).toBe(said);
    expect(verdict?.remediationCli).toBe(cli);
  });

  it('names the key as the resource: its id, else its report column, else all of the user’s keys', () => {
    expect(rotateAccessKeys.resource(keyOf(known({ id: 'LTAI5tOld91', active: true })))).toEqual({
      uid: `acs:ram::${ACCOUNT}:user/alice/accesskey/LTAI5tOld91`,
      id: 'LTAI5tOld91',
      name: 'LTAI5tOld91',
      type: 'access-key',
      region: 'global',
      details: 'access key of RAM user alice',
    });
    expect(rotateAccessKeys.resource(keyOf(known({ slot: 'access_key_2', active: true })))).toMatchObject({
      uid: `acs:ram::${ACCOUNT}:user/alice/accesskey/access_key_2`,
      id: 'alice/access_key_2',
      name: 'access_key_2 of alice',
    });
    expect(rotateAccessKeys.resource(keyOf(denied('ram:ListAccessKeys')))).toMatchObject({ id: 'alice/access-keys', name: 'access keys of alice' });
  });
});

describe('the password policy rules', () => {
  const rule = (id: string) => passwordPolicyChecks.find((check) => check.id === id)!;
  const subject = (policy: PasswordPolicy) => ({ accountUid: ACCOUNT, policy: known(policy) });
  const cases: [string, PasswordPolicy, string, string?][] = [
    ['ram_password_policy_uppercase', { RequireUppercaseCharacters: true }, 'PASS'],
    ['ram_password_policy_uppercase', { RequireUppercaseCharacters: false }, 'FAIL', 'aliyun ram SetPasswordPolicy --RequireUppercaseCharacters true'],
    ['ram_password_policy_uppercase', {}, 'FAIL'],
    ['ram_password_policy_lowercase', { RequireLowercaseCharacters: true }, 'PASS'],
    ['ram_password_policy_lowercase', { RequireLowercaseCharacters: false }, 'FAIL', 'aliyun ram SetPasswordPolicy --RequireLowercaseCharacters true'],
    ['ram_password_policy_symbol', { RequireSymbols: true }, 'PASS'],
    ['ram_password_policy_symbol', {}, 'FAIL', 'aliyun ram SetPasswordPolicy --RequireSymbols true'],
    ['ram_password_policy_number', { RequireNumbers: true }, 'PASS'],
    ['ram_password_policy_number', { RequireNumbers: false }, 'FAIL', 'aliyun ram SetPasswordPolicy --RequireNumbers true'],
    ['ram_password_policy_minimum_length', { MinimumPasswordLength: 14 }, 'PASS'],
    ['ram_password_policy_minimum_length', { MinimumPasswordLength: 13 }, 'FAIL', 'aliyun ram SetPasswordPolicy --MinimumPasswordLength 14'],
    ['ram_password_policy_minimum_length', {}, 'FAIL'],
    ['ram_password_policy_password_reuse_prevention', { PasswordReusePrevention: 5 }, 'PASS'],
    ['ram_password_policy_password_reuse_prevention', { PasswordReusePrevention: 4 }, 'FAIL', 'aliyun ram SetPasswordPolicy --PasswordReusePrevention 5'],
    ['ram_password_policy_max_password_age', { MaxPasswordAge: 0 }, 'PASS'],
    ['ram_password_policy_max_password_age', {}, 'PASS'],
    ['ram_password_policy_max_password_age', { MaxPasswordAge: 365 }, 'PASS'],
    ['ram_password_policy_max_password_age', { MaxPasswordAge: 364 }, 'FAIL', 'aliyun ram SetPasswordPolicy --MaxPasswordAge 365'],
    ['ram_password_policy_max_login_attempts', { MaxLoginAttemps: 1 }, 'PASS'],
    ['ram_password_policy_max_login_attempts', { MaxLoginAttemps: 5 }, 'PASS'],
    ['ram_password_policy_max_login_attempts', { MaxLoginAttemps: 6 }, 'FAIL', 'aliyun ram SetPasswordPolicy --MaxLoginAttemps 5'],
    ['ram_password_policy_max_login_attempts', { MaxLoginAttemps: 0 }, 'FAIL'],
  ];
  it.each(cases)('%s over %j → %s', (id, policy, status, cli) => {
    const verdict = judge(rule(id), subject(policy));
    expect(verdict?.status).toBe(status);
    if (cli) expect(verdict?.remediationCli).toBe(cli);
    if (status === 'PASS') expect(verdict?.remediationCli).toBeUndefined();
  });

  it('every rule is MANUAL naming GetPasswordPolicy when it cannot be read', () => {
    expect(passwordPolicyChecks).toHaveLength(8);
    for (const check of passwordPolicyChecks) {
      expect(judge(check, { accountUid: ACCOUNT, policy: denied('ram:GetPasswordPolicy') })).toEqual({ status: 'MANUAL', statusExtended: 'missing permission ram:GetPasswordPolicy' });
    }
  });
});

describe('policies: ram_policy_no_administrative_privileges and ram_policy_attached_only_to_group_or_roles', () => {
  const policyOf = (document: PolicySubject['document'], AttachmentCount = 2): PolicySubject => ({
    accountUid: ACCOUNT,
    policy: { PolicyName: 'p', AttachmentCount, DefaultVersion: 'v3' },
    document,
  });
  it.each([
    ['unattached', policyOf(known({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), 0), undefined],
    ['Allow * on *', policyOf(known({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })), 'FAIL'],
    ['allow *:* among others, one statement not in an array', policyOf(known({ Statement: { Effect: 'allow', Action: ['ecs:*', '*:*'], Resource: ['*'] } })), 'FAIL'],
    ['Deny * on *', policyOf(known({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })), 'PASS'],
    ['* on one resource', policyOf(known({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'acs:oss:*:*:bucket' }] })), 'PASS'],
    ['ram:* on *', policyOf(known({ Statement: [{ Effect: 'Allow', Action: 'ram:*', Resource: '*' }] })), 'PASS'],
    ['no statement', policyOf(known({})), 'PASS'],
    ['document unreadable', policyOf(denied('ram:GetPolicy')), 'MANUAL'],
  ] as const)('%s → %s', (_, subject, status) => {
    const verdict = judge(noAdministrativePolicy, subject);
    expect(verdict?.status).toBe(status);
    if (status === 'FAIL') {
      expect(verdict?.statusExtended).toBe('custom policy p (attached 2 time(s)) allows every action on every resource in Statement[0]');
      expect(verdict?.remediationCli).toMatch(/^aliyun ram CreatePolicyVersion --PolicyName p --SetAsDefault true /);
    }
  });

  it.each([
    ['none', known([]), 'PASS', undefined],
    ['two', known([{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }, { PolicyName: 'mine', PolicyType: 'Custom' }]), 'FAIL', 'aliyun ram DetachPolicyFromUser --PolicyType System --PolicyName AdministratorAccess --UserName alice'],
    ['unreadable', denied('ram:ListPolicies'), 'MANUAL', undefined],
  ] as const)('direct policies: %s → %s', (_, direct, status, cli) => {
    const verdict = judge(policiesOnGroupsOrRoles, userOf(known(identity()), direct));
    expect(verdict?.status).toBe(status);
    expect(verdict?.remediationCli).toBe(cli);
  });
});

describe('the credential report', () => {
  it('reads the root row, each key by its column, with when it was made and last used', () => {
    const csv = [
      'user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used',
      '<root>,2020-01-01T00:00:00Z,2025-06-27T08:00:00Z,TRUE,N/A,N/A,N/A,FALSE,TRUE,TRUE,2023-01-01T00:00:00Z,2025-06-01T00:00:00Z,FALSE,N/A,N/A,N/A',
      'bob@acme.onaliyun.com,2024-01-01T00:00:00Z,-,FALSE,N/A,N/A,N/A,FALSE,TRUE,FALSE,2024-02-01T00:00:00Z,-,TRUE,TRUE,2025-06-01T00:00:00Z,-',
    ].join('\r\n');
    const report = parseCredentialReport(csv);
    expect(report.root).toEqual({
      console: true,
      mfa: false,
      lastLogon: new Date('2025-06-27T08:00:00Z'),
      keys: [{ slot: 'access_key_1', active: true, created: new Date('2023-01-01T00:00:00Z'), lastUsed: new Date('2025-06-01T00:00:00Z') }],
    });
    expect(report.users.get('bob')).toEqual({
      console: false,
      mfa: false,
      lastLogon: undefined,
      keys: [
        { slot: 'access_key_1', active: false, created: new Date('2024-02-01T00:00:00Z'), lastUsed: undefined },
        { slot: 'access_key_2', active: true, created: new Date('2025-06-01T00:00:00Z'), lastUsed: undefined },
      ],
    });
  });
});

describe('CIS mapping of the RAM checks', () => {
  const cis = (id: string) => ALL_CHECKS.find((check) => check.id === id)?.cis;
  it('1.1 is answered by ram_root_account_unused, 1.10 by ram_password_policy_number, 1.6 by the key rotation', () => {
    expect(cis('ram_root_account_unused')).toEqual(['1.1']);
    expect(cis('ram_password_policy_number')).toEqual(['1.10']);
    expect(cis('ram_rotate_access_key_90_days')).toEqual(['1.6']);
  });
  it('every RAM check answers a CIS recommendation', () => {
    const ram = ALL_CHECKS.filter((check) => check.service === 'ram');
    expect(ram.map((check) => check.id)).toContain('ram_root_account_unused');
    for (const check of ram) expect(check.cis, check.id).not.toEqual([]);
  });
});

// A scan over a small world: who is asked ListAccessKeys, and what a finding says when it is refused.
const SCANNERS = {
  full: { id: 'LTAIscanfull0001', secret: 'scan-full-secret-not-real' },
  noKeyList: { id: 'LTAIscannokl0001', secret: 'scan-nokl-secret-not-real' },
  noReport: { id: 'LTAIscannorp0001', secret: 'scan-norp-secret-not-real' },
  noReportNoKeyList: { id: 'LTAIscannone0001', secret: 'scan-none-secret-not-real' },
};
const scanner = (name: string, keys: { id: string; secret: string }, policies: string[]) => ({
  UserName: name,
  CreateDate: '-400d',
  AccessKeys: [{ AccessKeyId: keys.id, AccessKeySecret: keys.secret, Status: 'Active', CreateDate: '-10d' }],
  Policies: [{ PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System' }, ...policies.map((PolicyName) => ({ PolicyName, PolicyType: 'Custom' }))],
});
const key = (AccessKeyId: string, CreateDate: string, Status = 'Active') => ({ AccessKeyId, AccessKeySecret: `${AccessKeyId}-secret`, Status, CreateDate });
const world = {
  Regions: [{ RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)', Status: 'available' }],
  Accounts: [
    {
      AccountId: ACCOUNT,
      Root: { AccessKeys: [{ ...key('LTAIrootold01', '-900d'), LastUsedDate: '-200d' }], MFA: true, LastLoginDate: '-100d' },
      Users: [
        scanner('scan-full', SCANNERS.full, []),
        scanner('scan-nokl', SCANNERS.noKeyList, ['no-key-list']),
        scanner('scan-norp', SCANNERS.noReport, ['no-report']),
        scanner('scan-none', SCANNERS.noReportNoKeyList, ['no-report', 'no-key-list']),
        { UserName: 'two-keys', CreateDate: '-400d', AccessKeys: [key('LTAItwonew001', '-5d'), key('LTAItwoold001', '-150d')] },
        { UserName: 'young', CreateDate: '-400d', AccessKeys: [key('LTAIyoung0001', '-30d')] },
        { UserName: 'retired', CreateDate: '-400d', AccessKeys: [key('LTAIretired01', '-300d', 'Inactive')] },
        ...Array.from({ length: 40 }, (_, i) => ({ UserName: `plain-${i}`, CreateDate: '-50d', AccessKeys: [key(`LTAIplain${String(i).padStart(4, '0')}`, '-20d')] })),
      ],
      Policies: [
        { PolicyName: 'no-report', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'ram:GenerateCredentialReport', Resource: '*' }] } },
        { PolicyName: 'no-key-list', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'ram:ListAccessKeys', Resource: '*' }] } },
      ],
    },
  ],
};

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emulator = await startEmulator({ state: loadWorld(world), host: '127.0.0.1', port: 0 });
});
afterAll(() => emulator?.close());

async function scanAs(keys: { id: string; secret: string }) {
  const clients = new CloudClients({
    credentials: { credentials: async () => ({ accessKeyId: keys.id, accessKeySecret: keys.secret }) },
    region: 'cn-hangzhou',
    endpoint: { host: emulator.url.replace(/^http:\/\//, ''), protocol: 'http' },
  });
  const events: ScanEvent[] = [];
  const result = await runScan(
    { accountUid: ACCOUNT, identityArn: `acs:ram::${ACCOUNT}:user/scanner`, authMethod: 'test keys', homeRegion: 'cn-hangzhou', api: (product, region) => clients.api(product, region) },
    [],
    { checks: ALL_CHECKS.filter((check) => check.service === 'ram'), regions: 'all', version: 'test', regionTimeoutMs: 60_000, retries: new EventEmitter() },
    (event) => events.push(event),
  );
  const findings = [...result.findings] as Finding[];
  const of = (check: string, name: string) => findings.find((f) => f.checkId === check && f.resource.name === name);
  const listed = events.filter((e) => e.type === 'call' && e.api === 'ram:ListAccessKeys');
  return { findings, of, listed, events };
}

describe('a scan of RAM with the credential report', () => {
  it('asks ListAccessKeys only for the user the report shows with an old active key, and names that key', async () => {
    const { findings, of, listed } = await scanAs(SCANNERS.full);
    expect(listed).toHaveLength(1);
    expect(of('ram_rotate_access_key_90_days', 'LTAItwoold001')).toMatchObject({
      status: 'FAIL',
      statusExtended: 'access key LTAItwoold001 of two-keys is 150 days old (limit 90)',
      remediationCli: 'aliyun ram UpdateAccessKey --UserName two-keys --UserAccessKeyId LTAItwoold001 --Status Inactive',
    });
    expect(of('ram_rotate_access_key_90_days', 'LTAItwonew001')?.status).toBe('PASS');
    // Young keys are judged from the report alone, named by their column.
    expect(of('ram_rotate_access_key_90_days', 'access_key_1 of young')?.status).toBe('PASS');
    // The scanners' four keys, two-keys' new one, young's and the forty plain users'.
    expect(findings.filter((f) => f.checkId === 'ram_rotate_access_key_90_days' && f.status === 'PASS')).toHaveLength(4 + 1 + 1 + 40);
    expect(findings.some((f) => f.checkId === 'ram_rotate_access_key_90_days' && f.resource.name.includes('retired'))).toBe(false);
    // Root: signed in 100 days ago, its key used 200 days ago.
    expect(of('ram_root_account_unused', '<root>')?.status).toBe('PASS');
    expect(new Set(findings.map((f) => f.uid)).size).toBe(findings.length);
  });

  it('refused ListAccessKeys: the old key still FAILs on the report’s age, saying its id could not be read', async () => {
    const { of, listed } = await scanAs(SCANNERS.noKeyList);
    expect(listed).toMatchObject([{ ok: false }]);
    expect(of('ram_rotate_access_key_90_days', 'access_key_2 of two-keys')).toMatchObject({
      status: 'FAIL',
      statusExtended:
        "two-keys's access_key_2 is 150 days old (limit 90); its AccessKeyId could not be read: missing permission ram:ListAccessKeys (aliyun ram ListAccessKeys --UserName two-keys names it)",
      resource: { uid: `acs:ram::${ACCOUNT}:user/two-keys/accesskey/access_key_2`, type: 'access-key' },
    });
    expect(of('ram_rotate_access_key_90_days', 'access_key_2 of two-keys')?.remediationCli).toBeUndefined();
    expect(of('ram_rotate_access_key_90_days', 'access_key_1 of two-keys')?.status).toBe('PASS');
  });

  it('without the report: per-user ListAccessKeys names every key', async () => {
    const { findings, of, listed } = await scanAs(SCANNERS.noReport);
    expect(listed).toHaveLength(47);
    expect(of('ram_root_account_unused', '<root>')).toMatchObject({ status: 'MANUAL', statusExtended: 'missing permission ram:GenerateCredentialReport' });
    expect(of('ram_rotate_access_key_90_days', 'LTAItwoold001')).toMatchObject({
      status: 'FAIL',
      remediationCli: 'aliyun ram UpdateAccessKey --UserName two-keys --UserAccessKeyId LTAItwoold001 --Status Inactive',
    });
    expect(findings.filter((f) => f.checkId === 'ram_rotate_access_key_90_days').map((f) => f.status).sort()).toEqual([...Array(46).fill('PASS'), 'FAIL'].sort());
  });

  it('without the report and ListAccessKeys: each user’s keys are one MANUAL finding naming the permission', async () => {
    const { findings, of } = await scanAs(SCANNERS.noReportNoKeyList);
    const keys = findings.filter((f) => f.checkId === 'ram_rotate_access_key_90_days');
    expect(keys).toHaveLength(47);
    expect(keys.every((f) => f.status === 'MANUAL' && f.statusExtended === 'missing permission ram:ListAccessKeys')).toBe(true);
    expect(of('ram_rotate_access_key_90_days', 'access keys of two-keys')?.resource.uid).toBe(`acs:ram::${ACCOUNT}:user/two-keys/accesskey/*`);
  });
});
