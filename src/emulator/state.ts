/**
 * The emulator's live state: a loaded world plus everything issued since (STS sessions, new keys).
 * Dates are absolute Date objects here; the world loader resolves relative ones ("-120d") at load time.
 * This module is the contract between the world loader, policy evaluation and the services.
 */

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]> | '*';
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface PolicyRef {
  PolicyName: string;
  PolicyType: 'System' | 'Custom';
  AttachDate?: Date;
}

export interface AccessKey {
  AccessKeyId: string;
  AccessKeySecret: string;
  Status: 'Active' | 'Inactive';
  CreateDate: Date;
  LastUsedDate?: Date;
}

export interface User {
  UserId: string;
  UserName: string;
  DisplayName: string;
  Email?: string;
  MobilePhone?: string;
  Comments?: string;
  CreateDate: Date;
  UpdateDate: Date;
  LastLoginDate?: Date;
  LoginProfile?: { CreateDate: Date; MFABindRequired: boolean; PasswordResetRequired: boolean };
  MFADevice?: { SerialNumber: string; ActivateDate: Date };
  AccessKeys: AccessKey[];
  Policies: PolicyRef[];
  Groups: string[];
  /** When the user joined each of its Groups, by group name; a membership without one dates from when both existed. */
  GroupJoinDates?: Record<string, Date>;
}

export interface Group {
  GroupId: string;
  GroupName: string;
  Comments?: string;
  CreateDate: Date;
  UpdateDate: Date;
  Policies: PolicyRef[];
}

export interface Role {
  RoleId: string;
  RoleName: string;
  Arn: string;
  Description?: string;
  MaxSessionDuration: number;
  AssumeRolePolicyDocument: PolicyDocument;
  CreateDate: Date;
  UpdateDate: Date;
  Policies: PolicyRef[];
}

export interface PolicyVersion {
  VersionId: string;
  PolicyDocument: PolicyDocument;
  IsDefaultVersion: boolean;
  CreateDate: Date;
}

export interface CustomPolicy {
  PolicyName: string;
  PolicyType: 'Custom';
  Description?: string;
  CreateDate: Date;
  UpdateDate: Date;
  DefaultVersion: string;
  Versions: PolicyVersion[];
}

export interface OidcProvider {
  OIDCProviderName: string;
  Arn: string;
  IssuerUrl: string;
  ClientIds: string[];
  JWKS: { keys: Record<string, unknown>[] };
}

/** A generated IMS credential report: a snapshot of the account's credentials at GeneratedTime. */
export interface CredentialReport {
  GeneratedTime: Date;
  /** The CSV header line's columns. */
  header: string[];
  /** One row per identity, `<root>` first. */
  rows: string[][];
}

export interface Account {
  AccountId: string;
  AccountAlias?: string;
  /** CreateDate: when the account was created (the credential report's user_creation_time of `<root>`). */
  Root: { AccessKeys: AccessKey[]; MFA: boolean; LastLoginDate?: Date; CreateDate?: Date };
  PasswordPolicy: Record<string, unknown>;
  SecurityPreference?: Record<string, unknown>;
  Users: Map<string, User>;
  Groups: Map<string, Group>;
  Roles: Map<string, Role>;
  Policies: Map<string, CustomPolicy>;
  OIDCProviders: Map<string, OidcProvider>;
  /** Every service's section of the world, by its key (services/service.ts ServiceSection), as loaded: ECS's, VPC's … */
  Sections: Record<string, unknown>;
}

/** Who signed a request, after the signature and key checks. */
export type Principal =
  | { kind: 'root'; account: Account }
  | { kind: 'user'; account: Account; user: User }
  | { kind: 'assumed-role'; account: Account; role: Role; session: StsSession };

/** Credentials issued by AssumeRole / AssumeRoleWithOIDC / IMDS / credentials-URI. */
export interface StsSession {
  AccessKeyId: string; // "STS.…"
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: Date;
  accountId: string;
  roleName: string;
  sessionName: string;
  /** Session policy passed to AssumeRole, intersected with the role's policies on later calls. */
  policy?: PolicyDocument;
  /** Whether the caller that created the session authenticated with MFA (for acs:MFAPresent). */
  mfaPresent: boolean;
}

export interface Quota {
  Qps: number;
}

export interface EmulatorState {
  Regions: { RegionId: string; LocalName: string; Status: string; RegionEndpoint?: string }[];
  Accounts: Map<string, Account>;
  Imds?: { AccountId: string; InstanceId: string; RoleName: string };
  CredentialsUris: { Path: string; AccountId: string; RoleName: string }[];
  Quotas: Record<string, Quota>;
  /** Every issued STS session by AccessKeyId. */
  sessions: Map<string, StsSession>;
  /** The last IMS credential report generated for each account, by AccountId (made on first GenerateCredentialReport). */
  credentialReports?: Map<string, CredentialReport>;
  /** Emulated clock: real time plus clockOffsetMs, which tests advance to expire tokens. */
  clockOffsetMs: number;
  now(): Date;
}
