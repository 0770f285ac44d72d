/**
 * Security Center's checks (CIS 8.x) and the two ECS checks whose facts only Security Center holds (4.5 OS patches,
 * 4.6 endpoint protection), judged per instance from its agent and vulnerabilities. The account-wide settings are
 * one subject; every server Security Center lists (with the agent or without) is another.
 */
import { type CheckDefinition, type Fact, fail, manual, need, pass, type Resource, resourceUid } from '../../checks/check.js';

/** DescribeVersionConfig's answer, the fields 8.1 reads. */
export interface VersionConfig {
  Version?: number;
  HighestVersion?: number;
  PostPayHostVersion?: number;
  IsTrialVersion?: number;
}

export interface NoticeConfig {
  Project: string;
  /** Bits: 1 text message, 2 email, 4 internal message; 0 sends nothing. */
  Route?: number;
}

export interface VulTypeConfig {
  Type: string;
  Config?: string;
}

/** Security Center's account-wide settings, each as its call answered it (or why it did not). */
export interface SettingsSubject {
  accountUid: string;
  edition: Fact<VersionConfig>;
  notices: Fact<NoticeConfig[]>;
  vulnerabilityScan: Fact<VulTypeConfig[]>;
  /** DescribeSuspiciousOverallConfig's Config (on/off) of `auto_breaking`: anti-virus, which quarantines what it finds. */
  antiVirus: Fact<string>;
  /** The same of `webshell_cloud_breaking`: webshell protection. */
  webshellProtection: Fact<string>;
  /** Whether the configuration assessment's service-linked role exists: what authorising it creates. */
  configAssessmentRole: Fact<boolean>;
  /** Hours between asset fingerprint collections, per fingerprint type ("0" is off). */
  fingerprints: Fact<Record<string, string>>;
}

/** A server as DescribeCloudCenterInstances (or, without the agent, ListUninstallAegisMachines) lists it. */
export interface Asset {
  Uuid: string;
  InstanceId: string;
  InstanceName?: string;
  RegionId?: string;
  /** online, offline or pause. */
  ClientStatus?: string;
  /** The same, or `uninstalled` / `stopped`. */
  ClientSubStatus?: string;
  /** 0 for Alibaba Cloud; other vendors' and data-centre servers have no ECS instance. */
  Vendor?: number;
  InternetIp?: string;
}

/** An OS vulnerability not dealt with that Security Center says to fix. */
export interface OpenVulnerability {
  Name: string;
  AliasName?: string;
  Type: string;
  /** asap (fix now) or later. */
  Necessity: string;
}

export interface AssetSubject {
  accountUid: string;
  asset: Asset;
  /** Whether ListUninstallAegisMachines lists the server: its agent is not installed. */
  agentMissing: Fact<boolean>;
  /** Its Linux-software and Windows-system vulnerabilities not dealt with, rated asap or later. */
  vulnerabilities: Fact<OpenVulnerability[]>;
}

const CIS_URL = 'https://www.cisecurity.org/benchmark/alibaba_cloud';
const SAS_URL = 'https://www.alibabacloud.com/help/en/security-center/';
const common = { service: 'securitycenter' as const };

/** 8.1: Advanced (5), Enterprise (3) and Ultimate (7) do what the benchmark asks of the paid editions. */
const QUALIFYING_EDITIONS = new Set([3, 5, 7]);
const EDITION_NAMES: Record<number, string> = { 1: 'Free', 3: 'Enterprise', 5: 'Advanced', 6: 'Anti-virus', 7: 'Ultimate', 8: 'multi-version', 10: 'value-added services only' };

/** The notification items a high-risk event is reported through (Prowler's nine). */
export const HIGH_RISK_NOTICES = [
  'sas_vulnerability', 'yundun_sas_vul_Emergency', 'sas_healthcheck', 'sas_suspicious', 'suspicious', 'remotelogin', 'webshell', 'bruteforcesuccess', 'yundun_sas_ak_leakage',
] as const;

/** 8.7: the scheduled scans of servers' vulnerabilities (`app`, the web scanner, is a paid add-on; `yum` chooses a fix source). */
export const SCAN_TYPES: Record<string, string> = { cve: 'Linux software', sys: 'Windows system', cms: 'Web-CMS', emg: 'emergency' };

