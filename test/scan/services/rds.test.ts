import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fact, type Missing } from '../../../src/scan/checks/check.js';
import { ALL_CHECKS } from '../../../src/scan/checks/index.js';
import type { Finding } from '../../../src/scan/model.js';
import {
  auditCheck,
  auditRetentionCheck,
  type AuditSubject,
  type DbInstance,
  isWorld,
  logConnectionsCheck,
  logDisconnectionsCheck,
  logDurationCheck,
  type ParametersSubject,
  sslCheck,
  type SslSubject,
  tdeCheck,
  tdeKeyCheck,
  type TdeSubject,
  whitelistCheck,
  type WhitelistSubject,
} from '../../../src/scan/services/rds/checks.js';
import { rdsService } from '../../../src/scan/services/rds/index.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.js';
import { loadWorld } from '../../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../../src/emulator/worlds/demo.js';
import { scanOf, missingOf } from '../scan-helpers.js';
import { ACCOUNT, AUDITOR, OTHER_REGION, REGION } from '../world.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const denied = (action: string): Missing => ({ action: `rds:${action}`, region: REGION, reason: 'denied', detail: 'Forbidden.RAM' });
const mysql: DbInstance = { DBInstanceId: 'rm-shop', DBInstanceDescription: 'shop', Engine: 'MySQL', EngineVersion: '8.0', DBInstanceNetType: 'Internet', ConnectionString: 'rm-shop.mysql.rds.aliyuncs.com' };
const postgres: DbInstance = { DBInstanceId: 'pgm-bi', DBInstanceDescription: 'bi', Engine: 'PostgreSQL', EngineVersion: '15.0' };
const sqlserver: DbInstance = { DBInstanceId: 'rm-mssql', Engine: 'SQLServer' };
const mariadb: DbInstance = { DBInstanceId: 'rm-maria', Engine: 'MariaDB' };
const on = (instance: DbInstance) => ({ accountUid: ACCOUNT, region: REGION, instance });
const value = <T>(v: T): Fact<T> => ({ value: v });

describe('rds_instance_no_public_access_whitelist', () => {
  const subject = (...arrays: { DBInstanceIPArrayName: string; SecurityIPList: string; DBInstanceIPArrayAttribute?: string }[]): WhitelistSubject => ({ ...on(mysql), ipArrays: value(arrays) });
  const evaluate = (s: WhitelistSubject) => whitelistCheck.evaluate(s, NOW)!;

  it.each([
    ['a private default whitelist', [{ DBInstanceIPArrayName: 'rds_default', SecurityIPList: '10.0.0.0/8,192.168.1.0/24' }], 'PASS', 'no whitelist of rm-shop (shop) (1 read) lets in every address'],
    ['the world in a second, non-default whitelist', [{ DBInstanceIPArrayName: 'rds_default', SecurityIPList: '10.0.0.0/8' }, { DBInstanceIPArrayName: 'public_app', SecurityIPList: '47.96.1.2,0.0.0.0/0' }], 'FAIL', 'rm-shop (shop) lets in every address through whitelist public_app (0.0.0.0/0), and it has a public endpoint'],
    ['0.0.0.0 alone, which RDS reads as everything', [{ DBInstanceIPArrayName: 'legacy', SecurityIPList: '0.0.0.0' }], 'FAIL', 'whitelist legacy (0.0.0.0)'],
    ['::/0 in an IPv6 whitelist', [{ DBInstanceIPArrayName: 'v6', SecurityIPList: '2001:db8::/32, ::/0' }], 'FAIL', 'whitelist v6 (::/0)'],
    ['a hidden whitelist open to the world', [{ DBInstanceIPArrayName: 'ali_dms_group', DBInstanceIPArrayAttribute: 'hidden', SecurityIPList: '0.0.0.0/0' }], 'FAIL', 'whitelist ali_dms_group (hidden) (0.0.0.0/0)'],
    ['two open whitelists, both named', [{ DBInstanceIPArrayName: 'a1', SecurityIPList: '0.0.0.0/0' }, { DBInstanceIPArrayName: 'b2', SecurityIPList: '::/0' }], 'FAIL', 'whitelist a1 (0.0.0.0/0); whitelist b2 (::/0)'],
    ['wide but not the world', [{ DBInstanceIPArrayName: 'wide', SecurityIPList: '0.0.0.0/1,128.0.0.0/2,10.0.0.0/10' }], 'PASS', 'lets in every address'],
  ])('%s', (_, arrays, status, text) => {
    const verdict = evaluate(subject(...arrays));
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
  });

  it('says how to remove each catch-all entry from its own whitelist', () => {
    const verdict = evaluate(subject({ DBInstanceIPArrayName: 'public_app', SecurityIPList: '0.0.0.0/0' }, { DBInstanceIPArrayName: 'v6', SecurityIPList: '::/0' }));
    expect(verdict.remediationCli).toBe(
      'aliyun rds ModifySecurityIps --DBInstanceId rm-shop --DBInstanceIPArrayName public_app --ModifyMode Delete --SecurityIps 0.0.0.0/0 && aliyun rds ModifySecurityIps --DBInstanceId rm-shop --DBInstanceIPArrayName v6 --ModifyMode Delete --SecurityIps ::/0',
    );
  });

  it('knows what "the world" is', () => {
    expect(['0.0.0.0/0', '0.0.0.0', '::/0', ' ::/0 ', '10.0.0.0/0'].every(isWorld)).toBe(true);
    expect(['10.0.0.0/10', '0.0.0.0/1', '127.0.0.1', '::1', '2001:db8::/32'].some(isWorld)).toBe(false);
  });

  it('is MANUAL naming the permission when the whitelists cannot be read, never a PASS', () => {
    expect(missingOf(() => evaluate({ ...on(mysql), ipArrays: { missing: denied('DescribeDBInstanceIPArrayList') } }))).toMatchObject({ action: 'rds:DescribeDBInstanceIPArrayList' });
  });

  it('names the instance as an RDS resource', () => {
    expect(whitelistCheck.resource(subject())).toEqual({
      uid: `acs:rds:${REGION}:${ACCOUNT}:dbinstance/rm-shop`, id: 'rm-shop', name: 'shop', type: 'dbinstance', region: REGION, details: 'MySQL 8.0, public endpoint',
    });
  });
});

