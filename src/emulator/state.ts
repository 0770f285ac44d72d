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

/** An ECS tag as the API answers it. */
export interface EcsTag {
  TagKey: string;
  TagValue: string;
}

/** An ECS instance of the world; the handler renders the API's wrappers (`PublicIpAddress: {IpAddress: [...]}`). */
export interface EcsInstance {
  InstanceId: string;
  InstanceName: string;
  ZoneId: string;
  Status: string;
  InstanceType: string;
  InstanceNetworkType: 'vpc' | 'classic';
  VpcId?: string;
  VSwitchId?: string;
  PrivateIpAddress: string[];
  InnerIpAddress: string[];
  PublicIpAddress: string[];
  EipAddress?: string;
  /** Ids of security groups of the same region. */
  SecurityGroupIds: string[];
  /** As the world gives it (HttpTokens, HttpEndpoint, …); the API's defaults are filled in when answering. */
  MetadataOptions?: Record<string, string | number>;
  DeletionProtection: boolean;
  CreationTime: Date;
  Tags: EcsTag[];
  /** The instance RAM role (DescribeInstanceRamRole's, not DescribeInstances'); read by the metadata service. */
  RamRoleName?: string;
  /** Further scalar fields answered as given (Description, HostName, ImageId, OSName, …). */
  Attributes: Record<string, string | number | boolean>;
}

/** One security group rule; every one has a SecurityGroupRuleId (the world's, or derived by the loader). */
export interface EcsPermission {
  SecurityGroupRuleId: string;
  Direction: 'ingress' | 'egress';
  /** As the world writes it (TCP, tcp, ALL, …): the API's case is not guaranteed, and scanners must cope. */
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  DestCidrIp: string;
  Ipv6DestCidrIp: string;
  SourceGroupId: string;
  DestGroupId: string;
  SourcePortRange: string;
  SourcePrefixListId: string;
  DestPrefixListId: string;
  NicType: string;
  /** Accept or Drop, in the world's case. */
  Policy: string;
  /** "1".."100": a string, as the API sends it. */
  Priority: string;
  Description: string;
  CreateTime: Date;
}

export interface EcsSecurityGroup {
  SecurityGroupId: string;
  SecurityGroupName: string;
  VpcId: string;
  Description: string;
  SecurityGroupType: 'normal' | 'enterprise';
  InnerAccessPolicy: string;
  ResourceGroupId: string;
  CreationTime: Date;
  Tags: EcsTag[];
  Permissions: EcsPermission[];
}

export interface EcsDisk {
  DiskId: string;
  DiskName: string;
  ZoneId: string;
  Status: 'In_use' | 'Available';
  Category: string;
  /** GiB. */
  Size: number;
  /** The instance it is attached to ("" when Available). */
  InstanceId: string;
  Encrypted: boolean;
  KMSKeyId: string;
  Type: 'system' | 'data';
  Device: string;
  DeleteWithInstance: boolean;
  Portable: boolean;
  CreationTime: Date;
  AttachedTime?: Date;
  Description: string;
  Tags: EcsTag[];
}

/** One region's ECS resources, each list in the world's order. */
export interface EcsRegion {
  Instances: EcsInstance[];
  SecurityGroups: EcsSecurityGroup[];
  Disks: EcsDisk[];
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
  /** Per region id: the world's ECS section, as loaded; a region of Regions without an entry has no ECS resources. */
  Ecs: Record<string, EcsRegion>;
  /** Every other service's section of the world, by its key (services/service.ts ServiceSection), as loaded. */
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