/** 8.8: the asset fingerprints Security Center can collect, and what each is. */
export const FINGERPRINT_TYPES: Record<string, string> = {
  scheduler_port_period: 'listening ports',
  scheduler_process_period: 'processes',
  scheduler_account_period: 'accounts',
  scheduler_software_period: 'software',
  scheduler_cron_period: 'scheduled tasks',
  scheduler_sca_period: 'middleware',
  scheduler_autorun_period: 'startup items',
  scheduler_lkm_period: 'kernel modules',
  scheduler_sca_proxy_period: 'websites',
};

const setting = (type: string, name: string) => (s: SettingsSubject): Resource => ({
  uid: resourceUid('securitycenter', 'global', s.accountUid, type),
  id: type,
  name,
  type,
  region: 'global',
});

/** An Alibaba Cloud ECS instance, which the two ECS checks are about; other servers (data centre, other clouds) are not. */
export function isEcsInstance(asset: Asset): boolean {
  return (asset.Vendor ?? 0) === 0 && asset.InstanceId.startsWith('i-');
}

/** An ECS instance is named as the ECS checks name it, so its findings line up with theirs; other servers by Uuid. */
const assetResource = (s: AssetSubject): Resource => {
  const { asset } = s;
  const ecs = isEcsInstance(asset);
  const where = asset.RegionId ?? 'global';
  return {
    uid: ecs ? resourceUid('ecs', where, s.accountUid, 'instance', asset.InstanceId) : resourceUid('securitycenter', 'global', s.accountUid, 'machine', asset.Uuid),
    id: ecs ? asset.InstanceId : asset.Uuid,
    name: asset.InstanceName || asset.InstanceId,
    type: ecs ? 'instance' : 'machine',
    region: where,
    details: [where, `agent ${agentState(s)}`, asset.InternetIp ? `public ${asset.InternetIp}` : ''].filter(Boolean).join(', '),
  };
};

type AgentState = 'online' | 'offline' | 'paused' | 'not installed';

/** What the server's agent is doing, as far as the lists say (an unreadable uninstall list cannot turn "offline" into "not installed"). */
function agentState(s: AssetSubject): AgentState {
  const { ClientStatus, ClientSubStatus } = s.asset;
  if (ClientSubStatus === 'uninstalled' || ('value' in s.agentMissing && s.agentMissing.value)) return 'not installed';
  if (ClientStatus === 'online') return 'online';
  return ClientStatus === 'pause' ? 'paused' : 'offline';
}

function named(items: readonly string[], most = 3): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

export const advancedEdition: CheckDefinition<SettingsSubject> = {
  ...common,
  id: 'securitycenter_advanced_or_enterprise_edition',
  title: 'Security Center is the Advanced, Enterprise or Ultimate edition',
  severity: 'medium',
  kind: 'settings',
  resourceType: 'edition',
  categories: ['threat-detection'],
  description: 'The Free and Anti-virus editions leave out most of what the benchmark relies on (vulnerability fixing, webshell detection, configuration assessment).',
  risk: 'Threats the paid editions detect and block go unnoticed.',
  remediation: { text: 'Upgrade Security Center to the Advanced, Enterprise or Ultimate edition (or bind such an edition to every server, pay-as-you-go).', url: CIS_URL },
  resource: setting('edition', 'Security Center edition'),
  evaluate: (s) => {
    const config = need(s.edition);
    const version = Number(config.Version);
    const name = (v: number) => EDITION_NAMES[v] ?? `edition ${v}`;
    const trial = Number(config.IsTrialVersion) === 1 ? ' (a trial)' : '';
    if (QUALIFYING_EDITIONS.has(version)) return pass(`Security Center is the ${name(version)} edition${trial}`);
    const postPay = Number(config.PostPayHostVersion);
    if (QUALIFYING_EDITIONS.has(postPay)) return pass(`pay-as-you-go protects servers with the ${name(postPay)} edition (the subscription is ${name(version)})`);
    if (version === 8) {
      return manual(
        'Security Center is multi-version: each server is bound to its own edition (AuthVersion in DescribeCloudCenterInstances); check that every server has Advanced, Enterprise or Ultimate',
        'a multi-version Security Center binds an edition to each server, which needs checking server by server',
      );
    }
    if (EDITION_NAMES[version]) return fail(`Security Center is the ${name(version)} edition; Advanced, Enterprise or Ultimate is needed`);
    return manual(`DescribeVersionConfig answered edition ${String(config.Version)}, which aliaudit does not know`, 'DescribeVersionConfig answered an edition aliaudit does not know');
  },
};

