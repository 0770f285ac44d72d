import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudApi } from '../../../src/cloud/clients.js';
import type { Product } from '../../../src/cloud/products.js';
import { type CheckDefinition, type Fact, type Missing } from '../../../src/scan/checks/check.js';
import { ALL_CHECKS } from '../../../src/scan/checks/index.js';
import { runScan, type ScanTarget } from '../../../src/scan/engine.js';
import type { Finding } from '../../../src/scan/model.js';
import { OWNER } from '../../../src/scan/services/index.js';
import {
  advancedEdition,
  agentInstalled,
  type Asset,
  assetFingerprints,
  type AssetSubject,
  autoQuarantine,
  configAssessmentAuthorized,
  endpointProtection,
  FINGERPRINT_TYPES,
  HIGH_RISK_NOTICES,
  highRiskNotifications,
  isEcsInstance,
  type OpenVulnerability,
  osPatches,
  SCAN_TYPES,
  SECURITY_CENTER_CHECKS,
  type SettingsSubject,
  vulnerabilityScan,
  webshellDetection,
} from '../../../src/scan/services/securitycenter/checks.js';
import { securityCenterService } from '../../../src/scan/services/securitycenter/index.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.js';
import { loadWorld } from '../../../src/emulator/world.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../../src/emulator/worlds/demo.js';
import { scanOf, missingOf } from '../scan-helpers.js';
import { ACCOUNT, AUDITOR, OTHER_REGION, REGION } from '../world.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const GLOBAL = 'global';
const ABROAD = 'ap-southeast-1';
const denied = (action: string): Missing => ({ action: `yundun-sas:${action}`, region: GLOBAL, reason: 'denied', detail: 'NoPermission' });
const value = <T>(v: T): Fact<T> => ({ value: v });
const refused = <T>(action: string): Fact<T> => ({ missing: denied(action) });

// ---------------------------------------------------------------------------------------------------------------
// The account-wide settings

const ALL_NOTICES = HIGH_RISK_NOTICES.map((Project) => ({ Project, Route: 7 }));
const ALL_SCANS = Object.keys(SCAN_TYPES).map((Type) => ({ Type, Config: 'on' }));
const ALL_FINGERPRINTS: Record<string, string> = Object.fromEntries(Object.keys(FINGERPRINT_TYPES).map((type) => [type, '24']));

/** A Security Center that does everything the benchmark asks, with `fields` changed. */
const settings = (fields: Partial<SettingsSubject> = {}): SettingsSubject => ({
  accountUid: ACCOUNT,
  edition: value({ Version: 5, HighestVersion: 5, IsTrialVersion: 0 }),
  notices: value(ALL_NOTICES),
  vulnerabilityScan: value(ALL_SCANS),
  antiVirus: value('on'),
  webshellProtection: value('on'),
  configAssessmentRole: value(true),
  fingerprints: value(ALL_FINGERPRINTS),
  ...fields,
});

const judge = <S>(check: CheckDefinition<S>, subject: S) => check.evaluate(subject, NOW)!;