describe('rds_instance_ssl_enabled', () => {
  const subject = (instance: DbInstance, ssl: SslSubject['ssl']): SslSubject => ({ ...on(instance), ssl });
  it.each([
    ['MySQL with SSL on', mysql, { SSLEnabled: 'Yes' }, 'PASS', 'rm-shop (shop) has SSL on'],
    ['MySQL with SSL off', mysql, { SSLEnabled: 'No' }, 'FAIL', 'has SSL off (SSLEnabled No)'],
    ['PostgreSQL says on/off', postgres, { SSLEnabled: 'on' }, 'PASS', 'has SSL on'],
    ['PostgreSQL off', postgres, { SSLEnabled: 'off' }, 'FAIL', 'has SSL off (SSLEnabled off)'],
    ['SQL Server forcing SSL', sqlserver, { SSLEnabled: 'Yes', ForceEncryption: '1' }, 'PASS', 'has SSL on and forced for every connection'],
    ['SQL Server with SSL on but not forced (Prowler passes it)', sqlserver, { SSLEnabled: 'Yes', ForceEncryption: '0' }, 'FAIL', 'has SSL on but does not force it (ForceEncryption 0)'],
    ['forced but off is still off (Prowler passes ForceEncryption 1 alone)', sqlserver, { SSLEnabled: 'No', ForceEncryption: '1' }, 'FAIL', 'has SSL off'],
    ['an answer without SSLEnabled', mysql, {}, 'FAIL', 'SSLEnabled not answered'],
  ])('%s', (_, instance, ssl, status, text) => {
    const verdict = sslCheck.evaluate(subject(instance, value(ssl)), NOW)!;
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
  });

  it('says how to turn SSL on, and to force it', () => {
    expect(sslCheck.evaluate(subject(mysql, value({ SSLEnabled: 'No' })), NOW)!.remediationCli).toBe('aliyun rds ModifyDBInstanceSSL --DBInstanceId rm-shop --ConnectionString rm-shop.mysql.rds.aliyuncs.com --SSLEnabled 1');
    expect(sslCheck.evaluate(subject(sqlserver, value({ SSLEnabled: 'Yes', ForceEncryption: '0' })), NOW)!.remediationCli).toMatch(/--ForceEncryption 1$/);
  });

  it('is MANUAL when DescribeDBInstanceSSL is refused', () => {
    expect(missingOf(() => sslCheck.evaluate(subject(mysql, { missing: denied('DescribeDBInstanceSSL') }), NOW))).toMatchObject({ action: 'rds:DescribeDBInstanceSSL', reason: 'denied' });
  });
});

