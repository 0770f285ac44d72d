import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import type { Finding } from '../../src/scan/model.js';
import { STATIC_REGIONS } from '../../src/scan/engine.js';
import { scanOf, statusOf } from './scan-helpers.js';
import { FILLER_GROUPS, FILLER_USERS, OTHER_REGION, RAM_ONLY, REGION, writeScanWorld } from './world.js';

let emulator: RunningEmulator;
let findings: Finding[];
let events: Awaited<ReturnType<typeof scanOf>>['events'];
let info: Awaited<ReturnType<typeof scanOf>>['info'];

beforeAll(async () => {
  emulator = await startTestEmulator(writeScanWorld());
  ({ findings, events, info } = await scanOf(emulator.url));
}, 60_000);
afterAll(() => emulator?.stop());

const status = (check: string, resource: string) => statusOf(findings, check, resource);

describe('a scan of a world with a known answer for every check', () => {
  it('root: signed in 3 days ago, an active access key and no MFA', () => {
    expect(status('ram_root_account_unused', '<root>')).toBe('FAIL');
    expect(findings.find((f) => f.checkId === 'ram_root_account_unused')).toMatchObject({
      statusExtended: expect.stringMatching(/^the root account signed in to the console 3 days ago \(\d{4}-\d\d-\d\d\), within the last 90 days$/),
      compliance: { 'CIS-2.0': ['1.1'] },
    });
    expect(status('ram_no_root_access_key', '<root>')).toBe('FAIL');
    expect(status('ram_root_mfa_enabled', '<root>')).toBe('FAIL');
  });

  it('the password policy, rule by rule', () => {
    expect(Object.fromEntries(findings.filter((f) => f.resource.type === 'password-policy').map((f) => [f.checkId, f.status]))).toEqual({
      ram_password_policy_uppercase: 'PASS',
      ram_password_policy_lowercase: 'FAIL',
      ram_password_policy_symbol: 'PASS',
      ram_password_policy_number: 'FAIL',
      ram_password_policy_minimum_length: 'FAIL',
      ram_password_policy_password_reuse_prevention: 'FAIL',
      ram_password_policy_max_password_age: 'FAIL',
      ram_password_policy_max_login_attempts: 'PASS',
    });
  });

  it('console users: MFA, and sign-ins unused past 90 days (exactly 90 passes)', () => {
    expect(status('ram_user_mfa_enabled_console_access', 'console-mfa')).toBe('PASS');
    expect(status('ram_user_mfa_enabled_console_access', 'console-nomfa')).toBe('FAIL');
    expect(status('ram_user_mfa_enabled_console_access', 'key-old')).toBeUndefined();
    expect(status('ram_user_console_access_unused', 'console-mfa')).toBe('PASS');
    expect(status('ram_user_console_access_unused', 'console-90')).toBe('PASS');
    expect(status('ram_user_console_access_unused', 'console-nomfa')).toBe('FAIL');
    expect(status('ram_user_console_access_unused', 'console-never')).toBe('FAIL');
    expect(findings.find((f) => f.checkId === 'ram_user_console_access_unused' && f.resource.name === 'console-never')?.statusExtended).toContain('never');
  });

  it('access keys, each by its id: older than 90 days fails, exactly 90 passes, an inactive key is not judged', () => {
    expect(findings.find((f) => f.checkId === 'ram_rotate_access_key_90_days' && f.resource.name === 'LTAIkeyold0001')).toMatchObject({
      status: 'FAIL',
      statusExtended: 'access key LTAIkeyold0001 of key-old is 120 days old (limit 90)',
      remediationCli: 'aliyun ram UpdateAccessKey --UserName key-old --UserAccessKeyId LTAIkeyold0001 --Status Inactive',
      resource: { uid: 'acs:ram::1111222233334444:user/key-old/accesskey/LTAIkeyold0001', type: 'access-key' },
    });
    expect(status('ram_rotate_access_key_90_days', 'LTAIkey900001')).toBe('PASS');
    expect(status('ram_rotate_access_key_90_days', 'LTAIkeyinact01')).toBeUndefined();
    // The report has no key ids: only the users it shows with a key at (or a day from) the limit are asked for them.
    const asked = events.filter((e) => e.type === 'call' && e.api === 'ram:ListAccessKeys');
    expect(asked).toHaveLength(2);
  });

  it('users past the first page are checked too', () => {
    const users = new Set(findings.filter((f) => f.checkId === 'ram_policy_attached_only_to_group_or_roles').map((f) => f.resource.name));
    expect(users.size).toBe(FILLER_USERS + 10);
    expect(users.has(`filler-${String(FILLER_USERS - 1).padStart(4, '0')}`)).toBe(true);
    expect(status('ram_policy_attached_only_to_group_or_roles', 'direct')).toBe('FAIL');
    expect(status('ram_policy_attached_only_to_group_or_roles', 'ram-only')).toBe('FAIL');
    expect(status('ram_policy_attached_only_to_group_or_roles', 'auditor')).toBe('PASS');
  });

  it('custom policies granting * or *:* fail when attached; unattached ones are not judged', () => {
    expect(status('ram_policy_no_administrative_privileges', 'admin-star')).toBe('FAIL');
    expect(status('ram_policy_no_administrative_privileges', 'admin-starstar')).toBe('FAIL');
    expect(status('ram_policy_no_administrative_privileges', 'narrow')).toBe('PASS');
    expect(status('ram_policy_no_administrative_privileges', 'unattached-admin')).toBeUndefined();
  });

  it('security groups: priority, Drop on ties, IPv6, every port, and rules past the first page', () => {
    expect(status('ecs_securitygroup_restrict_ssh_internet', 'ssh-open')).toBe('FAIL');
    expect(status('ecs_securitygroup_restrict_ssh_internet', 'ssh-dropped')).toBe('PASS');
    expect(status('ecs_securitygroup_restrict_ssh_internet', 'tie')).toBe('PASS');
    expect(status('ecs_securitygroup_restrict_rdp_internet', 'rdp-v6')).toBe('FAIL');
    expect(status('ecs_securitygroup_restrict_all_ports_internet', 'all')).toBe('FAIL');
    expect(status('ecs_securitygroup_restrict_all_ports_internet', 'ssh-open')).toBe('PASS');
    expect(status('ecs_securitygroup_restrict_mysql_internet', 'mysql')).toBe('FAIL');
    expect(status('ecs_securitygroup_restrict_redis_internet', 'many')).toBe('FAIL');
    const ssh = findings.find((f) => f.checkId === 'ecs_securitygroup_restrict_ssh_internet' && f.resource.name === 'ssh-open')!;
    expect(ssh.statusExtended).toBe('sg-ssh-open opens tcp 22 (IPv4) by rule sgr-ssh-open (priority 1, Accept, 0.0.0.0/0, 22/22) of sg-ssh-open');
    expect(ssh.remediationCli).toBe(`aliyun ecs RevokeSecurityGroup --RegionId ${REGION} --SecurityGroupId sg-ssh-open --SecurityGroupRuleId.1 sgr-ssh-open`);
  });

  it('groups past the first page of security groups are checked too', () => {
    const groups = new Set(findings.filter((f) => f.checkId === 'ecs_securitygroup_restrict_ssh_internet').map((f) => f.resource.name));
    expect(groups.size).toBe(10 + FILLER_GROUPS);
  });

  it('instances: exposure merges every group; no public address, nothing exposed; classic network', () => {
    expect(status('ecs_instance_exposed_to_internet', 'web')).toBe('FAIL');
    const web = findings.find((f) => f.checkId === 'ecs_instance_exposed_to_internet' && f.resource.name === 'web')!;
    expect(web.statusExtended).toMatch(/exposes tcp 80 \(IPv4\) by rule \S+ \(priority 20, Accept, 0\.0\.0\.0\/0, 80\/80\) of sg-web80$/);
    expect(status('ecs_instance_exposed_to_internet', 'two-groups')).toBe('PASS');
    expect(status('ecs_instance_exposed_to_internet', 'private')).toBe('PASS');
    expect(status('ecs_instance_no_legacy_network', 'classic')).toBe('FAIL');
    expect(status('ecs_instance_no_legacy_network', 'web')).toBe('PASS');
  });

  it('disks: attached and unattached, encrypted or not', () => {
    expect(status('ecs_attached_disk_encrypted', 'd-attached-enc')).toBe('PASS');
    expect(status('ecs_attached_disk_encrypted', 'd-attached-plain')).toBe('FAIL');
    expect(status('ecs_unattached_disk_encrypted', 'd-loose-enc')).toBe('PASS');
    expect(status('ecs_unattached_disk_encrypted', 'd-loose-plain')).toBe('FAIL');
    expect(status('ecs_unattached_disk_encrypted', 'd-attached-plain')).toBeUndefined();
  });

  it('every region started and finished; the scan is complete; findings carry ids, compliance and uids', () => {
    const finished = events.filter((e) => e.type === 'region-finished');
    expect(finished.map((e) => (e as { region: string }).region).sort()).toEqual(['global', OTHER_REGION, REGION].sort());
    expect(finished.every((e) => (e as { state: string }).state === 'done')).toBe(true);
    expect(info.complete).toBe(true);
    const mfa = findings.find((f) => f.checkId === 'ram_user_mfa_enabled_console_access' && f.resource.name === 'console-nomfa')!;
    expect(mfa).toMatchObject({
      uid: `aliaudit-alibabacloud-ram_user_mfa_enabled_console_access-1111222233334444-global-console-nomfa`,
      compliance: { 'CIS-2.0': ['1.4'] },
      resource: { uid: 'acs:ram::1111222233334444:user/console-nomfa', type: 'user' },
      severity: 'high',
    });
    expect(new Set(findings.map((f) => f.uid)).size).toBe(findings.length);
  });
});

