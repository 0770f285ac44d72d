/**
 * The Alibaba Cloud products aliaudit calls, one entry each: its API version, how its client loads (the generated
 * SDK, or openapi-core's generic client for a product with none on npm), what each successful answer always carries
 * and which system policies grant its actions. SDK packages are imported here and in the rest of src/cloud only.
 */

/** An Alibaba Cloud product as aliaudit calls it: its generated client (loaded on first use) and API version. */
export interface Product {
  /** The RAM service prefix of its actions, as in `ram:ListUsers`. */
  code: string;
  /** How people name it: `RAM`, `Security Center`. */
  name: string;
  version: string;
  /** The generated client's package, or openapi-core itself for a product without one (then `host` is needed). */
  load(): Promise<unknown>;
  /** The product's host in a region, for the generic client, which has no endpoint rules of its own. */
  host?(region: string): string;
  /** Actions the API takes without a signature. */
  unsigned?: readonly string[];
  /**
   * An ROA product's actions, each at its method and path (`{ClusterId}` filled from the call's parameters); an RPC
   * product (the rest) sends every action to `/` as a form.
   */
  roa?: Readonly<Record<string, RoaPlace>>;
  /**
   * What each action's successful answer always carries (wire names; a dotted path looks inside an object), beside
   * the RequestId every answer has: a 200 without them is not Alibaba Cloud answering, and must not pass as empty.
   */
  answers?: Readonly<Record<string, readonly string[]>>;
  /** The system policies that grant its read actions (Get/List/Describe) and the rest, for a refusal's hint. */
  policies?: { readOnly: string; full?: string };
}

/** Where an ROA action is answered. */
export interface RoaPlace {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
}

const CREDENTIALS = ['AssumedRoleUser.Arn', 'Credentials.AccessKeyId', 'Credentials.AccessKeySecret', 'Credentials.SecurityToken', 'Credentials.Expiration'];

export const STS: Product = {
  code: 'sts',
  name: 'STS',
  version: '2015-04-01',
  load: () => import('@alicloud/sts20150401'),
  unsigned: ['AssumeRoleWithOIDC', 'AssumeRoleWithSAML'],
  answers: {
  GetCallerIdentity: ['AccountId', 'Arn', 'IdentityType', 'PrincipalId'],
  AssumeRole: CREDENTIALS,
  AssumeRoleWithOIDC: CREDENTIALS,
  },
};

export const RAM: Product = {
  code: 'ram',
  name: 'RAM',
  version: '2015-05-01',
  load: () => import('@alicloud/ram20150501'),
  policies: { readOnly: 'AliyunRAMReadOnlyAccess', full: 'AliyunRAMFullAccess' },
  answers: {
  ListUsers: ['Users'],
  GetUser: ['User.UserName'],
  CreateUser: ['User.UserName'],
  UpdateUser: ['User.UserName'],
  GetLoginProfile: ['LoginProfile'],
  ListAccessKeys: ['AccessKeys'],
  CreateAccessKey: ['AccessKey.AccessKeyId', 'AccessKey.AccessKeySecret'],
  GetAccessKeyLastUsed: ['AccessKeyLastUsed'],
  ListGroups: ['Groups'],
  GetGroup: ['Group.GroupName'],
  CreateGroup: ['Group.GroupName'],
  ListGroupsForUser: ['Groups'],
  ListUsersForGroup: ['Users'],
  ListRoles: ['Roles'],
  GetRole: ['Role.RoleName'],
  CreateRole: ['Role.RoleName'],
  UpdateRole: ['Role.RoleName'],
  ListPolicies: ['Policies'],
  GetPolicy: ['Policy.PolicyName', 'DefaultPolicyVersion'],
  GetPolicyVersion: ['PolicyVersion.VersionId'],
  ListPolicyVersions: ['PolicyVersions'],
  CreatePolicy: ['Policy.PolicyName'],
  CreatePolicyVersion: ['PolicyVersion.VersionId'],
  ListPoliciesForUser: ['Policies'],
  ListPoliciesForGroup: ['Policies'],
  ListPoliciesForRole: ['Policies'],
  ListEntitiesForPolicy: ['Users', 'Groups', 'Roles'],
  ListVirtualMFADevices: ['VirtualMFADevices'],
  GetUserMFAInfo: ['MFADevice'],
  GetPasswordPolicy: ['PasswordPolicy'],
  SetPasswordPolicy: ['PasswordPolicy'],
  },
};

/** About 0.6 s to import: only scans load it. */
export const ECS: Product = {
  code: 'ecs',
  name: 'ECS',
  version: '2014-05-26',
  load: () => import('@alicloud/ecs20140526'),
  policies: { readOnly: 'AliyunECSReadOnlyAccess', full: 'AliyunECSFullAccess' },
  answers: {
  DescribeRegions: ['Regions'],
  DescribeInstances: ['Instances', 'TotalCount'],
  DescribeSecurityGroups: ['SecurityGroups', 'TotalCount'],
  DescribeSecurityGroupAttribute: ['SecurityGroupId', 'Permissions'],
  DescribeDisks: ['Disks', 'TotalCount'],
  },
};