describe('rds_instance_sql_audit_enabled and rds_instance_sql_audit_retention', () => {
  const subject = (status: string | undefined, retention?: Fact<string>): AuditSubject => ({ ...on(mysql), policy: value({ SQLCollectorStatus: status }), ...(retention ? { retention } : {}) });
  const both = (s: AuditSubject) => [auditCheck.evaluate(s, NOW)!, auditRetentionCheck.evaluate(s, NOW)!].map((v) => [v.status, v.statusExtended]);

  it.each([
    ['audit on, kept 365 days', subject('Enable', value('365')), [['PASS', 'rm-shop (shop) has SQL audit on'], ['PASS', 'keeps SQL audit logs 365 days']]],
    ['kept exactly 180 days', subject('Enable', value('180')), [['PASS', 'has SQL audit on'], ['PASS', 'keeps SQL audit logs 180 days']]],
    ['kept 179 days', subject('Enable', value('179')), [['PASS', 'has SQL audit on'], ['FAIL', 'keeps SQL audit logs 179 days, under 180']]],
    ['kept 30 days (PostgreSQL\'s fixed retention)', subject('Enable', value('30')), [['PASS', 'has SQL audit on'], ['FAIL', 'keeps SQL audit logs 30 days, under 180']]],
    ['audit off', subject('Disabled'), [['FAIL', 'has SQL audit off (SQLCollectorStatus Disabled)'], ['FAIL', 'has SQL audit off, so no audit log is kept at all']]],
  ])('%s', (_, s, expected) => {
    const verdicts = both(s);
    verdicts.forEach(([status, text], i) => {
      expect(status).toBe(expected[i][0]);
      expect(text).toContain(expected[i][1]);
    });
  });

  it('is MANUAL for a retention that is not a number of days', () => {
    expect(auditRetentionCheck.evaluate(subject('Enable', value('forever')), NOW)).toMatchObject({ status: 'MANUAL', statusExtended: expect.stringContaining('ConfigValue "forever"') });
  });

  it('a refused policy makes both MANUAL; a refused retention makes only the retention MANUAL', () => {
    const refusedPolicy: AuditSubject = { ...on(mysql), policy: { missing: denied('DescribeSQLCollectorPolicy') } };
    expect(missingOf(() => auditCheck.evaluate(refusedPolicy, NOW))).toMatchObject({ action: 'rds:DescribeSQLCollectorPolicy' });
    expect(missingOf(() => auditRetentionCheck.evaluate(refusedPolicy, NOW))).toMatchObject({ action: 'rds:DescribeSQLCollectorPolicy' });
    const refusedRetention = subject('Enable', { missing: denied('DescribeSQLCollectorRetention') });
    expect(auditCheck.evaluate(refusedRetention, NOW)!.status).toBe('PASS');
    expect(missingOf(() => auditRetentionCheck.evaluate(refusedRetention, NOW))).toMatchObject({ action: 'rds:DescribeSQLCollectorRetention' });
  });
});

