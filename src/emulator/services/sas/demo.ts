/**
 * Security Center's share of the demo world: Acme never paid for more than the Free edition. The agent runs on most
 * of the demo's ECS instances (services/ecs/demo.ts), but not on the classic-network legacy-app, and it is offline on
 * staging-app and on the stopped archive-1; web-2 has unfixed OS vulnerabilities that need fixing, db-1 and
 * windows-jump only fixed, ignored or low-priority ones. Notifications of webshells and remote logons are off, the
 * Web-CMS and emergency vulnerability scans are off, anti-virus and webshell protection are off, configuration
 * assessment was never authorised, and software and kernel-module fingerprints are not collected.
 */

const agent = (InstanceId: string, InstanceName: string, RegionId: string, IntranetIp: string, extra: Record<string, unknown> = {}) => ({
  InstanceId,
  InstanceName,
  RegionId,
  IntranetIp,
  ClientStatus: 'online',
  Os: 'linux',
  OsName: 'Alibaba Cloud Linux 3.2104 LTS 64 bit',
  ...extra,
});

/** The nine notification items Prowler counts as high risk, all sent by text message, email and internal message. */
const HIGH_RISK_NOTICES = ['sas_vulnerability', 'yundun_sas_vul_Emergency', 'sas_healthcheck', 'sas_suspicious', 'suspicious', 'remotelogin', 'webshell', 'bruteforcesuccess', 'yundun_sas_ak_leakage'];
const SILENCED = new Set(['webshell', 'remotelogin']);

/** The demo account's `SecurityCenter` section, as a user would write it. */
export function securityCenterDemo(): Record<string, unknown> {
  return {
    Version: 1,
    Instances: [
      agent('i-bp1demoweb0000000001', 'web-1', 'cn-hangzhou', '172.16.1.21', { InternetIp: '47.96.10.21' }),
      agent('i-bp1demoweb0000000002', 'web-2', 'cn-hangzhou', '172.16.1.22', { InternetIp: '47.96.10.22' }),
      agent('i-bp1demodb00000000001', 'db-1', 'cn-hangzhou', '172.16.2.10'),
      agent('i-bp1demojump000000001', 'windows-jump', 'cn-hangzhou', '172.16.3.30', { InternetIp: '47.96.10.30', Os: 'windows', OsName: 'Windows Server 2019 Datacenter 64bit' }),
      agent('i-uf6demostaging000001', 'staging-app', 'cn-shanghai', '172.20.1.5', { InternetIp: '106.14.20.5', ClientStatus: 'offline' }),
      agent('i-2zedemocache00000001', 'cache-1', 'cn-beijing', '172.24.1.8'),
      agent('i-t4ndemobastion000001', 'bastion', 'ap-southeast-1', '172.28.1.7', { InternetIp: '8.219.30.7' }),
      agent('i-rj9demoarchive000001', 'archive-1', 'us-west-1', '172.30.1.4', { ClientStatus: 'offline', Status: 'notRunning' }),
    ],
    UninstalledMachines: [{ InstanceId: 'i-t4ndemolegacy0000001', InstanceName: 'legacy-app', RegionId: 'ap-southeast-1', InternetIp: '8.219.30.99', IntranetIp: '10.44.1.9' }],
    Vulnerabilities: [
      { InstanceId: 'i-bp1demoweb0000000002', Type: 'cve', Name: 'alinux3:3:ALINUX3-SA-2024:0057', AliasName: 'ALINUX3-SA-2024:0057: openssh security update', Necessity: 'asap', Status: 1, Related: 'CVE-2024-6387', FirstTs: '-40d' },
      { InstanceId: 'i-bp1demoweb0000000002', Type: 'cve', Name: 'alinux3:3:ALINUX3-SA-2024:0102', AliasName: 'ALINUX3-SA-2024:0102: glibc security update', Necessity: 'later', Status: 2, Related: 'CVE-2024-2961', FirstTs: '-25d' },
      { InstanceId: 'i-bp1demoweb0000000002', Type: 'cve', Name: 'alinux3:3:ALINUX3-SA-2024:0150', AliasName: 'ALINUX3-SA-2024:0150: vim security update', Necessity: 'nntf', Status: 1, Related: 'CVE-2024-22667', FirstTs: '-10d' },
      { InstanceId: 'i-bp1demodb00000000001', Type: 'cve', Name: 'alinux3:3:ALINUX3-SA-2024:0057', AliasName: 'ALINUX3-SA-2024:0057: openssh security update', Necessity: 'asap', Status: 7, Related: 'CVE-2024-6387', FirstTs: '-40d', LastTs: '-38d' },
      { InstanceId: 'i-bp1demodb00000000001', Type: 'cve', Name: 'alinux3:3:ALINUX3-SA-2024:0150', AliasName: 'ALINUX3-SA-2024:0150: vim security update', Necessity: 'nntf', Status: 1, Related: 'CVE-2024-22667', FirstTs: '-10d' },
      { InstanceId: 'i-bp1demojump000000001', Type: 'sys', Name: 'KB5034439', AliasName: 'KB5034439: Windows Recovery Environment update', Necessity: 'later', Status: 10, Related: 'CVE-2024-20666', FirstTs: '-90d' },
    ],
    NoticeConfigs: [...HIGH_RISK_NOTICES, 'weeklyreport', 'agent'].map((Project) => ({ Project, Route: SILENCED.has(Project) ? 0 : 7, TimeLimit: 0 })),
    VulConfig: [
      { Type: 'cve', Config: 'on' },
      { Type: 'sys', Config: 'on' },
      { Type: 'cms', Config: 'off' },
      { Type: 'emg', Config: 'off' },
      { Type: 'app', Config: 'off' },
      { Type: 'yum', Config: 'on' },
      { Type: 'scanMode', Config: 'real' },
    ],
    SuspiciousOverallConfig: { auto_breaking: 'off', webshell_cloud_breaking: 'off', alinet: 'on' },
    ServiceLinkedRoles: { AliyunServiceRoleForSas: true, AliyunServiceRoleForSasCspm: false },
    PropertyScheduleConfig: {
      scheduler_port_period: '1', scheduler_process_period: '1', scheduler_account_period: '12', scheduler_software_period: '0', scheduler_cron_period: '24',
      scheduler_sca_period: '24', scheduler_autorun_period: '24', scheduler_lkm_period: '0', scheduler_sca_proxy_period: '24',
    },
  };
}