/** Identity management: the credential report, which answers questions about the root account without its keys. */
export const IMS: Product = {
  code: 'ims',
  name: 'IMS',
  version: '2019-08-15',
  load: () => import('@alicloud/ims20190815'),
  answers: {
  GenerateCredentialReport: ['State'],
  GetCredentialReport: ['Content'],
  },
};

export const VPC: Product = {
  code: 'vpc',
  name: 'VPC',
  version: '2016-04-28',
  load: () => import('@alicloud/vpc20160428'),
  policies: { readOnly: 'AliyunVPCReadOnlyAccess', full: 'AliyunVPCFullAccess' },
  answers: {
    DescribeRegions: ['Regions'],
    DescribeVpcs: ['Vpcs', 'TotalCount'],
    DescribeVSwitches: ['VSwitches', 'TotalCount'],
    DescribeFlowLogs: ['FlowLogs', 'TotalCount'],
    DescribeRouteTableList: ['RouterTableList', 'TotalCount'],
    DescribeRouteEntryList: ['RouteEntrys'],
  },
};

/**
 * VPC peering is its own API (VpcPeer 2022-01-01), with no SDK here: openapi-core's generic client at its one
 * central host. Its actions are RAM's `vpc:` ones, granted by VPC's policies.
 */
export const VPCPEER: Product = {
  code: 'vpc',
  name: 'VPC peering',
  version: '2022-01-01',
  load: () => import('@alicloud/openapi-core'),
  host: () => 'vpcpeer.aliyuncs.com',
  policies: { readOnly: 'AliyunVPCReadOnlyAccess', full: 'AliyunVPCFullAccess' },
  answers: {
    ListVpcPeerConnections: ['VpcPeerConnects'],
  },
};

export const RDS: Product = {
  code: 'rds',
  name: 'RDS',
  version: '2014-08-15',
  load: () => import('@alicloud/rds20140815'),
  policies: { readOnly: 'AliyunRDSReadOnlyAccess', full: 'AliyunRDSFullAccess' },
  answers: {
    DescribeRegions: ['Regions'],
    DescribeDBInstances: ['Items', 'TotalRecordCount'],
    DescribeDBInstanceAttribute: ['Items'],
    DescribeDBInstanceIPArrayList: ['Items'],
    DescribeDBInstanceSSL: ['SSLEnabled'],
    DescribeDBInstanceTDE: ['TDEStatus'],
    DescribeSQLCollectorPolicy: ['SQLCollectorStatus'],
    DescribeSQLCollectorRetention: ['ConfigValue'],
    DescribeParameters: ['RunningParameters'],
  },
};

/** No SDK on npm: openapi-core's generic client, at the regional host. */
export const ACTIONTRAIL: Product = {
  code: 'actiontrail',
  name: 'ActionTrail',
  version: '2020-07-06',
  load: () => import('@alicloud/openapi-core'),
  host: (region) => `actiontrail.${region}.aliyuncs.com`,
  policies: { readOnly: 'AliyunActionTrailReadOnlyAccess', full: 'AliyunActionTrailFullAccess' },
  answers: {
    DescribeTrails: ['TrailList'],
    GetTrailStatus: ['IsLogging'],
  },
};

/** Security Center (SAS): no SDK on npm; one endpoint for the mainland and one for the rest of the world. */
export const SAS: Product = {
  code: 'yundun-sas',
  name: 'Security Center',
  version: '2018-12-03',
  load: () => import('@alicloud/openapi-core'),
  host: (region) => (region.startsWith('cn-') ? 'tds.cn-shanghai.aliyuncs.com' : 'tds.ap-southeast-1.aliyuncs.com'),
  policies: { readOnly: 'AliyunYundunSASReadOnlyAccess', full: 'AliyunYundunSASFullAccess' },
  answers: {
    DescribeVersionConfig: ['Version'],
    DescribeCloudCenterInstances: ['Instances', 'PageInfo'],
    ListUninstallAegisMachines: ['MachineList'],
    DescribeNoticeConfig: ['NoticeConfigList'],
    DescribeVulConfig: ['TargetConfigs'],
    DescribeVulList: ['VulRecords'],
    DescribeSuspiciousOverallConfig: ['OverallConfig.Config'],
    DescribeServiceLinkedRoleStatus: ['RoleStatus.Status'],
    DescribePropertyScheduleConfig: ['Config'],
  },
};

/** Every product, so a refusal's hint can name the policy that grants an action of it. */
export const PRODUCTS: readonly Product[] = [STS, RAM, ECS, IMS, VPC, VPCPEER, RDS, ACTIONTRAIL, SAS];

export function productOf(code: string): Product | undefined {
  return PRODUCTS.find((product) => product.code === code);
}

/** Container Service for Kubernetes: an ROA API, JSON in snake_case, its request id in the x-acs-request-id header. */
export const ACK: Product = {
  code: 'cs',
  name: 'ACK',
  version: '2015-12-15',
  load: () => import('@alicloud/cs20151215'),
  roa: { DescribeClustersV1: { method: 'GET', path: '/api/v1/clusters' }, DescribeClusterDetail: { method: 'GET', path: '/clusters/{ClusterId}' } },
  answers: { DescribeClustersV1: ['clusters', 'page_info'], DescribeClusterDetail: ['cluster_id'] },
  policies: { readOnly: 'AliyunCSReadOnlyAccess' },
};
