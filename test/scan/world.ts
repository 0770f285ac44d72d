import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A world with a known answer for every check, edges included: users and security groups past the first page, rules
 * past the first page, IPv6, priority and Drop ties, keys and logons exactly at 90 days, `*` and `*:*`, an instance
 * behind two groups.
 */
export const ACCOUNT = '1111222233334444';
export const AUDITOR = { id: 'LTAIauditor0001', secret: 'auditor-secret-0001-not-real' };
export const RAM_ONLY = { id: 'LTAIramonly0001', secret: 'ramonly-secret-0001-not-real' };
export const REGION = 'cn-hangzhou';
export const OTHER_REGION = 'cn-beijing';
export const FILLER_USERS = 1100;
export const FILLER_GROUPS = 130;

const key = (id: string, created: string, status = 'Active', secret = `${id}-secret`) => ({ AccessKeyId: id, AccessKeySecret: secret, Status: status, CreateDate: created });

const ingress = (fields: Record<string, string>) => ({
  Direction: 'ingress',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '0.0.0.0/0',
  Policy: 'Accept',
  Priority: '1',
  ...fields,
});

function securityGroups() {
  const groups = [
    { SecurityGroupId: 'sg-ssh-open', SecurityGroupName: 'ssh-open', VpcId: 'vpc-1', Permissions: [ingress({ SecurityGroupRuleId: 'sgr-ssh-open' })] },
    {
      SecurityGroupId: 'sg-ssh-dropped',
      SecurityGroupName: 'ssh-dropped',
      VpcId: 'vpc-1',
      Permissions: [ingress({ Priority: '10' }), ingress({ Policy: 'Drop', Priority: '5' })],
    },
    { SecurityGroupId: 'sg-tie', SecurityGroupName: 'tie', VpcId: 'vpc-1', Permissions: [ingress({ Priority: '5' }), ingress({ Policy: 'drop', Priority: '5' })] },
    {
      SecurityGroupId: 'sg-rdp-v6',
      SecurityGroupName: 'rdp-v6',
      VpcId: 'vpc-1',
      Permissions: [ingress({ PortRange: '3389/3389', SourceCidrIp: '', Ipv6SourceCidrIp: '::/0', SecurityGroupRuleId: 'sgr-rdp-v6' })],
    },
    { SecurityGroupId: 'sg-all', SecurityGroupName: 'all', VpcId: 'vpc-1', Permissions: [ingress({ IpProtocol: 'ALL', PortRange: '-1/-1', SecurityGroupRuleId: 'sgr-all' })] },
    { SecurityGroupId: 'sg-mysql', SecurityGroupName: 'mysql', VpcId: 'vpc-1', Permissions: [ingress({ PortRange: '3306/3306', Policy: 'ACCEPT' })] },
    // 1,200 rules: the one that opens Redis is on the second page.
    {
      SecurityGroupId: 'sg-many',
      SecurityGroupName: 'many',
      VpcId: 'vpc-1',
      Permissions: Array.from({ length: 1200 }, (_, i) =>
        i === 1150
          ? ingress({ PortRange: '6379/6379', SecurityGroupRuleId: 'sgr-redis-late' })
          : ingress({ PortRange: `${10000 + i}/${10000 + i}`, SourceCidrIp: '10.0.0.0/8' }),
      ),
    },
    { SecurityGroupId: 'sg-web80', SecurityGroupName: 'web80', VpcId: 'vpc-1', Permissions: [ingress({ PortRange: '80/80', Priority: '20' })] },
    { SecurityGroupId: 'sg-open22-late', SecurityGroupName: 'open22-late', VpcId: 'vpc-1', Permissions: [ingress({ Priority: '20' })] },
    {
      SecurityGroupId: 'sg-lockdown',
      SecurityGroupName: 'lockdown',
      VpcId: 'vpc-1',
      Permissions: [ingress({ IpProtocol: 'ALL', PortRange: '-1/-1', Policy: 'Drop', Priority: '1' })],
    },
  ];
  for (let i = 0; i < FILLER_GROUPS; i++) {
    groups.push({ SecurityGroupId: `sg-filler-${i}`, SecurityGroupName: `filler-${i}`, VpcId: 'vpc-1', Permissions: [ingress({ SourceCidrIp: '10.1.0.0/16' })] });
  }
  return groups;
}