export const agentInstalled: CheckDefinition<AssetSubject> = {
  ...common,
  id: 'securitycenter_all_assets_agent_installed',
  title: 'Every server has the Security Center agent installed',
  severity: 'high',
  kind: 'asset',
  resourceType: 'instance',
  categories: ['threat-detection'],
  description: 'Every server Security Center knows should run its agent, which detects intrusions, vulnerabilities and malware.',
  risk: 'A server without the agent is invisible to Security Center: nothing on it is detected or blocked.',
  remediation: { text: 'Install the agent (Security Center console: Assets > Servers > Install Agent, or the one-line installer on the server).', url: SAS_URL },
  resource: assetResource,
  evaluate: (s) => {
    const { asset } = s;
    const id = asset.InstanceId || asset.Uuid;
    if (asset.ClientStatus === 'online') return pass(`${id} runs the Security Center agent`);
    if (asset.ClientSubStatus !== 'uninstalled' && !need(s.agentMissing)) return pass(`${id} has the Security Center agent installed (it is ${agentState(s)})`);
    return fail(`${id} has no Security Center agent installed`);
  },
};

/** One of DescribeSuspiciousOverallConfig's switches, which must be on. */
function switchCheck(options: {
  id: string;
  title: string;
  type: string;
  what: string;
  fact: (s: SettingsSubject) => Fact<string>;
  resourceType: string;
  description: string;
  risk: string;
}): CheckDefinition<SettingsSubject> {
  return {
    ...common,
    id: options.id,
    title: options.title,
    severity: 'high',
    kind: 'settings',
    resourceType: options.resourceType,
    categories: ['threat-detection'],
    description: options.description,
    risk: options.risk,
    remediation: { text: `Turn ${options.what} on (Security Center console: Protection Configuration), for all servers.`, url: SAS_URL },
    resource: setting(options.resourceType, `Security Center ${options.what}`),
    evaluate: (s) => {
      const config = need(options.fact(s));
      if (config === 'on') return pass(`${options.what} is on (${options.type})`);
      if (config === 'off') return fail(`${options.what} is off (${options.type})`, `aliyun sas OperateSuspiciousOverallConfig --Type ${options.type} --Config on`);
      return manual(`DescribeSuspiciousOverallConfig answered "${config}" for ${options.type}, neither on nor off`, `DescribeSuspiciousOverallConfig answered neither on nor off`);
    },
  };
}

export const autoQuarantine = switchCheck({
  id: 'securitycenter_auto_quarantine_enabled',
  title: 'Security Center quarantines viruses automatically (anti-virus on)',
  type: 'auto_breaking',
  what: 'anti-virus (automatic blocking and quarantine)',
  fact: (s) => s.antiVirus,
  resourceType: 'anti-virus',
  description: 'Anti-virus blocks common viruses, trojans and ransomware the moment they run and quarantines their files.',
  risk: 'Malware keeps running until someone reads the alert and quarantines it by hand.',
});

export const webshellDetection = switchCheck({
  id: 'securitycenter_webshell_detection_enabled',
  title: 'Security Center detects and blocks webshells',
  type: 'webshell_cloud_breaking',
  what: 'webshell protection',
  fact: (s) => s.webshellProtection,
  resourceType: 'webshell-protection',
  description: 'Webshell protection finds backdoors planted in web directories and blocks connections to them.',
  risk: 'A webshell gives an attacker a persistent remote shell on the web server.',
});

