import type { CheckMetadata, Finding, ScanInfo, Severity, Status } from '../../../src/scan/model.js';
import { CIS_LABEL, SEVERITIES } from '../../../src/scan/model.js';
import type { ScanReport } from '../../../src/scan/outputs/index.js';

export const ACCOUNT = '1234567890123456';

export const HOSTILE_NAME =
  'evil"; name, with "quotes";\r\nsecond line </script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> ' +
  '<!-- é 中文 😀 \u2028 end';
/** The name as CSV and HTML show it: the line separator made visible, the rest as it is. */
export const HOSTILE_NAME_SHOWN = HOSTILE_NAME.replace('\u2028', '<U+2028>');

export const info: ScanInfo = {
  scanId: '5f1c2a9e-8a51-4f7e-9d0e-3c1b2a4d5e6f',
  tool: { name: 'aliaudit', version: '0.1.0' },
  accountUid: ACCOUNT,
  accountName: 'acme-prod',
  identityArn: 'acs:ram::1234567890123456:user/auditor',
  authMethod: 'profile ops (AK)',
  regions: ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
  startedAt: '2026-11-29T10:15:30.123Z',
  finishedAt: '2026-11-29T10:17:02.456Z',
  complete: true,
  incompleteReasons: [],
  incompleteScopes: [],
};

export const incompleteInfo: ScanInfo = {
  ...info,
  complete: false,
  incompleteReasons: ['region ap-southeast-1 timed out after 120 s', 'interrupted (Ctrl-C) <b>before</b> ECS disks'],
  incompleteScopes: [
    { region: 'ap-southeast-1', service: 'ecs', state: 'timed out', reason: 'no answer within 120 s' },
    { region: 'cn-shanghai', service: 'ecs', state: 'interrupted', reason: 'interrupted (Ctrl-C) <b>before</b> ECS disks' },
  ],
};

function check(
  id: string,
  severity: Severity,
  service: string,
  resourceType: string,
  cis: string[],
  extra: Partial<CheckMetadata> = {},
): CheckMetadata {
  return {
    id,
    title: `Title of ${id}`,
    severity,
    service,
    resourceType,
    cis,
    description: `Description of ${id}; it has a semicolon and "quotes".`,
    risk: `Risk of ${id}.`,
    remediation: { text: `Fix ${id}.`, url: `https://www.alibabacloud.com/help/en/${id}` },
    categories: service === 'ram' ? ['identity-access'] : ['internet-exposed', 'trustboundaries'],
    ...extra,
  };
}

export const CHECKS: CheckMetadata[] = [
  check('ecs_securitygroup_restrict_rdp_internet', 'critical', 'ecs', 'securitygroup', ['4.4']),
  check('ram_user_mfa_enabled_console_access', 'high', 'ram', 'user', ['1.4']),
  check('ram_password_policy_minimum_length_14', 'medium', 'ram', 'password-policy', ['1.11']),
  check('ecs_instance_latest_os_patches_applied', 'informational', 'ecs', 'instance', ['4.5']),
  check('ecs_disk_encryption_enabled', 'medium', 'ecs', 'disk', ['4.1', '4.2']),
  check('ecs_securitygroup_restrict_ssh_internet', 'high', 'ecs', 'securitygroup', ['3.2', '4.3']),
  check('ram_policy_attached_only_to_group_or_roles', 'low', 'ram', 'policy', ['1.16']),
];
/** A check id the report's metadata does not know: outputs fall back to what the finding carries. */
export const UNKNOWN_CHECK = 'ram_user_console_access_unused';

export function checkMap(checks: readonly CheckMetadata[] = CHECKS): Map<string, CheckMetadata> {
  return new Map(checks.map((c) => [c.id, c]));
}

function arn(service: string, region: string, type: string, id: string): string {
  return `acs:${service}:${region === 'global' ? '' : region}:${ACCOUNT}:${type}/${id}`;
}

interface Spec {
  checkId: string;
  status: Status;
  muted: boolean;
  severity: Severity;
  service: string;
  region: string;
  type: string;
  id: string;
  name?: string;
  tags?: Record<string, string>;
  details?: string;
  cli?: string;
  cis?: string[];
}

export function finding(spec: Spec, index = 0): Finding {
  const name = spec.name ?? spec.id;
  return {
    uid: `aliaudit-alibabacloud-${spec.checkId}-${ACCOUNT}-${spec.region}-${spec.id}`,
    checkId: spec.checkId,
    status: spec.status,
    statusExtended: `${spec.status} for ${name} (#${index}).`,
    muted: spec.muted,
    severity: spec.severity,
    service: spec.service,
    accountUid: ACCOUNT,
    accountName: 'acme-prod',
    region: spec.region,
    resource: {
      uid: arn(spec.service, spec.region, spec.type, spec.id),
      name,
      type: spec.type,
      ...(spec.details ? { details: spec.details } : {}),
      ...(spec.tags ? { tags: spec.tags } : {}),
    },
    ...(spec.cli ? { remediationCli: spec.cli } : {}),
    compliance: { [CIS_LABEL]: spec.cis ?? ['1.4'] },
    timestamp: '2026-11-29T10:16:00.000Z',
  };
}

