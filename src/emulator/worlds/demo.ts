/**
 * The built-in demo world (`aliaudit emulator --world demo`): one small, believable account with a mix of good and
 * bad settings, and a read-only auditor whose keys the demo hands to aliaudit (DEMO_CREDENTIALS).
 *
 * The story of Acme's account 1357924680135792 ("acme-demo"):
 * - root has MFA but still an access key from its early days (400 days old, used last month);
 * - admin.li: the administrator (group admins, AdministratorAccess), console with MFA, no keys;
 * - dev.wang: developer, console without MFA, a fresh key;
 * - ops.zhang: operator, console with MFA, in group ops whose custom policy ops-full-access grants "*" on "*",
 *   and a 400-day-old key not used for 200 days;
 * - intern.chen: console without MFA, last login 130 days ago, a policy attached directly;
 * - ci-deploy: CI, keys only (one active, one inactive and over 90 days old), AliyunECSFullAccess attached directly;
 * - auditor: the demo's own identity, keys only, read-only on every scanned service through its system policy
 *   (AliyunRAMReadOnlyAccess, AliyunECSReadOnlyAccess, AliyunVPCReadOnlyAccess …), and the IMS credential report through the custom policy
 *   auditor-credential-report (IMS authorises ram:GenerateCredentialReport, which no system policy the emulator
 *   knows grants short of AdministratorAccess / AliyunRAMFullAccess);
 * - roles: EcsMonitorRole (trusted by ECS, read-only), PartnerSupportRole (another account, no ExternalId,
 *   AdministratorAccess);
 * - a password policy of 8 characters, no symbols, no expiry and no reuse prevention;
 * - per region a few instances, security groups and disks (services/ecs/demo.ts): SSH open to the internet in
 *   cn-hangzhou, RDP open there too but overridden by a higher-priority Drop, all ports open in cn-shanghai, Redis open
 *   to ::/0 in cn-beijing, a well-kept bastion and a classic-network instance in ap-southeast-1, a stopped instance and
 *   an unattached disk in us-west-1; some disks unencrypted, some instances with public IPs or IMDS tokens left optional;
 * - and what makes it the size of a real account: a security group per service, environment and tier that the
 *   platform team's Terraform made (256 in all, the busiest region first), each open only inside the network, so
 *   every finding is still one of the above.
 *
 * `aliaudit demo` also gives the auditor the flow control of a busy account (DEMO_QUOTAS), so its scan meets some
 * Throttling and lasts about half a minute, long enough to watch.
 */

export const DEMO_ACCOUNT_ID = '1357924680135792';

import { demoSections, scannerPolicies } from '../services/index.js';

/** The auditor's keys: what `aliaudit demo` writes into a temporary profile to scan the demo world. */
export const DEMO_CREDENTIALS = Object.freeze({
  accountId: DEMO_ACCOUNT_ID,
  userName: 'auditor',
  accessKeyId: 'LTAI5tDemoAuditor7Kq2Xw9P',
  accessKeySecret: 'DemoAuditorSecretLocalOnly0001',
  region: 'cn-hangzhou',
});

const REGIONS = [
  ['cn-hangzhou', 'China (Hangzhou)'],
  ['cn-shanghai', 'China (Shanghai)'],
  ['cn-beijing', 'China (Beijing)'],
  ['ap-southeast-1', 'Singapore'],
  ['us-west-1', 'US (Silicon Valley)'],
];

/** Calls a second the auditor may make per API in `aliaudit demo`: 256 security groups take about 30 s to read. */
export const DEMO_QUOTAS = Object.freeze({ 'ecs:DescribeSecurityGroupAttribute': Object.freeze({ Qps: 9 }) });