describe('rds_instance_tde_enabled and rds_instance_tde_key_custom', () => {
  const subject = (instance: DbInstance, tde: TdeSubject['tde']): TdeSubject => ({ ...on(instance), tde });
  const both = (s: TdeSubject) => [tdeCheck.evaluate(s, NOW), tdeKeyCheck.evaluate(s, NOW)].map((v) => v && [v.status, v.statusExtended]);

  it.each([
    ['TDE under the customer\'s key', mysql, { TDEStatus: 'Enabled', TDEMode: 'Customer_Provided_Key', EncryptionKey: 'key-1' }, [['PASS', 'has TDE on'], ['PASS', 'protects TDE with its own KMS key key-1']]],
    ['TDE under a key without TDEMode (older answers)', postgres, { TDEStatus: 'Enabled', EncryptionKey: 'key-2' }, [['PASS', 'has TDE on'], ['PASS', 'own KMS key key-2']]],
    ['TDE under the service\'s key', sqlserver, { TDEStatus: 'Enabled', TDEMode: 'Aliyun_Generate_Key' }, [['PASS', 'has TDE on'], ['FAIL', 'a key the service generated (TDEMode Aliyun_Generate_Key)']]],
    ['TDE off', mysql, { TDEStatus: 'Disabled' }, [['FAIL', 'has TDE off (TDEStatus Disabled)'], ['FAIL', 'has TDE off, so no key of its own']]],
  ])('%s', (_, instance, tde, expected) => {
    both(subject(instance, value(tde))).forEach((v, i) => {
      expect(v![0]).toBe(expected[i][0]);
      expect(v![1]).toContain(expected[i][1]);
    });
  });

  it('gives no finding for an engine without TDE (MariaDB), even with no data', () => {
    expect(both(subject(mariadb, { missing: denied('DescribeDBInstanceTDE') }))).toEqual([undefined, undefined]);
  });

  it('is MANUAL naming rds:DescribeDBInstanceTDE when it is refused', () => {
    const s = subject(mysql, { missing: denied('DescribeDBInstanceTDE') });
    expect(missingOf(() => tdeCheck.evaluate(s, NOW))).toMatchObject({ action: 'rds:DescribeDBInstanceTDE' });
    expect(missingOf(() => tdeKeyCheck.evaluate(s, NOW))).toMatchObject({ action: 'rds:DescribeDBInstanceTDE' });
  });
});