describe('a scanner denied a service', () => {
  it('gets MANUAL findings naming the permission, per region, and the region is marked denied; RAM still works', async () => {
    const denied = await scanOf(emulator.url, { keys: RAM_ONLY });
    // DescribeRegions refused: said once, with what is scanned instead.
    expect(denied.warnings).toEqual([`missing permission ecs:DescribeRegions in ${REGION}: using aliaudit's built-in list of ${STATIC_REGIONS.length} regions, which may hold regions this account cannot use`]);
    const ecs = denied.findings.filter((f) => f.service === 'ecs');
    expect(ecs.length).toBeGreaterThan(0);
    expect(ecs.every((f) => f.status === 'MANUAL')).toBe(true);
    expect(ecs.map((f) => f.statusExtended)).toContain(`could not list security groups: missing permission ecs:DescribeSecurityGroups in ${REGION}`);
    expect(denied.events.filter((e) => e.type === 'region-finished' && e.region === REGION)).toMatchObject([{ state: 'denied' }]);
    // No IMS permission either: root questions are MANUAL, user facts come from per-user calls instead.
    expect(statusOf(denied.findings, 'ram_root_mfa_enabled', '<root>')).toBe('MANUAL');
    expect(denied.findings.find((f) => f.checkId === 'ram_root_mfa_enabled')?.statusExtended).toBe('missing permission ram:GenerateCredentialReport');
    expect(statusOf(denied.findings, 'ram_user_mfa_enabled_console_access', 'console-nomfa')).toBe('FAIL');
    expect(statusOf(denied.findings, 'ram_rotate_access_key_90_days', 'LTAIkeyold0001')).toBe('FAIL');
    expect(statusOf(denied.findings, 'ram_root_account_unused', '<root>')).toBe('MANUAL');
    // A region where every call was refused was not scanned at all: the scan is incomplete there. The global part,
    // refused IMS but read through RAM, is not: its MANUAL findings name the permission, and that is all.
    expect(denied.info.complete).toBe(false);
    const scopes = denied.info.incompleteScopes;
    // (DescribeRegions refused too, so the static list is scanned: the regions this world lacks fail.)
    // Each service is its own scope: every regional one refused in both regions, and the global ones this scanner
    // may not read at all (ActionTrail, Security Center), while RAM, read in part, is not incomplete.
    expect(scopes.filter((scope) => scope.state === 'denied').map((scope) => [scope.region, scope.service]).sort()).toEqual([
      [OTHER_REGION, 'ecs'],
      [OTHER_REGION, 'rds'],
      [OTHER_REGION, 'vpc'],
      [REGION, 'ecs'],
      [REGION, 'rds'],
      [REGION, 'vpc'],
      ['global', 'actiontrail'],
      ['global', 'securitycenter'],
    ]);
    expect(scopes.some((scope) => scope.region === 'global' && scope.service === 'ram')).toBe(false);
    const here = scopes.find((scope) => scope.region === REGION && scope.service === 'ecs')!;
    // The region is said beside its reason, never in it, so the summary can group the regions refused the same.
    expect(here.reason).toMatch(/^nothing could be checked: missing permissions ecs:Describe\w+, ecs:Describe\w+, ecs:Describe\w+$/);
    expect(scopes.find((scope) => scope.region === OTHER_REGION && scope.service === 'ecs')!.reason).toBe(here.reason);
    for (const action of ['ecs:DescribeSecurityGroups', 'ecs:DescribeInstances', 'ecs:DescribeDisks']) expect(here.reason).toContain(action);
    expect(denied.info.incompleteReasons).toContain(`${REGION}: ${here.reason}`);
    // The region's own reason (the dashboard's, the plain lines') names every permission refused, whole.
    // (of every service there, each named once and whole).
    expect(denied.events.find((e) => e.type === 'region-finished' && e.region === REGION)).toMatchObject({
      reason: 'missing permissions ecs:DescribeDisks, ecs:DescribeInstances, ecs:DescribeSecurityGroups, rds:DescribeDBInstances, vpc:DescribeVpcs',
    });
  }, 60_000);
});