export const highRiskNotifications: CheckDefinition<SettingsSubject> = {
  ...common,
  id: 'securitycenter_notification_enabled_high_risk',
  title: 'Security Center notifies someone of every high-risk item',
  severity: 'medium',
  kind: 'settings',
  resourceType: 'notification',
  categories: ['monitoring'],
  description: `Each high-risk notification item (${HIGH_RISK_NOTICES.join(', ')}) should be sent by text message, email or internal message.`,
  risk: 'Alerts nobody is told of are found late, if at all.',
  remediation: { text: 'Turn on a notification method for each high-risk item (Security Center console: System Settings > Notification Settings).', url: CIS_URL },
  resource: setting('notification', 'Security Center notifications'),
  evaluate: (s) => {
    const byProject = new Map(need(s.notices).map((n) => [n.Project, n]));
    const off = HIGH_RISK_NOTICES.filter((project) => byProject.has(project) && Number(byProject.get(project)!.Route) === 0);
    const absent = HIGH_RISK_NOTICES.filter((project) => !byProject.has(project));
    const unlisted = absent.length ? `; DescribeNoticeConfig does not list ${absent.join(', ')}` : '';
    if (off.length) {
      return fail(
        `notification is off (Route 0) for ${off.join(', ')}${unlisted}`,
        off.map((project) => `aliyun sas ModifyNoticeConfig --Project ${project} --Route 7`).join(' && '),
      );
    }
    if (absent.length) return manual(`DescribeNoticeConfig does not list ${absent.join(', ')}, so whether they notify is unknown`, 'DescribeNoticeConfig does not list every high-risk item');
    return pass(`all ${HIGH_RISK_NOTICES.length} high-risk items notify someone`);
  },
};

export const configAssessmentAuthorized: CheckDefinition<SettingsSubject> = {
  ...common,
  id: 'securitycenter_config_assessment_authorized',
  title: 'Security Center configuration assessment is authorised',
  severity: 'medium',
  kind: 'settings',
  resourceType: 'config-assessment',
  categories: ['threat-detection'],
  description: 'Configuration assessment (CSPM) reads the other cloud services through its service-linked role, AliyunServiceRoleForSasCspm, which authorising it creates.',
  risk: 'Without the role the cloud services\' configurations are never assessed.',
  remediation: { text: 'Authorise configuration assessment (Security Center console: Config Assessment > Authorize), which creates AliyunServiceRoleForSasCspm.', url: CIS_URL },
  resource: setting('config-assessment', 'Security Center configuration assessment'),
  evaluate: (s) =>
    need(s.configAssessmentRole)
      ? pass('configuration assessment is authorised: the service-linked role AliyunServiceRoleForSasCspm exists')
      : fail('configuration assessment is not authorised: the service-linked role AliyunServiceRoleForSasCspm does not exist', 'aliyun sas CreateServiceLinkedRole --ServiceLinkedRole AliyunServiceRoleForSasCspm'),
};

export const vulnerabilityScan: CheckDefinition<SettingsSubject> = {
  ...common,
  id: 'securitycenter_vulnerability_scan_enabled',
  title: 'Security Center scans servers for every kind of vulnerability',
  severity: 'high',
  kind: 'settings',
  resourceType: 'vulnerability-scan',
  categories: ['vulnerability-management'],
  description: `Scheduled scans for ${Object.values(SCAN_TYPES).join(', ')} vulnerabilities should be on.`,
  risk: 'A kind of vulnerability that is not scanned for is never reported, however exposed the server.',
  remediation: { text: 'Turn each vulnerability scan type on (Security Center console: Vulnerabilities > Settings).', url: CIS_URL },
  resource: setting('vulnerability-scan', 'Security Center vulnerability scan'),
  evaluate: (s) => {
    const byType = new Map(need(s.vulnerabilityScan).map((c) => [c.Type, c.Config]));
    const types = Object.keys(SCAN_TYPES);
    const off = types.filter((type) => byType.has(type) && byType.get(type) !== 'on');
    const absent = types.filter((type) => !byType.has(type));
    const describe = (list: string[]) => list.map((type) => `${SCAN_TYPES[type]} (${type})`).join(', ');
    const unlisted = absent.length ? `; DescribeVulConfig does not list ${describe(absent)}` : '';
    if (off.length) return fail(`the scan for ${describe(off)} vulnerabilities is off${unlisted}`, off.map((type) => `aliyun sas ModifyVulConfig --Type ${type} --Config on`).join(' && '));
    if (absent.length) return manual(`DescribeVulConfig does not list ${describe(absent)}, so whether they are scanned for is unknown`, 'DescribeVulConfig does not list every vulnerability type');
    return pass(`scans for ${describe(types)} vulnerabilities are on`);
  },
};