export function scanWorld(options: { quotas?: Record<string, { Qps: number }> } = {}) {
  const users: Record<string, unknown>[] = [
    { UserName: 'auditor', CreateDate: '-400d', AccessKeys: [key(AUDITOR.id, '-10d', 'Active', AUDITOR.secret)], Groups: ['auditors'] },
    { UserName: 'ram-only', CreateDate: '-400d', AccessKeys: [key(RAM_ONLY.id, '-10d', 'Active', RAM_ONLY.secret)], Policies: [{ PolicyName: 'ram-list-only', PolicyType: 'Custom' }] },
    {
      UserName: 'console-mfa',
      CreateDate: '-400d',
      LastLoginDate: '-10d',
      LoginProfile: { CreateDate: '-400d' },
      MFADevice: { SerialNumber: `acs:ram::${ACCOUNT}:mfa/console-mfa`, ActivateDate: '-300d' },
      Groups: ['auditors'],
    },
    { UserName: 'console-nomfa', CreateDate: '-400d', LastLoginDate: '-100d', LoginProfile: { CreateDate: '-400d' } },
    { UserName: 'console-never', CreateDate: '-400d', LoginProfile: { CreateDate: '-400d' } },
    {
      UserName: 'console-90',
      CreateDate: '-400d',
      LastLoginDate: '-90d',
      LoginProfile: { CreateDate: '-400d' },
      MFADevice: { SerialNumber: `acs:ram::${ACCOUNT}:mfa/console-90`, ActivateDate: '-300d' },
    },
    { UserName: 'key-old', CreateDate: '-400d', AccessKeys: [key('LTAIkeyold0001', '-120d')] },
    { UserName: 'key-90', CreateDate: '-400d', AccessKeys: [key('LTAIkey900001', '-90d')] },
    { UserName: 'key-inactive-old', CreateDate: '-400d', AccessKeys: [key('LTAIkeyinact01', '-200d', 'Inactive')] },
    { UserName: 'direct', CreateDate: '-400d', Policies: [{ PolicyName: 'admin-starstar', PolicyType: 'Custom' }] },
  ];
  for (let i = 0; i < FILLER_USERS; i++) users.push({ UserName: `filler-${String(i).padStart(4, '0')}`, CreateDate: '-30d' });
  const ecsRegion = {
    Instances: [
      { InstanceId: 'i-web', InstanceName: 'web', InstanceNetworkType: 'vpc', VpcId: 'vpc-1', SecurityGroupIds: ['sg-ssh-dropped', 'sg-web80'], PublicIpAddress: ['47.96.0.1'] },
      { InstanceId: 'i-two-groups', InstanceName: 'two-groups', InstanceNetworkType: 'vpc', VpcId: 'vpc-1', SecurityGroupIds: ['sg-open22-late', 'sg-lockdown'], PublicIpAddress: ['47.96.0.2'] },
      { InstanceId: 'i-private', InstanceName: 'private', InstanceNetworkType: 'vpc', VpcId: 'vpc-1', SecurityGroupIds: ['sg-ssh-open'] },
      { InstanceId: 'i-classic', InstanceName: 'classic', InstanceNetworkType: 'classic', SecurityGroupIds: ['sg-tie'] },
    ],
    SecurityGroups: securityGroups(),
    Disks: [
      { DiskId: 'd-attached-enc', InstanceId: 'i-web', Status: 'In_use', Category: 'cloud_essd', Size: 40, Encrypted: true },
      { DiskId: 'd-attached-plain', InstanceId: 'i-web', Status: 'In_use', Category: 'cloud_essd', Size: 40, Encrypted: false },
      { DiskId: 'd-loose-enc', Status: 'Available', Category: 'cloud_essd', Size: 20, Encrypted: true },
      { DiskId: 'd-loose-plain', Status: 'Available', Category: 'cloud_essd', Size: 20, Encrypted: false },
    ],
  };
  return {
    Regions: [
      { RegionId: REGION, LocalName: 'China (Hangzhou)', Status: 'available' },
      { RegionId: OTHER_REGION, LocalName: 'China (Beijing)', Status: 'available' },
    ],
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { AccessKeys: [key('LTAIroot9999', '-800d')], MFA: false, LastLoginDate: '-3d' },
        PasswordPolicy: {
          MinimumPasswordLength: 8,
          RequireLowercaseCharacters: false,
          RequireUppercaseCharacters: true,
          RequireNumbers: false,
          RequireSymbols: true,
          HardExpiry: false,
          MaxPasswordAge: 90,
          PasswordReusePrevention: 3,
          MaxLoginAttemps: 5,
        },
        Users: users,
        Groups: [
          {
            GroupName: 'auditors',
            Policies: [
              { PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System' },
              { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' },
              { PolicyName: 'ims-report', PolicyType: 'Custom' },
              { PolicyName: 'admin-star', PolicyType: 'Custom' },
              { PolicyName: 'narrow', PolicyType: 'Custom' },
            ],
          },
        ],
        Policies: [
          { PolicyName: 'admin-star', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
          {
            PolicyName: 'admin-starstar',
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'ram:*', Resource: '*' }, { Effect: 'Allow', Action: ['ecs:*', '*:*'], Resource: ['*'] }] },
          },
          { PolicyName: 'ram-list-only', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['ram:Get*', 'ram:List*'], Resource: '*' }] } },
          { PolicyName: 'narrow', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*' }] } },
          { PolicyName: 'unattached-admin', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
          {
            PolicyName: 'ims-report',
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['ims:GenerateCredentialReport', 'ims:GetCredentialReport', 'ram:GenerateCredentialReport', 'ram:GetCredentialReport'], Resource: '*' }] },
          },
        ],
        Ecs: { [REGION]: ecsRegion, [OTHER_REGION]: { Instances: [], SecurityGroups: [], Disks: [] } },
      },
    ],
    ...(options.quotas ? { Quotas: options.quotas } : {}),
  };
}

export function writeScanWorld(options: Parameters<typeof scanWorld>[0] = {}): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aliaudit-scan-world-')), 'world.json');
  writeFileSync(path, JSON.stringify(scanWorld(options)));
  return path;
}