/** Every status muted and not, every severity, a hostile resource name, and a check the metadata lacks. */
/** A report whose findings are an array, so tests can pick findings out of it. */
export type ArrayReport = ScanReport & { findings: Finding[] };

export function handMadeFindings(): Finding[] {
  const specs: Spec[] = [
    {
      checkId: 'ecs_securitygroup_restrict_rdp_internet', status: 'FAIL', muted: false, severity: 'critical', service: 'ecs',
      region: 'cn-hangzhou', type: 'securitygroup', id: 'sg-hostile', name: HOSTILE_NAME,
      tags: { env: 'prod;dev', owner: 'a"b', note: 'line1\nline2' }, details: 'Rule 3389/tcp from 0.0.0.0/0;\nsecond line',
      cli: 'aliyun ecs RevokeSecurityGroup --RegionId cn-hangzhou --SecurityGroupId sg-hostile --PortRange 3389/3389',
      cis: ['4.4'],
    },
    {
      checkId: 'ram_user_mfa_enabled_console_access', status: 'FAIL', muted: true, severity: 'high', service: 'ram',
      region: 'global', type: 'user', id: 'breakglass', cis: ['1.4'],
    },
    {
      checkId: 'ram_password_policy_minimum_length_14', status: 'PASS', muted: false, severity: 'medium', service: 'ram',
      region: 'global', type: 'password-policy', id: 'password-policy', cis: ['1.11'],
    },
    {
      checkId: 'ecs_instance_latest_os_patches_applied', status: 'MANUAL', muted: false, severity: 'informational',
      service: 'ecs', region: 'cn-shanghai', type: 'instance', id: 'i-bp1manual', cis: ['4.5'],
    },
    {
      checkId: UNKNOWN_CHECK, status: 'FAIL', muted: false, severity: 'low', service: 'ram', region: 'global', type: 'user',
      id: 'alice', cis: ['1.5'],
    },
    {
      checkId: 'ecs_securitygroup_restrict_rdp_internet', status: 'PASS', muted: true, severity: 'critical', service: 'ecs',
      region: 'cn-shanghai', type: 'securitygroup', id: 'sg-quiet', cis: ['4.4'],
    },
    {
      checkId: 'ecs_disk_encryption_enabled', status: 'FAIL', muted: false, severity: 'medium', service: 'ecs',
      region: 'cn-shanghai', type: 'disk', id: 'd-unencrypted', cis: ['4.1', '4.2'],
      cli: 'aliyun ecs ModifyDiskAttribute --DiskId d-unencrypted',
    },
    {
      checkId: 'ecs_instance_latest_os_patches_applied', status: 'MANUAL', muted: true, severity: 'informational',
      service: 'ecs', region: 'ap-southeast-1', type: 'instance', id: 'i-t4muted', cis: ['4.5'],
    },
    {
      checkId: 'ram_user_mfa_enabled_console_access', status: 'FAIL', muted: false, severity: 'high', service: 'ram',
      region: 'global', type: 'user', id: 'bob', cis: ['1.4'],
    },
  ];
  return specs.map((spec, index) => finding(spec, index));
}

export function handMadeReport(scan: ScanInfo = info): ArrayReport {
  return { info: scan, findings: handMadeFindings(), checks: checkMap() };
}

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-hongkong', 'ap-southeast-1', 'eu-central-1', 'us-west-1'];

/**
 * N findings shaped like a big scan: every check over the same N/7 resources (so each resource appears in several
 * findings, each finding uid once), about half FAIL, a tenth muted, every status detail different.
 */
export function generateFindings(n: number): Finding[] {
  const findings: Finding[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = CHECKS[i % CHECKS.length];
    const r = Math.floor(i / CHECKS.length);
    const region = c.service === 'ram' ? 'global' : REGIONS[r % REGIONS.length];
    const roll = (i * 2654435761) % 100;
    const status: Status = roll < 48 ? 'FAIL' : roll < 90 ? 'PASS' : 'MANUAL';
    const id = `${c.resourceType}-${r.toString(36).padStart(6, '0')}`;
    findings[i] = finding(
      {
        checkId: c.id,
        status,
        muted: i % 10 === 3,
        severity: c.severity,
        service: c.service,
        region,
        type: c.resourceType,
        id,
        name: `${c.service === 'ram' ? 'user' : 'res'}-${r}`,
        tags: r % 3 === 0 ? { env: r % 2 ? 'prod' : 'dev', team: `t${r % 17}` } : undefined,
        cis: c.cis,
      },
      i,
    );
    findings[i].statusExtended = `${c.title}: ${status} for ${findings[i].resource.name} in ${region}, finding ${i} of ${n}.`;
  }
  return findings;
}

export function generatedReport(n: number, scan: ScanInfo = info): ArrayReport {
  return { info: scan, findings: generateFindings(n), checks: checkMap() };
}

export { SEVERITIES };
