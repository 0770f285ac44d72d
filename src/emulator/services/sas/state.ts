/**
 * Security Center's part of the emulator's state: the world's `SecurityCenter` section as loaded, one per account
 * (Security Center answers for the whole account). Dates are absolute here; the loader (world.ts) resolves relative ones.
 */

/** DescribeVersionConfig.Version: 1 Free, 3 Enterprise, 5 Advanced, 6 Anti-virus, 7 Ultimate, 8 multi-version, 10 value-added only. */
export const EDITIONS = [1, 3, 5, 6, 7, 8, 10] as const;
/** PostPayHostVersion: the pay-as-you-go editions. */
export const POST_PAY_EDITIONS = [1, 3, 5, 6, 7] as const;

export const CLIENT_STATUSES = ['online', 'offline', 'pause'] as const;
export const CLIENT_SUB_STATUSES = ['online', 'offline', 'pause', 'uninstalled', 'stopped'] as const;

/** A server Security Center knows, with its agent installed (online, offline or paused). */
export interface SasAsset {
  Uuid: string;
  InstanceId: string;
  InstanceName: string;
  RegionId: string;
  ClientStatus: (typeof CLIENT_STATUSES)[number];
  ClientSubStatus: (typeof CLIENT_SUB_STATUSES)[number];
  Os: string;
  OsName: string;
  InternetIp: string;
  IntranetIp: string;
  /** 0 Alibaba Cloud, 1 outside, 2 data centre, 3–16 other clouds. */
  Vendor: number;
  VendorName: string;
  Status: 'Running' | 'notRunning';
  /** The edition protecting it, when one is bound. */
  AuthVersion?: number;
}

/** A server without the agent, as ListUninstallAegisMachines answers it. */
export interface SasMachine {
  Uuid: string;
  InstanceId: string;
  InstanceName: string;
  RegionId: string;
  Os: string;
  InternetIp: string;
  IntranetIp: string;
  Vendor: number;
  VendorName: string;
}

export const VUL_TYPES = ['cve', 'sys', 'cms', 'app', 'emg', 'sca'] as const;
export const NECESSITIES = ['asap', 'later', 'nntf'] as const;
/** DescribeVulList Status: 1 unfixed, 2 fix failed, 3 rollback failed, 4 fixing, 5 rolling back, 6 verifying, 7 fixed, 8 fixed (restart pending), 9 rolled back, 10 ignored, 11 rolled back (restart pending), 12 not found, 20 expired. */
export const VUL_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20] as const;
/** What Dealed=y answers: fixed, ignored or gone; the rest is Dealed=n. */
export const DEALT_STATUSES: ReadonlySet<number> = new Set([7, 8, 10, 12, 20]);

/** One vulnerability on one asset. */
export interface SasVulnerability {
  PrimaryId: number;
  Uuid: string;
  Name: string;
  AliasName: string;
  Type: (typeof VUL_TYPES)[number];
  Necessity: (typeof NECESSITIES)[number];
  Status: number;
  /** CVE ids, comma-separated. */
  Related: string;
  FirstTs: Date;
  LastTs: Date;
}

/** DescribeVulConfig's Types and the values each takes. */
export const VUL_CONFIG_TYPES: Record<string, readonly string[] | 'days'> = {
  cve: ['on', 'off'],
  sys: ['on', 'off'],
  cms: ['on', 'off'],
  app: ['on', 'off'],
  emg: ['on', 'off'],
  yum: ['on', 'off'],
  scanMode: ['real', 'all'],
  imageVulClean: 'days',
};

/** DescribeSuspiciousOverallConfig's Types: the account-wide switches of the protection features. */
export const SUSPICIOUS_TYPES = ['auto_breaking', 'ransomware_breaking', 'webshell_cloud_breaking', 'alinet', 'k8s_log_analysis', 'alisecguard'] as const;

/** DescribeServiceLinkedRoleStatus' roles: Security Center's own, and its configuration assessment's (CSPM). */
export const SERVICE_LINKED_ROLES = ['AliyunServiceRoleForSas', 'AliyunServiceRoleForSasCspm'] as const;

/** DescribePropertyScheduleConfig's Types: which asset fingerprints are collected how often. */
export const PROPERTY_SCHEDULE_TYPES = [
  'scheduler_port_period', 'scheduler_process_period', 'scheduler_account_period', 'scheduler_software_period', 'scheduler_cron_period',
  'scheduler_sca_period', 'scheduler_autorun_period', 'scheduler_lkm_period', 'scheduler_sca_proxy_period',
] as const;
/** Collection periods in hours (ModifyPropertyScheduleConfig's values); 0 is off. */
export const PROPERTY_SCHEDULE_HOURS = ['0', '1', '3', '12', '24', '168'] as const;

export interface SasNoticeConfig {
  Project: string;
  /** Bits: 1 text message, 2 email, 4 internal message; 0 is off. */
  Route: number;
  /** 0 any time, 1 08:00–22:00 only. */
  TimeLimit: number;
}

/** The account's Security Center: what every action answers. Anything the world leaves out is off or empty. */
export interface SasSection {
  Version: number;
  IsTrialVersion: number;
  HighestVersion: number;
  PostPayHostVersion?: number;
  ReleaseTime?: Date;
  Instances: SasAsset[];
  UninstalledMachines: SasMachine[];
  NoticeConfigs: SasNoticeConfig[];
  VulConfig: { Type: string; Config: string }[];
  Vulnerabilities: SasVulnerability[];
  SuspiciousOverallConfig: Record<string, 'on' | 'off'>;
  ServiceLinkedRoles: Record<string, boolean>;
  PropertyScheduleConfig: Record<string, string>;
}