export const assetFingerprints: CheckDefinition<SettingsSubject> = {
  ...common,
  id: 'securitycenter_asset_fingerprint_enabled',
  title: 'Security Center collects every kind of asset fingerprint',
  severity: 'low',
  kind: 'settings',
  resourceType: 'asset-fingerprint',
  categories: ['threat-detection'],
  description: `Asset fingerprints (${Object.values(FINGERPRINT_TYPES).join(', ')}) should be collected on a schedule.`,
  risk: 'Without fingerprints, an unexpected port, process, account or startup item goes unseen, and incidents are hard to trace.',
  remediation: { text: 'Set a collection period for each fingerprint type (Security Center console: Assets > Asset Fingerprints > Settings).', url: CIS_URL },
  resource: setting('asset-fingerprint', 'Security Center asset fingerprints'),
  evaluate: (s) => {
    const hours = need(s.fingerprints);
    const off = Object.keys(FINGERPRINT_TYPES).filter((type) => Number(hours[type] ?? 0) === 0);
    if (off.length) {
      return fail(
        `${off.map((type) => FINGERPRINT_TYPES[type]).join(', ')} fingerprints are not collected (${off.join(', ')} is 0)`,
        off.map((type) => `aliyun sas ModifyPropertyScheduleConfig --Type ${type} --ScheduleTime 24`).join(' && '),
      );
    }
    return pass(`all ${Object.keys(FINGERPRINT_TYPES).length} kinds of asset fingerprint are collected`);
  },
};

const ecs = { service: 'ecs' as const };

export const osPatches: CheckDefinition<AssetSubject> = {
  ...ecs,
  id: 'ecs_instance_latest_os_patches_applied',
  title: 'Instances have no unfixed OS vulnerabilities that need fixing',
  severity: 'high',
  kind: 'asset',
  resourceType: 'instance',
  categories: ['vulnerability-management'],
  description: 'Security Center\'s agent reports each instance\'s missing OS patches as Linux-software (cve) and Windows-system (sys) vulnerabilities, each rated asap, later or no need to fix.',
  risk: 'Unpatched operating systems are the usual way in after an exposed port.',
  remediation: { text: 'Fix the vulnerabilities (Security Center console: Vulnerabilities, or the OS package manager) and restart where the fix needs it.', url: CIS_URL },
  resource: assetResource,
  evaluate: (s) => {
    if (!isEcsInstance(s.asset)) return undefined;
    const id = s.asset.InstanceId;
    const open = need(s.vulnerabilities);
    if (open.length > 0) {
      const asap = open.filter((v) => v.Necessity === 'asap').length;
      const names = open.map((v) => v.AliasName || v.Name);
      return fail(`${id} has ${open.length} unfixed OS vulnerabilit${open.length === 1 ? 'y' : 'ies'} Security Center rates as needing a fix (${asap} asap, ${open.length - asap} later): ${named(names)}`);
    }
    const state = agentState(s);
    if (state !== 'online') {
      return manual(`no Security Center agent reports on ${id} (agent ${state}), so its OS patches are unknown`, 'no Security Center agent reports on the instance, so its OS patches are unknown');
    }
    return pass(`${id} has no unfixed OS vulnerabilities that need fixing`);
  },
};

export const endpointProtection: CheckDefinition<AssetSubject> = {
  ...ecs,
  id: 'ecs_instance_endpoint_protection_installed',
  title: 'Instances run the Security Center agent, online',
  severity: 'high',
  kind: 'asset',
  resourceType: 'instance',
  categories: ['threat-detection'],
  description: 'Endpoint protection on an instance is Security Center\'s agent, installed and online.',
  risk: 'An instance whose agent is missing, offline or paused is not protected: malware and intrusions on it go undetected.',
  remediation: { text: 'Install the agent, or find why it went offline (a stopped instance, a firewall to the Security Center servers) and bring it back.', url: SAS_URL },
  resource: assetResource,
  evaluate: (s) => {
    if (!isEcsInstance(s.asset)) return undefined;
    const id = s.asset.InstanceId;
    const state = agentState(s);
    if (state === 'online') return pass(`${id} runs the Security Center agent, online`);
    if (state === 'not installed') return fail(`${id} has no Security Center agent installed`);
    return fail(`${id} has the Security Center agent installed, but it is ${state}`);
  },
};

/** In the benchmark's order: 8.1 to 8.8, then the two ECS checks (4.5, 4.6). */
export const SECURITY_CENTER_CHECKS: readonly CheckDefinition<any>[] = [
  advancedEdition, agentInstalled, autoQuarantine, webshellDetection, highRiskNotifications, configAssessmentAuthorized, vulnerabilityScan, assetFingerprints,
  osPatches, endpointProtection,
];