describe('securitycenter_advanced_or_enterprise_edition', () => {
  const edition = (config: Record<string, unknown>) => settings({ edition: value(config) });

  it.each([
    ['Advanced', { Version: 5 }, 'PASS', 'Security Center is the Advanced edition'],
    ['Enterprise', { Version: 3 }, 'PASS', 'Security Center is the Enterprise edition'],
    ['Ultimate on trial', { Version: 7, IsTrialVersion: 1 }, 'PASS', 'Security Center is the Ultimate edition (a trial)'],
    ['Advanced answered as a string', { Version: '5', IsTrialVersion: '0' }, 'PASS', 'Security Center is the Advanced edition'],
    ['Free, with pay-as-you-go Advanced', { Version: 1, PostPayHostVersion: 5 }, 'PASS', 'pay-as-you-go protects servers with the Advanced edition (the subscription is Free)'],
    ['Anti-virus, with pay-as-you-go Ultimate', { Version: 6, PostPayHostVersion: 7 }, 'PASS', 'pay-as-you-go protects servers with the Ultimate edition (the subscription is Anti-virus)'],
    ['Free (Basic)', { Version: 1 }, 'FAIL', 'Security Center is the Free edition; Advanced, Enterprise or Ultimate is needed'],
    ['Free, with pay-as-you-go Free', { Version: 1, PostPayHostVersion: 1 }, 'FAIL', 'Security Center is the Free edition'],
    ['Anti-virus', { Version: 6 }, 'FAIL', 'Security Center is the Anti-virus edition; Advanced'],
    ['Anti-virus, with pay-as-you-go Anti-virus', { Version: 6, PostPayHostVersion: 6 }, 'FAIL', 'the Anti-virus edition'],
    ['value-added services only', { Version: 10 }, 'FAIL', 'the value-added services only edition'],
    ['a free trial of nothing better', { Version: 1, IsTrialVersion: 1, HighestVersion: 5 }, 'FAIL', 'Security Center is the Free edition'],
    ['multi-version', { Version: 8 }, 'MANUAL', 'Security Center is multi-version: each server is bound to its own edition'],
    ['an edition aliaudit does not know', { Version: 2 }, 'MANUAL', 'DescribeVersionConfig answered edition 2, which aliaudit does not know'],
    ['no edition at all', {}, 'MANUAL', 'DescribeVersionConfig answered edition undefined'],
  ])('%s', (_, config, status, text) => {
    const subject = edition(config);
    const verdict = judge(advancedEdition, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(advancedEdition.resource(subject).id).toBe('edition');
  });

  it('gives a MANUAL a reason that holds in every account', () => {
    expect(judge(advancedEdition, edition({ Version: 8 })).reason).toBe('a multi-version Security Center binds an edition to each server, which needs checking server by server');
  });

  it('is MANUAL naming yundun-sas:DescribeVersionConfig when it is refused, never a FAIL', () => {
    expect(missingOf(() => judge(advancedEdition, settings({ edition: refused('DescribeVersionConfig') })))).toEqual(denied('DescribeVersionConfig'));
  });

  it('names the edition as an account-wide Security Center setting', () => {
    expect(advancedEdition.resource(settings())).toEqual({ uid: `acs:securitycenter::${ACCOUNT}:edition`, id: 'edition', name: 'Security Center edition', type: 'edition', region: GLOBAL });
  });
});

describe('securitycenter_auto_quarantine_enabled and securitycenter_webshell_detection_enabled', () => {
  const switches = [
    [autoQuarantine.id, autoQuarantine, 'antiVirus', 'auto_breaking', 'anti-virus (automatic blocking and quarantine)', 'anti-virus'],
    [webshellDetection.id, webshellDetection, 'webshellProtection', 'webshell_cloud_breaking', 'webshell protection', 'webshell-protection'],
  ] as const;

  describe.each(switches)('%s', (_, check, field, type, what, resource) => {
    const subject = (config: Fact<string>) => settings({ [field]: config });

    it.each([
      ['on', 'PASS', `${what} is on (${type})`],
      ['off', 'FAIL', `${what} is off (${type})`],
      ['', 'MANUAL', `DescribeSuspiciousOverallConfig answered "" for ${type}, neither on nor off`],
      ['ON', 'MANUAL', `DescribeSuspiciousOverallConfig answered "ON" for ${type}, neither on nor off`],
    ])(`${type} %j`, (config, status, text) => {
      const verdict = judge(check, subject(value(config)));
      expect(verdict.status).toBe(status);
      expect(verdict.statusExtended).toBe(text);
      expect(check.resource(subject(value(config)))).toMatchObject({ id: resource, uid: `acs:securitycenter::${ACCOUNT}:${resource}` });
    });

    it('says how to turn it on', () => {
      expect(judge(check, subject(value('off'))).remediationCli).toBe(`aliyun sas OperateSuspiciousOverallConfig --Type ${type} --Config on`);
    });

    it('reads only its own switch', () => {
      const other = field === 'antiVirus' ? 'webshellProtection' : 'antiVirus';
      expect(judge(check, settings({ [other]: value('off') })).status).toBe('PASS');
      expect(judge(check, settings({ [other]: refused('DescribeSuspiciousOverallConfig') })).status).toBe('PASS');
    });

    it('is MANUAL naming yundun-sas:DescribeSuspiciousOverallConfig when it is refused', () => {
      expect(missingOf(() => judge(check, subject(refused('DescribeSuspiciousOverallConfig'))))).toMatchObject({ action: 'yundun-sas:DescribeSuspiciousOverallConfig', reason: 'denied' });
    });
  });
});

describe('securitycenter_notification_enabled_high_risk', () => {
  const routes = (overrides: Record<string, number | string | undefined>, extra: { Project: string; Route?: number }[] = []) =>
    settings({
      notices: value([
        ...HIGH_RISK_NOTICES.filter((Project) => !(Project in overrides) || overrides[Project] !== undefined).map((Project) => ({ Project, Route: Number(overrides[Project] ?? 7) })),
        ...extra,
      ]),
    });

  it('counts the nine items Prowler counts as high risk', () => {
    expect([...HIGH_RISK_NOTICES]).toEqual(['sas_vulnerability', 'yundun_sas_vul_Emergency', 'sas_healthcheck', 'sas_suspicious', 'suspicious', 'remotelogin', 'webshell', 'bruteforcesuccess', 'yundun_sas_ak_leakage']);
  });

  it.each([
    ['every high-risk item by every route', routes({}), 'PASS', 'all 9 high-risk items notify someone'],
    ['each by one route only (text, email, internal)', routes({ sas_vulnerability: 1, webshell: 2, remotelogin: 4 }), 'PASS', 'all 9 high-risk items notify someone'],
    ['a low-risk item off does not matter', routes({}, [{ Project: 'weeklyreport', Route: 0 }]), 'PASS', 'all 9 high-risk items notify someone'],
    ['webshell off', routes({ webshell: 0 }), 'FAIL', 'notification is off (Route 0) for webshell'],
    ['two off, in the benchmark\'s order', routes({ webshell: 0, remotelogin: 0 }), 'FAIL', 'notification is off (Route 0) for remotelogin, webshell'],
    ['off, and one not listed', routes({ webshell: 0, yundun_sas_ak_leakage: undefined }), 'FAIL', 'notification is off (Route 0) for webshell; DescribeNoticeConfig does not list yundun_sas_ak_leakage'],
    ['a Route answered as the string "0"', routes({ bruteforcesuccess: '0' }), 'FAIL', 'for bruteforcesuccess'],
    ['one item not listed', routes({ yundun_sas_ak_leakage: undefined }), 'MANUAL', 'DescribeNoticeConfig does not list yundun_sas_ak_leakage, so whether they notify is unknown'],
    ['nothing listed', settings({ notices: value([]) }), 'MANUAL', `DescribeNoticeConfig does not list ${HIGH_RISK_NOTICES.join(', ')}`],
  ])('%s', (_, subject, status, text) => {
    const verdict = judge(highRiskNotifications, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(highRiskNotifications.resource(subject)).toMatchObject({ id: 'notification', uid: `acs:securitycenter::${ACCOUNT}:notification` });
  });

  it('says how to turn each silenced item on', () => {
    expect(judge(highRiskNotifications, routes({ webshell: 0, remotelogin: 0 })).remediationCli).toBe(
      'aliyun sas ModifyNoticeConfig --Project remotelogin --Route 7 && aliyun sas ModifyNoticeConfig --Project webshell --Route 7',
    );
  });

  it('is MANUAL naming yundun-sas:DescribeNoticeConfig when it is refused', () => {
    expect(missingOf(() => judge(highRiskNotifications, settings({ notices: refused('DescribeNoticeConfig') })))).toMatchObject({ action: 'yundun-sas:DescribeNoticeConfig' });
  });
});

describe('securitycenter_config_assessment_authorized', () => {
  it.each([
    [true, 'PASS', 'configuration assessment is authorised: the service-linked role AliyunServiceRoleForSasCspm exists'],
    [false, 'FAIL', 'configuration assessment is not authorised: the service-linked role AliyunServiceRoleForSasCspm does not exist'],
  ])('role exists: %s', (exists, status, text) => {
    const subject = settings({ configAssessmentRole: value(exists) });
    expect(judge(configAssessmentAuthorized, subject)).toMatchObject({ status, statusExtended: text });
    expect(configAssessmentAuthorized.resource(subject).id).toBe('config-assessment');
  });

  it('says how to authorise it', () => {
    expect(judge(configAssessmentAuthorized, settings({ configAssessmentRole: value(false) })).remediationCli).toBe('aliyun sas CreateServiceLinkedRole --ServiceLinkedRole AliyunServiceRoleForSasCspm');
  });

  it('is MANUAL naming yundun-sas:DescribeServiceLinkedRoleStatus when it is refused', () => {
    expect(missingOf(() => judge(configAssessmentAuthorized, settings({ configAssessmentRole: refused('DescribeServiceLinkedRoleStatus') })))).toMatchObject({ action: 'yundun-sas:DescribeServiceLinkedRoleStatus' });
  });
});

describe('securitycenter_vulnerability_scan_enabled', () => {
  const scans = (...configs: { Type: string; Config?: string }[]) => settings({ vulnerabilityScan: value(configs) });
  const on = (...types: string[]) => types.map((Type) => ({ Type, Config: 'on' }));

  it.each([
    ['every type on', scans(...on('cve', 'sys', 'cms', 'emg')), 'PASS', 'scans for Linux software (cve), Windows system (sys), Web-CMS (cms), emergency (emg) vulnerabilities are on'],
    ['the paid web scanner (app) and yum off do not matter', scans(...on('cve', 'sys', 'cms', 'emg'), { Type: 'app', Config: 'off' }, { Type: 'yum', Config: 'off' }, { Type: 'scanMode', Config: 'real' }), 'PASS', 'are on'],
    ['emergency off', scans(...on('cve', 'sys', 'cms'), { Type: 'emg', Config: 'off' }), 'FAIL', 'the scan for emergency (emg) vulnerabilities is off'],
    ['Web-CMS and emergency off', scans(...on('cve', 'sys'), { Type: 'cms', Config: 'off' }, { Type: 'emg', Config: 'off' }), 'FAIL', 'the scan for Web-CMS (cms), emergency (emg) vulnerabilities is off'],
    ['Windows off and Web-CMS not listed', scans(...on('cve', 'emg'), { Type: 'sys', Config: 'off' }), 'FAIL', 'the scan for Windows system (sys) vulnerabilities is off; DescribeVulConfig does not list Web-CMS (cms)'],
    ['a Config that is not "on"', scans(...on('sys', 'cms', 'emg'), { Type: 'cve', Config: '' }), 'FAIL', 'the scan for Linux software (cve) vulnerabilities is off'],
    ['a type without a Config', scans(...on('sys', 'cms', 'emg'), { Type: 'cve' }), 'FAIL', 'Linux software (cve)'],
    ['only Linux listed', scans(...on('cve')), 'MANUAL', 'DescribeVulConfig does not list Windows system (sys), Web-CMS (cms), emergency (emg), so whether they are scanned for is unknown'],
    ['nothing listed', scans(), 'MANUAL', 'DescribeVulConfig does not list Linux software (cve), Windows system (sys), Web-CMS (cms), emergency (emg)'],
  ])('%s', (_, subject, status, text) => {
    const verdict = judge(vulnerabilityScan, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(vulnerabilityScan.resource(subject)).toMatchObject({ id: 'vulnerability-scan', uid: `acs:securitycenter::${ACCOUNT}:vulnerability-scan` });
  });

  it('says how to turn each type on', () => {
    expect(judge(vulnerabilityScan, scans(...on('cve', 'sys'), { Type: 'cms', Config: 'off' }, { Type: 'emg', Config: 'off' })).remediationCli).toBe(
      'aliyun sas ModifyVulConfig --Type cms --Config on && aliyun sas ModifyVulConfig --Type emg --Config on',
    );
  });

  it('is MANUAL naming yundun-sas:DescribeVulConfig when it is refused', () => {
    expect(missingOf(() => judge(vulnerabilityScan, settings({ vulnerabilityScan: refused('DescribeVulConfig') })))).toMatchObject({ action: 'yundun-sas:DescribeVulConfig' });
  });
});

describe('securitycenter_asset_fingerprint_enabled', () => {
  const hours = (changes: Record<string, string | undefined>) => {
    const all: Record<string, string> = { ...ALL_FINGERPRINTS };
    for (const [type, h] of Object.entries(changes)) {
      if (h === undefined) delete all[type];
      else all[type] = h;
    }
    return settings({ fingerprints: value(all) });
  };

  it.each([
    ['every kind, daily', hours({}), 'PASS', 'all 9 kinds of asset fingerprint are collected'],
    ['every kind, at its own period', hours({ scheduler_port_period: '1', scheduler_process_period: '3', scheduler_account_period: '12', scheduler_lkm_period: '168' }), 'PASS', 'all 9 kinds'],
    ['software off', hours({ scheduler_software_period: '0' }), 'FAIL', 'software fingerprints are not collected (scheduler_software_period is 0)'],
    ['software off and kernel modules not answered', hours({ scheduler_software_period: '0', scheduler_lkm_period: undefined }), 'FAIL', 'software, kernel modules fingerprints are not collected (scheduler_software_period, scheduler_lkm_period is 0)'],
    ['websites off (the last kind)', hours({ scheduler_sca_proxy_period: '0' }), 'FAIL', 'websites fingerprints are not collected'],
    ['an empty period', hours({ scheduler_cron_period: '' }), 'FAIL', 'scheduled tasks fingerprints are not collected'],
    ['nothing collected', settings({ fingerprints: value({}) }), 'FAIL', 'listening ports, processes, accounts, software, scheduled tasks, middleware, startup items, kernel modules, websites fingerprints are not collected'],
  ])('%s', (_, subject, status, text) => {
    const verdict = judge(assetFingerprints, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(assetFingerprints.resource(subject)).toMatchObject({ id: 'asset-fingerprint', uid: `acs:securitycenter::${ACCOUNT}:asset-fingerprint` });
  });

  it('says how to collect each kind', () => {
    expect(judge(assetFingerprints, hours({ scheduler_software_period: '0', scheduler_lkm_period: '0' })).remediationCli).toBe(
      'aliyun sas ModifyPropertyScheduleConfig --Type scheduler_software_period --ScheduleTime 24 && aliyun sas ModifyPropertyScheduleConfig --Type scheduler_lkm_period --ScheduleTime 24',
    );
  });

  it('is MANUAL naming yundun-sas:DescribePropertyScheduleConfig when it is refused', () => {
    expect(missingOf(() => judge(assetFingerprints, settings({ fingerprints: refused('DescribePropertyScheduleConfig') })))).toMatchObject({ action: 'yundun-sas:DescribePropertyScheduleConfig' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The servers

const WEB: Asset = { Uuid: 'uuid-web', InstanceId: 'i-web', InstanceName: 'web', RegionId: REGION, ClientStatus: 'online', ClientSubStatus: 'online', Vendor: 0, InternetIp: '47.96.0.1' };
const asset = (fields: Partial<Asset> = {}): Asset => ({ ...WEB, ...fields });
const OFFLINE: Partial<Asset> = { ClientStatus: 'offline', ClientSubStatus: 'offline' };
const PAUSED: Partial<Asset> = { ClientStatus: 'pause', ClientSubStatus: 'pause' };
const UNINSTALLED: Partial<Asset> = { ClientStatus: 'offline', ClientSubStatus: 'uninstalled' };
const RACK: Asset = { Uuid: 'uuid-rack7', InstanceId: '', InstanceName: 'rack-7', RegionId: REGION, ClientStatus: 'offline', ClientSubStatus: 'uninstalled', Vendor: 2, InternetIp: undefined };

const server = (fields: Partial<Asset> | Asset = {}, facts: { agentMissing?: Fact<boolean>; vulnerabilities?: Fact<OpenVulnerability[]> } = {}): AssetSubject => ({
  accountUid: ACCOUNT,
  asset: asset(fields),
  agentMissing: facts.agentMissing ?? value(false),
  vulnerabilities: facts.vulnerabilities ?? value([]),
});
const vul = (Name: string, Necessity: string, fields: Partial<OpenVulnerability> = {}): OpenVulnerability => ({ Name, AliasName: `${Name}: security update`, Type: 'cve', Necessity, ...fields });

describe('which servers are ECS instances', () => {
  it.each([
    [{ Vendor: 0, InstanceId: 'i-bp1abc' }, true],
    [{ Vendor: undefined, InstanceId: 'i-bp1abc' }, true],
    [{ Vendor: 7, InstanceId: 'i-0aws1234' }, false],
    [{ Vendor: 2, InstanceId: 'idc-rack7' }, false],
    [{ Vendor: 0, InstanceId: '' }, false],
  ])('%j → %s', (fields, ecs) => {
    expect(isEcsInstance(asset(fields))).toBe(ecs);
  });

  it('names an ECS instance as the ECS checks do, and any other server by its Uuid', () => {
    expect(agentInstalled.resource(server())).toEqual({
      uid: `acs:ecs:${REGION}:${ACCOUNT}:instance/i-web`, id: 'i-web', name: 'web', type: 'instance', region: REGION, details: `${REGION}, agent online, public 47.96.0.1`,
    });
    expect(endpointProtection.resource(server(OFFLINE, { agentMissing: value(true) }))).toMatchObject({ id: 'i-web', details: `${REGION}, agent not installed, public 47.96.0.1` });
    expect(agentInstalled.resource(server(RACK))).toEqual({
      uid: `acs:securitycenter::${ACCOUNT}:machine/uuid-rack7`, id: 'uuid-rack7', name: 'rack-7', type: 'machine', region: REGION, details: `${REGION}, agent not installed`,
    });
    expect(agentInstalled.resource(server({ InstanceName: '', RegionId: undefined, InternetIp: undefined, ...PAUSED }))).toMatchObject({ name: 'i-web', region: GLOBAL, details: 'global, agent paused' });
  });

  it('does not let an unreadable uninstall list turn "offline" into "not installed"', () => {
    expect(agentInstalled.resource(server(OFFLINE, { agentMissing: refused('ListUninstallAegisMachines') })).details).toBe(`${REGION}, agent offline, public 47.96.0.1`);
  });
});

describe('securitycenter_all_assets_agent_installed', () => {
  it.each([
    ['online', server(), 'PASS', 'i-web runs the Security Center agent', 'i-web'],
    ['online, though the uninstall list is unreadable', server({}, { agentMissing: refused('ListUninstallAegisMachines') }), 'PASS', 'i-web runs the Security Center agent', 'i-web'],
    ['installed but offline', server(OFFLINE), 'PASS', 'i-web has the Security Center agent installed (it is offline)', 'i-web'],
    ['installed but paused', server(PAUSED), 'PASS', 'i-web has the Security Center agent installed (it is paused)', 'i-web'],
    ['a stopped agent', server({ ClientStatus: 'offline', ClientSubStatus: 'stopped' }), 'PASS', '(it is offline)', 'i-web'],
    ['no agent (sub-status uninstalled)', server(UNINSTALLED), 'FAIL', 'i-web has no Security Center agent installed', 'i-web'],
    ['no agent (sub-status uninstalled), the uninstall list unreadable', server(UNINSTALLED, { agentMissing: refused('ListUninstallAegisMachines') }), 'FAIL', 'i-web has no Security Center agent installed', 'i-web'],
    ['offline and on the uninstall list', server(OFFLINE, { agentMissing: value(true) }), 'FAIL', 'i-web has no Security Center agent installed', 'i-web'],
    ['a data-centre server without the agent, named by Uuid', server(RACK), 'FAIL', 'uuid-rack7 has no Security Center agent installed', 'uuid-rack7'],
    ['another cloud\'s server with the agent', server({ Vendor: 7, InstanceId: 'i-0aws1234', Uuid: 'uuid-aws' }), 'PASS', 'i-0aws1234 runs the Security Center agent', 'uuid-aws'],
  ])('%s', (_, subject, status, text, id) => {
    const verdict = judge(agentInstalled, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(agentInstalled.resource(subject).id).toBe(id);
  });

  it('is MANUAL naming yundun-sas:ListUninstallAegisMachines for an offline server when the uninstall list is refused', () => {
    expect(missingOf(() => judge(agentInstalled, server(OFFLINE, { agentMissing: refused('ListUninstallAegisMachines') })))).toMatchObject({ action: 'yundun-sas:ListUninstallAegisMachines', reason: 'denied' });
    expect(missingOf(() => judge(agentInstalled, server(PAUSED, { agentMissing: refused('ListUninstallAegisMachines') })))).toMatchObject({ action: 'yundun-sas:ListUninstallAegisMachines' });
  });
});

describe('ecs_instance_latest_os_patches_applied', () => {
  const open = (...vulnerabilities: OpenVulnerability[]) => ({ vulnerabilities: value(vulnerabilities) });

  it.each([
    ['online, nothing open', server(), 'PASS', 'i-web has no unfixed OS vulnerabilities that need fixing'],
    ['online, one to fix now', server({}, open(vul('openssh', 'asap'))), 'FAIL', 'i-web has 1 unfixed OS vulnerability Security Center rates as needing a fix (1 asap, 0 later): openssh: security update'],
    ['a Windows one to fix later, named by Name without an alias', server({}, open(vul('KB5034439', 'later', { Type: 'sys', AliasName: undefined }))), 'FAIL', '(0 asap, 1 later): KB5034439'],
    ['four open, three named', server({}, open(vul('a', 'asap'), vul('b', 'later'), vul('c', 'asap'), vul('d', 'later'))), 'FAIL', 'i-web has 4 unfixed OS vulnerabilities Security Center rates as needing a fix (2 asap, 2 later): a: security update, b: security update, c: security update and 1 more'],
    ['offline, with open ones the agent reported', server(OFFLINE, open(vul('openssh', 'asap'))), 'FAIL', 'i-web has 1 unfixed OS vulnerability'],
    ['offline, nothing open', server(OFFLINE), 'MANUAL', 'no Security Center agent reports on i-web (agent offline), so its OS patches are unknown'],
    ['paused, nothing open', server(PAUSED), 'MANUAL', '(agent paused)'],
    ['no agent', server(UNINSTALLED), 'MANUAL', 'no Security Center agent reports on i-web (agent not installed)'],
    ['on the uninstall list', server(OFFLINE, { agentMissing: value(true) }), 'MANUAL', '(agent not installed)'],
  ])('%s', (_, subject, status, text) => {
    const verdict = judge(osPatches, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toContain(text);
    expect(osPatches.resource(subject)).toMatchObject({ id: 'i-web', uid: `acs:ecs:${REGION}:${ACCOUNT}:instance/i-web` });
  });

  it('gives a MANUAL without an agent a reason that holds for every instance', () => {
    expect(judge(osPatches, server(OFFLINE)).reason).toBe('no Security Center agent reports on the instance, so its OS patches are unknown');
  });

  it('gives no finding for a server that is not an ECS instance, even with no data', () => {
    expect(osPatches.evaluate(server(RACK, { vulnerabilities: refused('DescribeVulList') }), NOW)).toBeUndefined();
    expect(osPatches.evaluate(server({ Vendor: 7, InstanceId: 'i-0aws1234' }, open(vul('openssh', 'asap'))), NOW)).toBeUndefined();
  });

  it('is MANUAL naming yundun-sas:DescribeVulList when the vulnerabilities cannot be read, whatever the agent', () => {
    expect(missingOf(() => judge(osPatches, server({}, { vulnerabilities: refused('DescribeVulList') })))).toMatchObject({ action: 'yundun-sas:DescribeVulList', reason: 'denied' });
    expect(missingOf(() => judge(osPatches, server(OFFLINE, { vulnerabilities: refused('DescribeVulList') })))).toMatchObject({ action: 'yundun-sas:DescribeVulList' });
  });
});

describe('ecs_instance_endpoint_protection_installed', () => {
  it.each([
    ['online', server(), 'PASS', 'i-web runs the Security Center agent, online'],
    ['online, the uninstall list unreadable', server({}, { agentMissing: refused('ListUninstallAegisMachines') }), 'PASS', 'i-web runs the Security Center agent, online'],
    ['installed but offline', server(OFFLINE), 'FAIL', 'i-web has the Security Center agent installed, but it is offline'],
    ['installed but paused', server(PAUSED), 'FAIL', 'i-web has the Security Center agent installed, but it is paused'],
    ['offline, the uninstall list unreadable', server(OFFLINE, { agentMissing: refused('ListUninstallAegisMachines') }), 'FAIL', 'i-web has the Security Center agent installed, but it is offline'],
    ['no agent (sub-status uninstalled)', server(UNINSTALLED), 'FAIL', 'i-web has no Security Center agent installed'],
    ['offline and on the uninstall list', server(OFFLINE, { agentMissing: value(true) }), 'FAIL', 'i-web has no Security Center agent installed'],
  ])('%s', (_, subject, status, text) => {
    const verdict = judge(endpointProtection, subject);
    expect(verdict.status).toBe(status);
    expect(verdict.statusExtended).toBe(text);
    expect(endpointProtection.resource(subject).id).toBe('i-web');
  });

  it('gives no finding for a server that is not an ECS instance', () => {
    expect(endpointProtection.evaluate(server(RACK), NOW)).toBeUndefined();
    expect(endpointProtection.evaluate(server({ Vendor: 7, InstanceId: 'i-0aws1234' }), NOW)).toBeUndefined();
  });

  it('needs only the server list (its MANUAL is the engine\'s, when that list is unreadable): unreadable vulnerabilities change nothing', () => {
    expect(judge(endpointProtection, server(PAUSED, { vulnerabilities: refused('DescribeVulList'), agentMissing: refused('ListUninstallAegisMachines') })).status).toBe('FAIL');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The registry

const SAS_IDS = [
  'securitycenter_advanced_or_enterprise_edition',
  'securitycenter_all_assets_agent_installed',
  'securitycenter_auto_quarantine_enabled',
  'securitycenter_webshell_detection_enabled',
  'securitycenter_notification_enabled_high_risk',
  'securitycenter_config_assessment_authorized',
  'securitycenter_vulnerability_scan_enabled',
  'securitycenter_asset_fingerprint_enabled',
  'ecs_instance_latest_os_patches_applied',
  'ecs_instance_endpoint_protection_installed',
];
/** The checks the Security Center module collects for: its eight, and the two ECS checks only it can answer. */
const SAS_CHECKS = ALL_CHECKS.filter((check) => OWNER.get(check.id) === securityCenterService);
const ECS_CHECKS = ALL_CHECKS.filter((check) => OWNER.get(check.id)?.id === 'ecs');

describe('the registry', () => {
  it('has every Security Center check once, owned by the Security Center module, with its service, kind and CIS id', () => {
    expect(SECURITY_CENTER_CHECKS.map((check) => check.id)).toEqual(SAS_IDS);
    expect(securityCenterService.checks).toBe(SECURITY_CENTER_CHECKS);
    expect(SAS_CHECKS.map((check) => check.id)).toEqual(SAS_IDS);
    const row = (id: string) => {
      const found = ALL_CHECKS.filter((check) => check.id === id);
      expect(found, id).toHaveLength(1);
      const [check] = found;
      return [check.id, check.service, check.kind, check.cis];
    };
    expect(SAS_IDS.map(row)).toEqual([
      ['securitycenter_advanced_or_enterprise_edition', 'securitycenter', 'settings', ['8.1']],
      ['securitycenter_all_assets_agent_installed', 'securitycenter', 'asset', ['8.2']],
      ['securitycenter_auto_quarantine_enabled', 'securitycenter', 'settings', ['8.3']],
      ['securitycenter_webshell_detection_enabled', 'securitycenter', 'settings', ['8.4']],
      ['securitycenter_notification_enabled_high_risk', 'securitycenter', 'settings', ['8.5']],
      ['securitycenter_config_assessment_authorized', 'securitycenter', 'settings', ['8.6']],
      ['securitycenter_vulnerability_scan_enabled', 'securitycenter', 'settings', ['8.7']],
      ['securitycenter_asset_fingerprint_enabled', 'securitycenter', 'settings', ['8.8']],
      // Reported under ECS, as the benchmark files them (4.5, 4.6), though Security Center is what answers them.
      ['ecs_instance_latest_os_patches_applied', 'ecs', 'asset', ['4.5']],
      ['ecs_instance_endpoint_protection_installed', 'ecs', 'asset', ['4.6']],
    ]);
    expect(ALL_CHECKS.filter((check) => check.service === 'securitycenter').map((check) => check.id)).toEqual(SAS_IDS.slice(0, 8));
  });

  it('reads the account once, globally, with read-only yundun-sas permissions the read-only policy grants', () => {
    expect(securityCenterService).toMatchObject({ id: 'securitycenter', name: 'Security Center', scope: 'global' });
    expect(securityCenterService.permissions).toEqual([
      'yundun-sas:DescribeVersionConfig', 'yundun-sas:DescribeCloudCenterInstances', 'yundun-sas:ListUninstallAegisMachines', 'yundun-sas:DescribeVulList',
      'yundun-sas:DescribeNoticeConfig', 'yundun-sas:DescribeVulConfig', 'yundun-sas:DescribeSuspiciousOverallConfig',
      'yundun-sas:DescribeServiceLinkedRoleStatus', 'yundun-sas:DescribePropertyScheduleConfig',
    ]);
    expect(securityCenterService.permissions.every((p) => /^yundun-sas:(Describe|List)[A-Za-z]+$/.test(p))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The collector, over a fake Security Center

describe('the Security Center collector', () => {
  /** A Security Center that ignores DescribeVulList's filters and never says how many there are; every call recorded. */
  async function fakeScan(records: Record<string, unknown>[]) {
    const calls: { action: string; region: string; params: Record<string, unknown> }[] = [];
    const answers: Record<string, (params: Record<string, unknown>) => unknown> = {
      DescribeVersionConfig: () => ({ Version: 1, PostPayHostVersion: 3 }),
      DescribeNoticeConfig: () => ({ NoticeConfigList: ALL_NOTICES }),
      DescribeVulConfig: () => ({ TargetConfigs: ALL_SCANS }),
      DescribeSuspiciousOverallConfig: (params) => ({ OverallConfig: { Type: params.Type, Config: params.Type === 'auto_breaking' ? 'on' : 'off' } }),
      DescribeServiceLinkedRoleStatus: (params) => ({ RoleStatus: { Status: params.ServiceLinkedRole === 'AliyunServiceRoleForSasCspm' } }),
      DescribePropertyScheduleConfig: (params) => ({ Config: params.Type === 'scheduler_cron_period' ? '0' : '24' }),
      DescribeCloudCenterInstances: () => ({
        Instances: [
          { Uuid: 'uuid-a', InstanceId: 'i-a', InstanceName: 'a', RegionId: REGION, ClientStatus: 'online', ClientSubStatus: 'online', Vendor: 0, VulCount: 99 },
          { Uuid: 'uuid-b', InstanceId: 'i-b', InstanceName: 'b', RegionId: REGION, ClientStatus: 'online', ClientSubStatus: 'online', Vendor: '0' },
        ],
        PageInfo: { TotalCount: 2 },
      }),
      // One the asset list leaves out still has its finding.
      ListUninstallAegisMachines: () => ({ MachineList: [{ Uuid: 'uuid-c', InstanceId: 'i-c', InstanceName: 'c', RegionId: OTHER_REGION }], TotalCount: 1 }),
      DescribeVulList: (params) => {
        const ofType = records.filter((r) => r.Type === params.Type);
        const page = Number(params.CurrentPage);
        return { VulRecords: ofType.slice((page - 1) * 100, page * 100) };
      },
    };
    const api = async (product: Product, region: string): Promise<CloudApi> => ({
      product,
      region,
      call: async <T = any>(action: string, params: Record<string, unknown> = {}): Promise<T> => {
        calls.push({ action, region, params });
        return { RequestId: 'r', ...(answers[action]!(params) as object) } as T;
      },
    });
    const target: ScanTarget = { accountUid: ACCOUNT, identityArn: 'test', authMethod: 'test', homeRegion: REGION, api };
    const { findings } = await runScan(target, [], { checks: SAS_CHECKS, regions: [], version: 'test' }, () => {});
    return { calls, findings: [...findings] };
  }

  const record = (Uuid: string | undefined, Name: string, Necessity: string, Status: number, Type = 'cve') => ({ Uuid, Name, AliasName: Name, Type, Necessity, Status, InstanceId: 'ignored' });

  it('pages the vulnerabilities to a short page, keeps only open ones that need a fix, and asks the home region', async () => {
    const many = Array.from({ length: 100 }, (_, i) => record('uuid-b', `dealt-${i}`, 'asap', [7, 8, 10, 12, 20][i % 5]));
    const { calls, findings } = await fakeScan([
      ...many,
      record('uuid-a', 'open-late', 'later', 1),
      record('uuid-a', 'no-need', 'nntf', 1),
      record(undefined, 'nobody', 'asap', 1),
      record('uuid-a', 'fix-failed', 'asap', 2, 'sys'),
    ]);
    expect(new Set(calls.map((c) => c.region))).toEqual(new Set([REGION]));
    expect(calls.filter((c) => c.action === 'DescribeVulList').map((c) => c.params).sort((x, y) => `${x.Type}${x.CurrentPage}`.localeCompare(`${y.Type}${y.CurrentPage}`))).toEqual([
      { Type: 'cve', Dealed: 'n', Necessity: 'asap,later', Lang: 'en', CurrentPage: 1, PageSize: 100 },
      { Type: 'cve', Dealed: 'n', Necessity: 'asap,later', Lang: 'en', CurrentPage: 2, PageSize: 100 },
      { Type: 'sys', Dealed: 'n', Necessity: 'asap,later', Lang: 'en', CurrentPage: 1, PageSize: 100 },
    ]);
    expect(calls.find((c) => c.action === 'DescribeCloudCenterInstances')!.params).toEqual({ MachineTypes: 'ecs', CurrentPage: 1, PageSize: 100 });
    expect(calls.find((c) => c.action === 'DescribeServiceLinkedRoleStatus')!.params).toEqual({ ServiceLinkedRole: 'AliyunServiceRoleForSasCspm' });
    expect(calls.filter((c) => c.action === 'DescribePropertyScheduleConfig').map((c) => c.params.Type).sort()).toEqual(Object.keys(FINGERPRINT_TYPES).sort());
    expect(calls.filter((c) => c.action === 'DescribeSuspiciousOverallConfig').map((c) => c.params.Type).sort()).toEqual(['auto_breaking', 'webshell_cloud_breaking']);

    const patches = findings.filter((f) => f.checkId === 'ecs_instance_latest_os_patches_applied');
    expect(patches.map((f) => [f.resource.name, f.status])).toEqual([['a', 'FAIL'], ['b', 'PASS'], ['c', 'MANUAL']]);
    expect(patches[0].statusExtended).toBe('i-a has 2 unfixed OS vulnerabilities Security Center rates as needing a fix (1 asap, 1 later): open-late, fix-failed');
    const verdict = (id: string) => findings.find((f) => f.checkId === id)!;
    expect(verdict('securitycenter_advanced_or_enterprise_edition')).toMatchObject({ status: 'PASS', statusExtended: 'pay-as-you-go protects servers with the Enterprise edition (the subscription is Free)' });
    expect(verdict('securitycenter_auto_quarantine_enabled').status).toBe('PASS');
    expect(verdict('securitycenter_webshell_detection_enabled').status).toBe('FAIL');
    expect(verdict('securitycenter_config_assessment_authorized').status).toBe('PASS');
    expect(verdict('securitycenter_asset_fingerprint_enabled')).toMatchObject({ status: 'FAIL', statusExtended: 'scheduled tasks fingerprints are not collected (scheduler_cron_period is 0)' });
    expect(findings.filter((f) => f.checkId === 'securitycenter_all_assets_agent_installed').map((f) => [f.resource.name, f.status])).toEqual([['a', 'PASS'], ['b', 'PASS'], ['c', 'FAIL']]);
    expect(findings.find((f) => f.checkId === 'ecs_instance_endpoint_protection_installed' && f.resource.name === 'c')).toMatchObject({
      status: 'FAIL', statusExtended: 'i-c has no Security Center agent installed', resource: { uid: `acs:ecs:${OTHER_REGION}:${ACCOUNT}:instance/i-c` },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Known-answer scans against the emulator

const NO_SAS = { id: 'LTAInosas000001', secret: 'nosas-secret-0001-not-real' };
const HALF_SAS = { id: 'LTAIhalfsas0001', secret: 'halfsas-secret-0001-not-real' };
const keyOf = (keys: { id: string; secret: string }) => [{ AccessKeyId: keys.id, AccessKeySecret: keys.secret, Status: 'Active', CreateDate: '-10d' }];
const system = (PolicyName: string) => ({ PolicyName, PolicyType: 'System' });
const FILLER = 100;
const FILLER_VULNERABILITIES = 105;
const AWS_UUID = 'aaaaaaaa-0000-4000-8000-000000000007';
const RACK_UUID = 'bbbbbbbb-0000-4000-8000-000000000002';

/** A world whose account has `section` as its Security Center (none when undefined), and scanners with and without it. */
function world(section: Record<string, unknown> | undefined) {
  return {
    Regions: [REGION, OTHER_REGION, ABROAD].map((RegionId) => ({ RegionId, LocalName: RegionId, Status: 'available' })),
    Accounts: [
      {
        AccountId: ACCOUNT,
        Root: { MFA: true },
        Users: [
          { UserName: 'auditor', AccessKeys: keyOf(AUDITOR), Policies: [system('AliyunYundunSASReadOnlyAccess'), system('AliyunECSReadOnlyAccess')] },
          { UserName: 'no-sas', AccessKeys: keyOf(NO_SAS), Policies: [system('AliyunECSReadOnlyAccess'), system('AliyunRAMReadOnlyAccess')] },
          { UserName: 'half-sas', AccessKeys: keyOf(HALF_SAS), Policies: [{ PolicyName: 'sas-but-lists', PolicyType: 'Custom' }, system('AliyunECSReadOnlyAccess')] },
        ],
        Policies: [
          {
            PolicyName: 'sas-but-lists',
            PolicyDocument: {
              Version: '1',
              Statement: [
                { Effect: 'Allow', Action: ['yundun-sas:Describe*', 'yundun-sas:List*'], Resource: '*' },
                { Effect: 'Deny', Action: ['yundun-sas:DescribeVulList', 'yundun-sas:ListUninstallAegisMachines'], Resource: '*' },
              ],
            },
          },
        ],
        Ecs: { [REGION]: { Instances: [{ InstanceId: 'i-classic', InstanceName: 'classic', InstanceNetworkType: 'classic' }] } },
        ...(section ? { SecurityCenter: section } : {}),
      },
    ],
  };
}

const online = (InstanceId: string, RegionId = REGION, extra: Record<string, unknown> = {}) => ({ InstanceId, InstanceName: InstanceId.replace(/^i-/, ''), RegionId, ClientStatus: 'online', ...extra });

/** Everything on, and servers at every edge of the three server checks; filler past the first page of servers and of vulnerabilities. */
function strongSection() {
  return {
    Version: 3,
    IsTrialVersion: 1,
    Instances: [
      online('i-clean', REGION, { InternetIp: '47.96.0.10' }),
      online('i-vulns', REGION, { Os: 'windows' }),
      online('i-many-vulns'),
      online('i-offline', REGION, { ClientStatus: 'offline' }),
      online('i-offline-vulns', REGION, { ClientStatus: 'offline' }),
      online('i-paused', OTHER_REGION, { ClientStatus: 'pause' }),
      online('i-stopped', OTHER_REGION, { ClientStatus: 'offline', ClientSubStatus: 'stopped', Status: 'notRunning' }),
      online('i-0aws1234', REGION, { Uuid: AWS_UUID, Vendor: 7, InstanceName: 'aws-box' }),
      ...Array.from({ length: FILLER }, (_, i) => online(`i-filler${String(i).padStart(3, '0')}`)),
    ],
    UninstalledMachines: [
      { InstanceId: 'i-bare', InstanceName: 'bare', RegionId: ABROAD },
      { Uuid: RACK_UUID, InstanceId: 'idc-rack7', InstanceName: 'rack-7', RegionId: REGION, Vendor: 2, Os: 'windows' },
    ],
    Vulnerabilities: [
      // Fixed, ignored, not needing a fix, or not an OS vulnerability: none fails i-clean.
      { InstanceId: 'i-clean', Type: 'cve', Name: 'oval:fixed', Necessity: 'asap', Status: 7 },
      { InstanceId: 'i-clean', Type: 'cve', Name: 'oval:restart-pending', Necessity: 'asap', Status: 8 },
      { InstanceId: 'i-clean', Type: 'sys', Name: 'KB-ignored', Necessity: 'later', Status: 10 },
      { InstanceId: 'i-clean', Type: 'cve', Name: 'oval:no-need', Necessity: 'nntf', Status: 1 },
      { InstanceId: 'i-clean', Type: 'cms', Name: 'wordpress:1', Necessity: 'asap', Status: 1 },
      { InstanceId: 'i-clean', Type: 'emg', Name: 'log4shell', Necessity: 'asap', Status: 1 },
      { InstanceId: 'i-vulns', Type: 'cve', Name: 'oval:openssh', AliasName: 'openssh security update', Necessity: 'asap', Status: 1 },
      { InstanceId: 'i-vulns', Type: 'sys', Name: 'KB5034439', AliasName: 'KB5034439: recovery update', Necessity: 'later', Status: 2 },
      { InstanceId: 'i-offline-vulns', Type: 'cve', Name: 'oval:glibc', AliasName: 'glibc security update', Necessity: 'later', Status: 4 },
      ...Array.from({ length: FILLER_VULNERABILITIES }, (_, i) => ({ InstanceId: 'i-many-vulns', Type: 'cve', Name: `oval:bulk-${i}`, Necessity: 'later', Status: 1 })),
    ],
    NoticeConfigs: [...HIGH_RISK_NOTICES.map((Project, i) => ({ Project, Route: [1, 2, 4, 7][i % 4] })), { Project: 'weeklyreport', Route: 0 }],
    VulConfig: [...ALL_SCANS, { Type: 'app', Config: 'off' }, { Type: 'yum', Config: 'off' }, { Type: 'scanMode', Config: 'real' }],
    SuspiciousOverallConfig: { auto_breaking: 'on', webshell_cloud_breaking: 'on', alinet: 'off' },
    ServiceLinkedRoles: { AliyunServiceRoleForSas: false, AliyunServiceRoleForSasCspm: true },
    PropertyScheduleConfig: Object.fromEntries(Object.keys(FINGERPRINT_TYPES).map((type, i) => [type, ['1', '3', '12', '24', '168'][i % 5]])),
  };
}

/** Everything off, or partly off; no servers. */
function weakSection() {
  return {
    Version: 6,
    NoticeConfigs: HIGH_RISK_NOTICES.filter((p) => p !== 'yundun_sas_ak_leakage').map((Project) => ({ Project, Route: Project === 'webshell' || Project === 'remotelogin' ? 0 : 7 })),
    VulConfig: [{ Type: 'cve', Config: 'on' }, { Type: 'sys', Config: 'off' }, { Type: 'cms', Config: 'on' }, { Type: 'app', Config: 'on' }],
    SuspiciousOverallConfig: { auto_breaking: 'off', alinet: 'on' },
    ServiceLinkedRoles: { AliyunServiceRoleForSas: true, AliyunServiceRoleForSasCspm: false },
    PropertyScheduleConfig: Object.fromEntries(Object.entries({ ...ALL_FINGERPRINTS, scheduler_software_period: '0' }).filter(([type]) => type !== 'scheduler_lkm_period')),
  };
}

const setting = (type: string) => `acs:securitycenter::${ACCOUNT}:${type}`;
const instance = (region: string, id: string) => `acs:ecs:${region}:${ACCOUNT}:instance/${id}`;
const machine = (uuid: string) => `acs:securitycenter::${ACCOUNT}:machine/${uuid}`;
const SETTINGS: [string, string][] = [
  ['securitycenter_advanced_or_enterprise_edition', 'edition'],
  ['securitycenter_auto_quarantine_enabled', 'anti-virus'],
  ['securitycenter_webshell_detection_enabled', 'webshell-protection'],
  ['securitycenter_notification_enabled_high_risk', 'notification'],
  ['securitycenter_config_assessment_authorized', 'config-assessment'],
  ['securitycenter_vulnerability_scan_enabled', 'vulnerability-scan'],
  ['securitycenter_asset_fingerprint_enabled', 'asset-fingerprint'],
];
const AGENT = 'securitycenter_all_assets_agent_installed';
const PATCHES = 'ecs_instance_latest_os_patches_applied';
const PROTECTION = 'ecs_instance_endpoint_protection_installed';

const summary = (findings: readonly Finding[]) => findings.map((f) => `${f.checkId} ${f.resource.uid} ${f.status}`).sort();
const line = (check: string, uid: string, status: string) => `${check} ${uid} ${status}`;
/** The three server checks' verdicts for one ECS instance. */
const ecsLines = (region: string, id: string, agent: string, patches: string, protection: string) => [
  line(AGENT, instance(region, id), agent), line(PATCHES, instance(region, id), patches), line(PROTECTION, instance(region, id), protection),
];

/** The strong world's known answer, for a scanner that can read everything. */
function strongAnswer() {
  return [
    ...SETTINGS.map(([check, type]) => line(check, setting(type), 'PASS')),
    ...ecsLines(REGION, 'i-clean', 'PASS', 'PASS', 'PASS'),
    ...ecsLines(REGION, 'i-vulns', 'PASS', 'FAIL', 'PASS'),
    ...ecsLines(REGION, 'i-many-vulns', 'PASS', 'FAIL', 'PASS'),
    ...ecsLines(REGION, 'i-offline', 'PASS', 'MANUAL', 'FAIL'),
    ...ecsLines(REGION, 'i-offline-vulns', 'PASS', 'FAIL', 'FAIL'),
    ...ecsLines(OTHER_REGION, 'i-paused', 'PASS', 'MANUAL', 'FAIL'),
    ...ecsLines(OTHER_REGION, 'i-stopped', 'PASS', 'MANUAL', 'FAIL'),
    line(AGENT, machine(AWS_UUID), 'PASS'),
    ...Array.from({ length: FILLER }, (_, i) => ecsLines(REGION, `i-filler${String(i).padStart(3, '0')}`, 'PASS', 'PASS', 'PASS')).flat(),
    ...ecsLines(ABROAD, 'i-bare', 'FAIL', 'MANUAL', 'FAIL'),
    line(AGENT, machine(RACK_UUID), 'FAIL'),
  ].sort();
}

describe('a scan of Security Center with a known answer', () => {
  const emulators: RunningEmulator[] = [];
  const serve = async (section: Record<string, unknown> | undefined) => {
    const emulator = await startEmulator({ state: loadWorld(world(section)), port: 0 });
    emulators.push(emulator);
    return emulator.url;
  };
  let strong: string;
  let weak: string;
  let unconfigured: string;
  let findings: Finding[];
  let calls: Record<string, { answered: number; refused: number }>;

  beforeAll(async () => {
    [strong, weak, unconfigured] = await Promise.all([serve(strongSection()), serve(weakSection()), serve(undefined)]);
    ({ findings } = await scanOf(strong, { checks: SAS_CHECKS }));
    ({ calls } = (await (await fetch(`${strong}/_emulator/stats`)).json()) as { calls: typeof calls });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
  });

  it('passes every setting and judges every server as its agent and vulnerabilities say', () => {
    expect(summary(findings)).toEqual(strongAnswer());
  });

  it('says why, server by server', () => {
    const text = (check: string, name: string) => findings.find((f) => f.checkId === check && f.resource.name === name)?.statusExtended;
    expect(text('securitycenter_advanced_or_enterprise_edition', 'Security Center edition')).toBe('Security Center is the Enterprise edition (a trial)');
    expect(text(PATCHES, 'vulns')).toBe('i-vulns has 2 unfixed OS vulnerabilities Security Center rates as needing a fix (1 asap, 1 later): openssh security update, KB5034439: recovery update');
    expect(text(PATCHES, 'many-vulns')).toBe(
      `i-many-vulns has ${FILLER_VULNERABILITIES} unfixed OS vulnerabilities Security Center rates as needing a fix (0 asap, ${FILLER_VULNERABILITIES} later): oval:bulk-0, oval:bulk-1, oval:bulk-2 and ${FILLER_VULNERABILITIES - 3} more`,
    );
    expect(text(PATCHES, 'offline-vulns')).toContain('i-offline-vulns has 1 unfixed OS vulnerability');
    expect(text(PATCHES, 'clean')).toBe('i-clean has no unfixed OS vulnerabilities that need fixing');
    expect(text(PATCHES, 'offline')).toBe('no Security Center agent reports on i-offline (agent offline), so its OS patches are unknown');
    expect(text(PROTECTION, 'paused')).toBe('i-paused has the Security Center agent installed, but it is paused');
    expect(text(PROTECTION, 'stopped')).toBe('i-stopped has the Security Center agent installed, but it is offline');
    expect(text(PROTECTION, 'bare')).toBe('i-bare has no Security Center agent installed');
    expect(text(AGENT, 'offline')).toBe('i-offline has the Security Center agent installed (it is offline)');
    expect(text(AGENT, 'rack-7')).toBe('idc-rack7 has no Security Center agent installed');
    expect(findings.find((f) => f.checkId === AGENT && f.resource.name === 'clean')!.resource).toMatchObject({ type: 'instance', details: `${REGION}, agent online, public 47.96.0.10` });
  });

  it('files each finding under its check\'s service and CIS id, in the global part of the scan', () => {
    const of = (check: string) => findings.find((f) => f.checkId === check)!;
    expect(of(PATCHES)).toMatchObject({ service: 'ecs', region: GLOBAL, severity: 'high', compliance: { 'CIS-2.0': ['4.5'] } });
    expect(of(PROTECTION)).toMatchObject({ service: 'ecs', region: GLOBAL, compliance: { 'CIS-2.0': ['4.6'] } });
    expect(of(AGENT)).toMatchObject({ service: 'securitycenter', region: GLOBAL, compliance: { 'CIS-2.0': ['8.2'] } });
    expect(of('securitycenter_asset_fingerprint_enabled')).toMatchObject({ service: 'securitycenter', region: GLOBAL, severity: 'low', compliance: { 'CIS-2.0': ['8.8'] } });
  });

  it('reads every page, once: two pages of servers, two of Linux vulnerabilities, one of Windows', () => {
    const answered = (action: string) => calls[`yundun-sas:${action}`]?.answered ?? 0;
    expect(Object.fromEntries(securityCenterService.permissions.map((p) => [p, answered(p.replace('yundun-sas:', ''))]))).toEqual({
      'yundun-sas:DescribeVersionConfig': 1,
      'yundun-sas:DescribeCloudCenterInstances': 2,
      'yundun-sas:ListUninstallAegisMachines': 1,
      'yundun-sas:DescribeVulList': 3,
      'yundun-sas:DescribeNoticeConfig': 1,
      'yundun-sas:DescribeVulConfig': 1,
      'yundun-sas:DescribeSuspiciousOverallConfig': 2,
      'yundun-sas:DescribeServiceLinkedRoleStatus': 1,
      'yundun-sas:DescribePropertyScheduleConfig': 9,
    });
    expect(Object.entries(calls).filter(([api, c]) => api.startsWith('yundun-sas:') && c.refused > 0)).toEqual([]);
  });

  it('fails every setting of a Security Center that is off or partly off, saying what', async () => {
    const { findings: found } = await scanOf(weak, { checks: SAS_CHECKS });
    expect(summary(found)).toEqual(SETTINGS.map(([check, type]) => line(check, setting(type), 'FAIL')).sort());
    const text = (check: string) => found.find((f) => f.checkId === check)!.statusExtended;
    expect(text('securitycenter_advanced_or_enterprise_edition')).toBe('Security Center is the Anti-virus edition; Advanced, Enterprise or Ultimate is needed');
    expect(text('securitycenter_notification_enabled_high_risk')).toBe('notification is off (Route 0) for remotelogin, webshell; DescribeNoticeConfig does not list yundun_sas_ak_leakage');
    expect(text('securitycenter_vulnerability_scan_enabled')).toBe('the scan for Windows system (sys) vulnerabilities is off; DescribeVulConfig does not list emergency (emg)');
    expect(text('securitycenter_auto_quarantine_enabled')).toBe('anti-virus (automatic blocking and quarantine) is off (auto_breaking)');
    expect(text('securitycenter_webshell_detection_enabled')).toBe('webshell protection is off (webshell_cloud_breaking)');
    expect(text('securitycenter_config_assessment_authorized')).toContain('AliyunServiceRoleForSasCspm does not exist');
    expect(text('securitycenter_asset_fingerprint_enabled')).toBe('software, kernel modules fingerprints are not collected (scheduler_software_period, scheduler_lkm_period is 0)');
  });

  it('judges an account whose world says nothing of Security Center as unconfigured: Free, every switch off, lists empty', async () => {
    const { findings: found } = await scanOf(unconfigured, { checks: SAS_CHECKS });
    const manual = new Set(['securitycenter_notification_enabled_high_risk', 'securitycenter_vulnerability_scan_enabled']);
    expect(summary(found)).toEqual(SETTINGS.map(([check, type]) => line(check, setting(type), manual.has(check) ? 'MANUAL' : 'FAIL')).sort());
    expect(found.find((f) => f.checkId === 'securitycenter_notification_enabled_high_risk')!.statusExtended).toBe(
      `DescribeNoticeConfig does not list ${HIGH_RISK_NOTICES.join(', ')}, so whether they notify is unknown`,
    );
  });

  it('a scanner denied Security Center gets MANUAL for its checks only, each naming the yundun-sas permission; ECS findings are the same', async () => {
    const checks = [...SAS_CHECKS, ...ECS_CHECKS];
    const [without, withIt] = await Promise.all([scanOf(strong, { checks, keys: NO_SAS }), scanOf(strong, { checks })]);
    const ownedBySas = (f: Finding) => OWNER.get(f.checkId) === securityCenterService;
    const sas = without.findings.filter(ownedBySas);
    const needs: Record<string, string> = {
      securitycenter_advanced_or_enterprise_edition: 'missing permission yundun-sas:DescribeVersionConfig',
      securitycenter_auto_quarantine_enabled: 'missing permission yundun-sas:DescribeSuspiciousOverallConfig',
      securitycenter_webshell_detection_enabled: 'missing permission yundun-sas:DescribeSuspiciousOverallConfig',
      securitycenter_notification_enabled_high_risk: 'missing permission yundun-sas:DescribeNoticeConfig',
      securitycenter_config_assessment_authorized: 'missing permission yundun-sas:DescribeServiceLinkedRoleStatus',
      securitycenter_vulnerability_scan_enabled: 'missing permission yundun-sas:DescribeVulConfig',
      securitycenter_asset_fingerprint_enabled: 'missing permission yundun-sas:DescribePropertyScheduleConfig',
      [AGENT]: 'could not list Security Center servers: missing permission yundun-sas:DescribeCloudCenterInstances',
      [PATCHES]: 'could not list Security Center servers: missing permission yundun-sas:DescribeCloudCenterInstances',
      [PROTECTION]: 'could not list Security Center servers: missing permission yundun-sas:DescribeCloudCenterInstances',
    };
    expect(Object.fromEntries(sas.map((f) => [f.checkId, f.statusExtended]))).toEqual(needs);
    expect(summary(sas)).toEqual([
      ...SETTINGS.map(([check, type]) => line(check, setting(type), 'MANUAL')),
      line(AGENT, `acs:securitycenter::${ACCOUNT}:instance/*`, 'MANUAL'),
      line(PATCHES, `acs:ecs::${ACCOUNT}:instance/*`, 'MANUAL'),
      line(PROTECTION, `acs:ecs::${ACCOUNT}:instance/*`, 'MANUAL'),
    ].sort());
    const ecs = (found: Finding[]) => summary(found.filter((f) => !ownedBySas(f)));
    expect(ecs(without.findings).length).toBeGreaterThan(0);
    expect(without.findings.filter((f) => !ownedBySas(f) && f.status === 'MANUAL').map((f) => f.statusExtended)).toEqual([]);
    expect(ecs(without.findings)).toEqual(ecs(withIt.findings));
    expect(ecs(without.findings)).toContain(line('ecs_instance_no_legacy_network', instance(REGION, 'i-classic'), 'FAIL'));
    expect(summary(withIt.findings.filter(ownedBySas))).toEqual(strongAnswer());
  });

  it('a scanner denied only the vulnerabilities and the uninstall list: OS patches MANUAL, offline agents MANUAL, the rest as before', async () => {
    const { findings: found } = await scanOf(strong, { checks: SAS_CHECKS, keys: HALF_SAS });
    const expected = strongAnswer().map((l) => {
      const [check, uid] = l.split(' ');
      if (check === PATCHES) return line(check, uid, 'MANUAL');
      // Installed but not online: only the uninstall list could say the agent is there.
      if (check === AGENT && /instance\/i-(offline|offline-vulns|paused|stopped)$/.test(uid)) return line(check, uid, 'MANUAL');
      return l;
    });
    expect(summary(found)).toEqual(expected.sort());
    expect(new Set(found.filter((f) => f.checkId === PATCHES).map((f) => f.statusExtended))).toEqual(new Set(['missing permission yundun-sas:DescribeVulList']));
    expect(new Set(found.filter((f) => f.checkId === AGENT && f.status === 'MANUAL').map((f) => f.statusExtended))).toEqual(new Set(['missing permission yundun-sas:ListUninstallAegisMachines']));
    // The asset list's sub-status still says which servers have no agent.
    expect(found.find((f) => f.checkId === PROTECTION && f.resource.name === 'bare')!.statusExtended).toBe('i-bare has no Security Center agent installed');
  });
});

describe('the demo world\'s Security Center share', () => {
  it('fails every setting and the servers without a working agent or with open OS vulnerabilities', async () => {
    const demo = await startEmulator({ state: loadWorld(demoWorld()), port: 0 });
    try {
      const { findings } = await scanOf(demo.url, { checks: SAS_CHECKS, keys: { id: DEMO_CREDENTIALS.accessKeyId, secret: DEMO_CREDENTIALS.accessKeySecret } });
      expect(findings.some((f) => f.status === 'FAIL')).toBe(true);
      const byServer = (check: string) => Object.fromEntries(findings.filter((f) => f.checkId === check).map((f) => [f.resource.name, f.status]));
      expect(SETTINGS.map(([check]) => findings.filter((f) => f.checkId === check).map((f) => f.status))).toEqual(SETTINGS.map(() => ['FAIL']));
      const servers = ['web-1', 'web-2', 'db-1', 'windows-jump', 'staging-app', 'cache-1', 'bastion', 'archive-1', 'legacy-app'];
      const each = (status: string, except: Record<string, string>) => Object.fromEntries(servers.map((name) => [name, except[name] ?? status]));
      expect(byServer(AGENT)).toEqual(each('PASS', { 'legacy-app': 'FAIL' }));
      expect(byServer(PATCHES)).toEqual(each('PASS', { 'web-2': 'FAIL', 'staging-app': 'MANUAL', 'archive-1': 'MANUAL', 'legacy-app': 'MANUAL' }));
      expect(byServer(PROTECTION)).toEqual(each('PASS', { 'staging-app': 'FAIL', 'archive-1': 'FAIL', 'legacy-app': 'FAIL' }));
      const text = (check: string, name?: string) => findings.find((f) => f.checkId === check && (name === undefined || f.resource.name === name))!.statusExtended;
      expect(text('securitycenter_advanced_or_enterprise_edition')).toBe('Security Center is the Free edition; Advanced, Enterprise or Ultimate is needed');
      expect(text('securitycenter_notification_enabled_high_risk')).toBe('notification is off (Route 0) for remotelogin, webshell');
      expect(text('securitycenter_vulnerability_scan_enabled')).toBe('the scan for Web-CMS (cms), emergency (emg) vulnerabilities is off');
      expect(text('securitycenter_asset_fingerprint_enabled')).toBe('software, kernel modules fingerprints are not collected (scheduler_software_period, scheduler_lkm_period is 0)');
      expect(text(PATCHES, 'web-2')).toBe(
        'i-bp1demoweb0000000002 has 2 unfixed OS vulnerabilities Security Center rates as needing a fix (1 asap, 1 later): ALINUX3-SA-2024:0057: openssh security update, ALINUX3-SA-2024:0102: glibc security update',
      );
      expect(text(PROTECTION, 'legacy-app')).toBe('i-t4ndemolegacy0000001 has no Security Center agent installed');
      expect(findings.find((f) => f.checkId === PROTECTION && f.resource.name === 'staging-app')!.resource.uid).toBe(`acs:ecs:cn-shanghai:${ACCOUNT}:instance/i-uf6demostaging000001`);
    } finally {
      await demo.close();
    }
  }, 60_000);
});

