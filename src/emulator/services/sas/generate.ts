/**
 * Security Center's share of `--generate`: an agent (or its absence) for every generated ECS instance, the ECS
 * share's own instances drawn again from the same seed, so every id matches; unfixed OS vulnerabilities on a
 * minority; and account-wide settings with a realistic minority off. Draws come from the streams `sas` and
 * `sas-vulnerabilities` only.
 */
import type { Rng } from '../../rng.js';
import { ecsSection } from '../ecs/index.js';
import type { GeneratedWorld } from '../service.js';
import { PROPERTY_SCHEDULE_TYPES } from './state.js';

type Json = Record<string, unknown>;

/** The chance each resource or setting fails a check. */
export const SAS_SHARES = {
  /** ECS instances without the agent. */
  noAgent: 0.06,
  /** Of running instances with the agent, those whose agent is offline or paused (a stopped one's is always offline). */
  agentOffline: 0.05,
  /** Of instances whose agent reports, those with unfixed OS vulnerabilities that need fixing. */
  vulnerable: 0.12,
  noticeOff: 0.1,
  scanTypeOff: 0.15,
  antiVirusOff: 0.3,
  webshellOff: 0.35,
  configAssessmentUnauthorised: 0.4,
  fingerprintOff: 0.1,
};

const EDITIONS: (readonly [number, number])[] = [[1, 30], [5, 30], [3, 25], [7, 10], [6, 5]];
const HIGH_RISK_NOTICES = ['sas_vulnerability', 'yundun_sas_vul_Emergency', 'sas_healthcheck', 'sas_suspicious', 'suspicious', 'remotelogin', 'webshell', 'bruteforcesuccess', 'yundun_sas_ak_leakage'];
const SCAN_TYPES = ['cve', 'sys', 'cms', 'emg'];

/** Advisories as Security Center names them: [Name, AliasName, Related CVEs]. */
const LINUX_ADVISORIES: [string, string, string][] = [
  ['alinux3:3:ALINUX3-SA-2024:0057', 'ALINUX3-SA-2024:0057: openssh security update', 'CVE-2024-6387'],
  ['alinux3:3:ALINUX3-SA-2024:0102', 'ALINUX3-SA-2024:0102: glibc security update', 'CVE-2024-2961'],
  ['oval:com.redhat.rhsa:def:20240001', 'RHSA-2024:0001: kernel security update', 'CVE-2023-6546,CVE-2023-6931'],
  ['oval:com.redhat.rhsa:def:20233822', 'RHSA-2023:3822: sudo security update', 'CVE-2023-22809'],
  ['oval:org.debian:def:20245678', 'DSA-5678: openssl security update', 'CVE-2024-0727'],
  ['oval:com.ubuntu.jammy:def:6801', 'USN-6801-1: curl vulnerabilities', 'CVE-2024-2398'],
];
const WINDOWS_ADVISORIES: [string, string, string][] = [
  ['KB5034439', 'KB5034439: Windows Recovery Environment update', 'CVE-2024-20666'],
  ['KB5036896', 'KB5036896: cumulative security update', 'CVE-2024-26234,CVE-2024-29988'],
  ['KB5035849', 'KB5035849: cumulative security update', 'CVE-2024-21407'],
];