const DEMO_WORLD = {
  Regions: REGIONS.map(([RegionId, LocalName]) => ({ RegionId, LocalName, Status: 'available', RegionEndpoint: `ecs.${RegionId}.aliyuncs.com` })),
  Accounts: [
    {
      AccountId: DEMO_ACCOUNT_ID,
      AccountAlias: 'acme-demo',
      Root: {
        AccessKeys: [{ AccessKeyId: 'LTAI5tRootLegacyKey0Q8mZ', AccessKeySecret: 'RootLegacySecretLocalOnly00001', Status: 'Active', CreateDate: '-400d', LastUsedDate: '-35d' }],
        MFA: true,
        LastLoginDate: '-20d',
      },
      PasswordPolicy: {
        MinimumPasswordLength: 8, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true,
        RequireSymbols: false, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 0, MaxLoginAttemps: 5,
      },
      SecurityPreference: {
        LoginProfilePreference: { EnableSaveMFATicket: true, AllowUserToChangePassword: true, LoginSessionDuration: 6 },
        AccessKeyPreference: { AllowUserToManageAccessKeys: true },
        MFAPreference: { AllowUserToManageMFADevices: true },
      },
      Policies: [
        {
          PolicyName: 'ops-full-access',
          Description: 'Ops needed "a few more permissions" once',
          PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          Versions: [{ PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:*', 'vpc:*'], Resource: '*' }] }, CreateDate: '-500d' }],
          CreateDate: '-500d',
          UpdateDate: '-210d',
        },
        {
          PolicyName: 'auditor-credential-report',
          Description: 'Lets the auditor generate and read the credential report',
          PolicyDocument: {
            Version: '1',
            Statement: [{
              Effect: 'Allow',
              // What IMS authorises its two actions as (AliyunRAMReadOnlyAccess's ram:Get* covers only the second).
              Action: ['ram:GenerateCredentialReport', 'ram:GetCredentialReport'],
              Resource: '*',
            }],
          },
          CreateDate: '-60d',
        },
      ],
      Groups: [
        { GroupName: 'admins', Comments: 'Cloud administrators', CreateDate: '-700d', Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }] },
        {
          GroupName: 'developers', Comments: 'Engineering', CreateDate: '-650d',
          Policies: [{ PolicyName: 'AliyunECSFullAccess', PolicyType: 'System' }, { PolicyName: 'AliyunOSSReadOnlyAccess', PolicyType: 'System' }],
        },
        { GroupName: 'ops', Comments: 'Operations', CreateDate: '-600d', Policies: [{ PolicyName: 'ops-full-access', PolicyType: 'Custom' }] },
        { GroupName: 'auditors', Comments: 'Nobody yet', CreateDate: '-90d', Policies: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }] },
      ],
      Users: [
        {
          UserName: 'admin.li', DisplayName: 'Li Na (admin)', Email: 'li.na@acme.example', CreateDate: '-700d', LastLoginDate: '-1d',
          LoginProfile: { CreateDate: '-700d', MFABindRequired: true },
          MFADevice: { ActivateDate: '-690d' },
          Groups: ['admins'],
        },
        {
          UserName: 'dev.wang', DisplayName: 'Wang Wei', Email: 'wang.wei@acme.example', CreateDate: '-300d', LastLoginDate: '-3d',
          LoginProfile: { CreateDate: '-300d', MFABindRequired: false },
          AccessKeys: [{ AccessKeyId: 'LTAI5tDevWangKey01Jq4Rb', AccessKeySecret: 'DevWangSecretLocalOnly00000001', Status: 'Active', CreateDate: '-30d', LastUsedDate: '-1d' }],
          Groups: ['developers'],
        },
        {
          UserName: 'ops.zhang', DisplayName: 'Zhang Min', Email: 'zhang.min@acme.example', CreateDate: '-600d', LastLoginDate: '-10d',
          LoginProfile: { CreateDate: '-600d', MFABindRequired: true },
          MFADevice: { ActivateDate: '-580d' },
          AccessKeys: [{ AccessKeyId: 'LTAI5tOpsZhangOld0Vn3Ys', AccessKeySecret: 'OpsZhangSecretLocalOnly0000001', Status: 'Active', CreateDate: '-400d', LastUsedDate: '-200d' }],
          Groups: ['ops'],
        },
        {
          UserName: 'intern.chen', DisplayName: 'Chen Jie (intern)', Email: 'chen.jie@acme.example', CreateDate: '-200d', LastLoginDate: '-130d',
          LoginProfile: { CreateDate: '-200d', MFABindRequired: false, PasswordResetRequired: true },
          Policies: [{ PolicyName: 'AliyunOSSFullAccess', PolicyType: 'System' }],
          Groups: ['developers'],
        },
        {
          UserName: 'ci-deploy', DisplayName: 'CI deploy', Comments: 'Used by the build pipeline', CreateDate: '-420d',
          AccessKeys: [
            { AccessKeyId: 'LTAI5tCiDeployNew2Hd8Lp', AccessKeySecret: 'CiDeploySecretLocalOnly0000002', Status: 'Active', CreateDate: '-20d', LastUsedDate: '-0d' },
            { AccessKeyId: 'LTAI5tCiDeployOld1Tz6Wc', AccessKeySecret: 'CiDeploySecretLocalOnly0000001', Status: 'Inactive', CreateDate: '-95d', LastUsedDate: '-21d' },
          ],
          Policies: [{ PolicyName: 'AliyunECSFullAccess', PolicyType: 'System' }],
        },
        {
          UserName: DEMO_CREDENTIALS.userName, DisplayName: 'Security auditor (aliaudit demo)', CreateDate: '-60d',
          AccessKeys: [{ AccessKeyId: DEMO_CREDENTIALS.accessKeyId, AccessKeySecret: DEMO_CREDENTIALS.accessKeySecret, Status: 'Active', CreateDate: '-60d', LastUsedDate: '-1d' }],
          // Each scanned service's read-only system policy (AliyunRAMReadOnlyAccess, AliyunECSReadOnlyAccess, …).
          Policies: [...scannerPolicies(), { PolicyName: 'auditor-credential-report', PolicyType: 'Custom' }],
        },
      ],
      Roles: [
        {
          RoleName: 'EcsMonitorRole', Description: 'Lets the monitoring agent on ECS read metrics', CreateDate: '-365d',
          AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'] } }] },
          Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }],
        },
        {
          RoleName: 'PartnerSupportRole', Description: 'For the support partner; nobody remembers who asked for admin', CreateDate: '-480d', MaxSessionDuration: 43200,
          AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::5012345678901234:root'] } }] },
          Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }],
        },
      ],
      // Every service's share of the story (ECS's below roles: services/ecs/demo.ts), from its own module.
      ...demoSections(DEMO_ACCOUNT_ID),
    },
  ],
};

/** The demo world's JSON, a fresh copy each time, to load with loadWorld like any world file. */
export function demoWorld(): Record<string, unknown> {
  return structuredClone(DEMO_WORLD);
}