describe('the PostgreSQL logging parameters (6.7–6.9)', () => {
  const subject = (instance: DbInstance, parameters: Fact<Record<string, string>>): ParametersSubject => ({ ...on(instance), parameters });
  const checks = [logConnectionsCheck, logDisconnectionsCheck, logDurationCheck];

  it('passes on, fails off, and fails a parameter the instance does not list', () => {
    const s = subject(postgres, value({ log_connections: 'on', log_disconnections: 'off' }));
    expect(checks.map((c) => c.evaluate(s, NOW)!.status)).toEqual(['PASS', 'FAIL', 'FAIL']);
    expect(logDisconnectionsCheck.evaluate(s, NOW)).toMatchObject({ statusExtended: 'pgm-bi (bi) runs with log_disconnections off', remediationCli: `aliyun rds ModifyParameter --DBInstanceId pgm-bi --Parameters '{"log_disconnections":"on"}'` });
    expect(logDurationCheck.evaluate(s, NOW)!.statusExtended).toBe("pgm-bi (bi) does not list log_duration among its running parameters (PostgreSQL's default is off)");
  });

  it('reads PostgreSQL\'s spellings of on', () => {
    const s = subject(postgres, value({ log_connections: 'ON', log_disconnections: 'true', log_duration: '1' }));
    expect(checks.map((c) => c.evaluate(s, NOW)!.status)).toEqual(['PASS', 'PASS', 'PASS']);
  });

  it('gives no finding, not a FAIL, for other engines', () => {
    for (const instance of [mysql, sqlserver, mariadb]) {
      expect(checks.map((c) => c.evaluate(subject(instance, value({})), NOW))).toEqual([undefined, undefined, undefined]);
    }
  });

  it('is MANUAL when DescribeParameters is refused', () => {
    expect(missingOf(() => logConnectionsCheck.evaluate(subject(postgres, { missing: denied('DescribeParameters') }), NOW))).toMatchObject({ action: 'rds:DescribeParameters' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Known-answer scans against the emulator

const NO_TDE = { id: 'LTAInotde000001', secret: 'notde-secret-0001-not-real' };
const NO_RDS = { id: 'LTAInords000001', secret: 'nords-secret-0001-not-real' };
const keyOf = (keys: { id: string; secret: string }) => [{ AccessKeyId: keys.id, AccessKeySecret: keys.secret, Status: 'Active', CreateDate: '-10d' }];
const FILLER = 125;
const RDS_CHECKS = ALL_CHECKS.filter((check) => check.service === 'rds');

/** cn-hangzhou: the edges, then filler past the first page of 100, then one open instance last; cn-beijing: one PostgreSQL. */
function scanWorld() {
  const good = { SSLEnabled: true, TDEStatus: 'Enabled', EncryptionKey: 'kms-key-0001', SQLCollectorStatus: 'Enable', SQLCollectorRetention: 365, IPArrays: [{ DBInstanceIPArrayName: 'rds_default', SecurityIPList: '10.0.0.0/8' }] };
  const filler = Array.from({ length: FILLER }, (_, i) => ({ DBInstanceId: `rm-filler${String(i).padStart(3, '0')}`, Engine: 'MySQL', ...good }));
  return {
    Regions: [REGION, OTHER_REGION].map((RegionId) => ({ RegionId, LocalName: RegionId, Status: 'available' })),
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { MFA: true },
        Users: [
          { UserName: 'auditor', AccessKeys: keyOf(AUDITOR), Policies: [{ PolicyName: 'AliyunRDSReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
          { UserName: 'no-tde', AccessKeys: keyOf(NO_TDE), Policies: [{ PolicyName: 'all-but-tde', PolicyType: 'Custom' }] },
          { UserName: 'no-rds', AccessKeys: keyOf(NO_RDS), Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
        ],
        Policies: [
          {
            PolicyName: 'all-but-tde',
            PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['rds:Describe*', 'ecs:Describe*'], Resource: '*' }, { Effect: 'Deny', Action: 'rds:DescribeDBInstanceTDE', Resource: '*' }] },
          },
        ],
        Ecs: { [REGION]: { Instances: [{ InstanceId: 'i-classic', InstanceName: 'classic', InstanceNetworkType: 'classic' }] } },
        Rds: {
          [REGION]: {
            DBInstances: [
              { DBInstanceId: 'rm-good', Engine: 'MySQL', ...good, SQLCollectorRetention: 180 },
              { DBInstanceId: 'rm-second-array', Engine: 'MySQL', ...good, IPArrays: [{ DBInstanceIPArrayName: 'rds_default', SecurityIPList: '10.0.0.0/8' }, { DBInstanceIPArrayName: 'public_app', SecurityIPList: '0.0.0.0/0' }] },
              { DBInstanceId: 'rm-any-v6', Engine: 'MySQL', ...good, IPArrays: [{ DBInstanceIPArrayName: 'v6', SecurityIPList: '::/0' }] },
              { DBInstanceId: 'rm-r179', Engine: 'MySQL', ...good, SQLCollectorRetention: 179 },
              { DBInstanceId: 'rm-audit-off', Engine: 'MySQL', ...good, SQLCollectorStatus: 'Disabled' },
              { DBInstanceId: 'rm-ssl-off', Engine: 'MySQL', ...good, SSLEnabled: false },
              { DBInstanceId: 'rm-mssql', Engine: 'SQLServer', ...good, ForceEncryption: false, EncryptionKey: undefined },
              { DBInstanceId: 'rm-maria', Engine: 'MariaDB', ...good, TDEStatus: 'Disabled', EncryptionKey: undefined },
              { DBInstanceId: 'pgm-logs', Engine: 'PostgreSQL', ...good, Parameters: { log_connections: 'on', log_disconnections: 'off' }, PendingParameters: { log_duration: 'on' } },
              ...filler,
              { DBInstanceId: 'rm-late-open', Engine: 'MySQL', ...good, IPArrays: [{ DBInstanceIPArrayName: 'late', SecurityIPList: '0.0.0.0' }] },
            ],
          },
          [OTHER_REGION]: { DBInstances: [{ DBInstanceId: 'pgm-beijing', Engine: 'PostgreSQL', TDEStatus: 'Enabled' }] },
        },
      },
    ],
  };
}

let emulator: RunningEmulator;
let findings: Finding[];

const statusOf = (found: readonly Finding[], check: string, id: string) =>
  found.find((f) => f.checkId === check && f.resource.uid.endsWith(`:dbinstance/${id}`))?.status;
/** Every finding's status for one instance, by check, left out where the check gave none. */
const verdictsOf = (found: readonly Finding[], id: string) => Object.fromEntries(found.filter((f) => f.resource.uid.endsWith(`:dbinstance/${id}`)).map((f) => [f.checkId.replace(/^rds_instance_/, ''), f.status]));

beforeAll(async () => {
  emulator = await startEmulator({ state: loadWorld(scanWorld()), port: 0 });
  ({ findings } = await scanOf(emulator.url, { checks: RDS_CHECKS }));
}, 120_000);
afterAll(() => emulator?.close());

describe('a scan of RDS with a known answer', () => {
  it('judges each edge instance as its settings say', () => {
    expect(verdictsOf(findings, 'rm-good')).toEqual({
      ssl_enabled: 'PASS', no_public_access_whitelist: 'PASS', sql_audit_enabled: 'PASS', sql_audit_retention: 'PASS', tde_enabled: 'PASS', tde_key_custom: 'PASS',
    });
    expect(statusOf(findings, 'rds_instance_no_public_access_whitelist', 'rm-second-array')).toBe('FAIL');
    expect(findings.find((f) => f.resource.uid.endsWith('/rm-second-array') && f.checkId === 'rds_instance_no_public_access_whitelist')!.statusExtended).toContain('whitelist public_app (0.0.0.0/0)');
    expect(statusOf(findings, 'rds_instance_no_public_access_whitelist', 'rm-any-v6')).toBe('FAIL');
    expect(statusOf(findings, 'rds_instance_sql_audit_retention', 'rm-r179')).toBe('FAIL');
    expect(verdictsOf(findings, 'rm-audit-off')).toMatchObject({ sql_audit_enabled: 'FAIL', sql_audit_retention: 'FAIL' });
    expect(statusOf(findings, 'rds_instance_ssl_enabled', 'rm-ssl-off')).toBe('FAIL');
    expect(verdictsOf(findings, 'rm-mssql')).toMatchObject({ ssl_enabled: 'FAIL', tde_enabled: 'PASS', tde_key_custom: 'FAIL' });
  });

  it('gives an engine no finding from a check that does not apply to it', () => {
    expect(verdictsOf(findings, 'rm-maria')).toEqual({ ssl_enabled: 'PASS', no_public_access_whitelist: 'PASS', sql_audit_enabled: 'PASS', sql_audit_retention: 'PASS' });
    expect(verdictsOf(findings, 'pgm-logs')).toMatchObject({ postgresql_log_connections_enabled: 'PASS', postgresql_log_disconnections_enabled: 'FAIL', postgresql_log_duration_enabled: 'FAIL' });
    expect(findings.filter((f) => f.checkId.startsWith('rds_instance_postgresql_')).map((f) => f.resource.uid.split('/')[1]).sort()).toEqual(
      ['pgm-beijing', 'pgm-beijing', 'pgm-beijing', 'pgm-logs', 'pgm-logs', 'pgm-logs'],
    );
  });

  it('reads instances past the first page, in every region', () => {
    expect(statusOf(findings, 'rds_instance_no_public_access_whitelist', 'rm-late-open')).toBe('FAIL');
    expect(new Set(findings.filter((f) => f.region === REGION).map((f) => f.resource.uid)).size).toBe(9 + FILLER + 1);
    expect(verdictsOf(findings, 'pgm-beijing')).toEqual({
      ssl_enabled: 'FAIL', no_public_access_whitelist: 'PASS', sql_audit_enabled: 'FAIL', sql_audit_retention: 'FAIL', tde_enabled: 'PASS', tde_key_custom: 'FAIL',
      postgresql_log_connections_enabled: 'FAIL', postgresql_log_disconnections_enabled: 'FAIL', postgresql_log_duration_enabled: 'FAIL',
    });
    expect(findings.every((f) => f.status !== 'MANUAL')).toBe(true);
  });

  it('makes only the calls the checks need: no retention for an audit that is off, no TDE on MariaDB, parameters only for PostgreSQL', async () => {
    const { calls } = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { calls: Record<string, { answered: number }> };
    const answered = (action: string) => calls[`rds:${action}`]?.answered ?? 0;
    const instances = 9 + FILLER + 1 + 1;
    expect(answered('DescribeDBInstances')).toBe(3);
    expect(answered('DescribeDBInstanceIPArrayList')).toBe(instances);
    expect(answered('DescribeDBInstanceSSL')).toBe(instances);
    expect(answered('DescribeSQLCollectorPolicy')).toBe(instances);
    expect(answered('DescribeSQLCollectorRetention')).toBe(instances - 2);
    expect(answered('DescribeDBInstanceTDE')).toBe(instances - 1);
    expect(answered('DescribeParameters')).toBe(2);
    expect(answered('DescribeDBInstanceAttribute')).toBe(0);
  });

  it('lists what the service calls, each one a permission a scanner needs', () => {
    expect(rdsService.permissions).toEqual([
      'rds:DescribeDBInstances', 'rds:DescribeDBInstanceIPArrayList', 'rds:DescribeDBInstanceSSL', 'rds:DescribeDBInstanceTDE',
      'rds:DescribeSQLCollectorPolicy', 'rds:DescribeSQLCollectorRetention', 'rds:DescribeParameters',
    ]);
  });
});

describe('a scan of RDS with permissions missing', () => {
  it('a scanner without rds:DescribeDBInstanceTDE gets MANUAL for the TDE checks only', async () => {
    const { findings: found } = await scanOf(emulator.url, { checks: RDS_CHECKS, keys: NO_TDE });
    const tde = found.filter((f) => f.checkId.startsWith('rds_instance_tde_'));
    expect(tde.length).toBe(2 * (9 + FILLER + 1));
    expect(tde.every((f) => f.status === 'MANUAL' && f.statusExtended === 'missing permission rds:DescribeDBInstanceTDE in ' + f.region)).toBe(true);
    const others = found.filter((f) => !f.checkId.startsWith('rds_instance_tde_'));
    expect(others.every((f) => f.status !== 'MANUAL')).toBe(true);
    const same = (f: Finding) => `${f.checkId} ${f.resource.uid} ${f.status}`;
    expect(others.map(same).sort()).toEqual(findings.filter((f) => !f.checkId.startsWith('rds_instance_tde_')).map(same).sort());
  });

  it('a scanner without RDS gets one MANUAL per check and region naming rds:DescribeDBInstances, and ECS findings as before', async () => {
    const checks = [...RDS_CHECKS, ...ALL_CHECKS.filter((check) => check.id === 'ecs_instance_no_legacy_network')];
    const { findings: found } = await scanOf(emulator.url, { checks, keys: NO_RDS });
    const rds = found.filter((f) => f.service === 'rds');
    expect(rds).toHaveLength(RDS_CHECKS.length * 2);
    expect(rds.every((f) => f.status === 'MANUAL' && f.statusExtended.includes('missing permission rds:DescribeDBInstances'))).toBe(true);
    expect(rds.map((f) => f.resource.uid)).toContain(`acs:rds:${REGION}:${ACCOUNT}:dbinstance/*`);
    expect(found.filter((f) => f.service === 'ecs').map((f) => [f.checkId, f.resource.name, f.status])).toEqual([['ecs_instance_no_legacy_network', 'classic', 'FAIL']]);
  });
});

describe('the demo world\'s RDS share', () => {
  it('shows every RDS check failing somewhere and passing somewhere', async () => {
    const demo = await startEmulator({ state: loadWorld(demoWorld()), port: 0 });
    try {
      const { findings: found } = await scanOf(demo.url, { checks: RDS_CHECKS, keys: { id: DEMO_CREDENTIALS.accessKeyId, secret: DEMO_CREDENTIALS.accessKeySecret } });
      for (const check of RDS_CHECKS) {
        const statuses = new Set(found.filter((f) => f.checkId === check.id).map((f) => f.status));
        expect([check.id, [...statuses].sort()]).toEqual([check.id, ['FAIL', 'PASS']]);
      }
      expect(found.find((f) => f.checkId === 'rds_instance_no_public_access_whitelist' && f.resource.name === 'shop-mysql')!.statusExtended).toContain('whitelist public_app (0.0.0.0/0)');
      expect(found.filter((f) => f.resource.name === 'ledger-mysql').every((f) => f.status === 'PASS')).toBe(true);
    } finally {
      await demo.close();
    }
  }, 60_000);
});