const days = (n: number) => `-${n}d`;
const privateIp = (rng: Rng) => `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

/** The `SecurityCenter` section of a generated account. */
export function generateSecurityCenter(world: GeneratedWorld): Json {
  const rng = world.rng('sas');
  const vulRng = world.rng('sas-vulnerabilities');
  const ecs = (ecsSection.generate?.(world) ?? {}) as Record<string, { Instances?: Json[] }>;
  const Instances: Json[] = [];
  const UninstalledMachines: Json[] = [];
  const Vulnerabilities: Json[] = [];
  for (const [RegionId, region] of Object.entries(ecs)) {
    for (const instance of region.Instances ?? []) {
      const InstanceId = String(instance.InstanceId);
      const InternetIp = (instance.PublicIpAddress as string[] | undefined)?.[0] ?? '';
      const base = { InstanceId, InstanceName: String(instance.InstanceName ?? InstanceId), RegionId, IntranetIp: privateIp(rng), ...(InternetIp ? { InternetIp } : {}) };
      if (rng.chance(SAS_SHARES.noAgent)) {
        UninstalledMachines.push(base);
        continue;
      }
      const windows = rng.chance(0.1);
      const running = instance.Status !== 'Stopped';
      const online = running && !rng.chance(SAS_SHARES.agentOffline);
      Instances.push({
        ...base,
        Os: windows ? 'windows' : 'linux',
        ClientStatus: online ? 'online' : running && rng.chance(0.3) ? 'pause' : 'offline',
        Status: running ? 'Running' : 'notRunning',
      });
      if (online) Vulnerabilities.push(...vulnerabilitiesOf(vulRng, InstanceId, windows));
    }
  }
  return {
    Version: rng.weighted(EDITIONS),
    Instances,
    UninstalledMachines,
    Vulnerabilities,
    NoticeConfigs: [...HIGH_RISK_NOTICES, 'weeklyreport', 'agent'].map((Project) => ({ Project, Route: rng.chance(SAS_SHARES.noticeOff) ? 0 : rng.pick([2, 4, 6, 7]), TimeLimit: rng.int(0, 1) })),
    VulConfig: [
      ...SCAN_TYPES.map((Type) => ({ Type, Config: rng.chance(SAS_SHARES.scanTypeOff) ? 'off' : 'on' })),
      { Type: 'app', Config: rng.chance(0.5) ? 'on' : 'off' },
      { Type: 'yum', Config: 'on' },
      { Type: 'scanMode', Config: rng.pick(['real', 'all']) },
    ],
    SuspiciousOverallConfig: {
      auto_breaking: rng.chance(SAS_SHARES.antiVirusOff) ? 'off' : 'on',
      webshell_cloud_breaking: rng.chance(SAS_SHARES.webshellOff) ? 'off' : 'on',
      alinet: rng.chance(0.5) ? 'on' : 'off',
    },
    ServiceLinkedRoles: { AliyunServiceRoleForSas: true, AliyunServiceRoleForSasCspm: !rng.chance(SAS_SHARES.configAssessmentUnauthorised) },
    PropertyScheduleConfig: Object.fromEntries(PROPERTY_SCHEDULE_TYPES.map((type) => [type, rng.chance(SAS_SHARES.fingerprintOff) ? '0' : rng.pick(['1', '3', '12', '24'])])),
  };
}

/** An instance's vulnerabilities: on a minority some that need fixing, and on many some fixed or low-priority ones. */
function vulnerabilitiesOf(rng: Rng, InstanceId: string, windows: boolean): Json[] {
  const advisories = windows ? WINDOWS_ADVISORIES : LINUX_ADVISORIES;
  const Type = windows ? 'sys' : 'cve';
  const found: Json[] = [];
  const taken = new Set<number>();
  const add = (Necessity: string, Status: number) => {
    const index = rng.int(0, advisories.length - 1);
    if (taken.has(index)) return;
    taken.add(index);
    const [Name, AliasName, Related] = advisories[index];
    found.push({ InstanceId, Type, Name, AliasName, Related, Necessity, Status, FirstTs: days(rng.int(1, 200)) });
  };
  if (rng.chance(SAS_SHARES.vulnerable)) for (let n = rng.int(1, 3); n > 0; n--) add(rng.chance(0.4) ? 'asap' : 'later', rng.pick([1, 1, 1, 2, 4]));
  if (rng.chance(0.3)) add(rng.pick(['asap', 'later', 'nntf']), rng.pick([7, 7, 10]));
  if (rng.chance(0.2)) add('nntf', 1);
  return found;
}
