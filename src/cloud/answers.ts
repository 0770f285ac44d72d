/**
 * What each API's successful answer always carries (wire names; a dotted path looks inside an object). Every
 * answer also carries a RequestId. A 200 without them is not Alibaba Cloud answering, and must not pass as an
 * empty success.
 */
const CREDENTIALS = ['AssumedRoleUser.Arn', 'Credentials.AccessKeyId', 'Credentials.AccessKeySecret', 'Credentials.SecurityToken', 'Credentials.Expiration'];

export const ANSWER_FIELDS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  sts: {
    GetCallerIdentity: ['AccountId', 'Arn', 'IdentityType', 'PrincipalId'],
    AssumeRole: CREDENTIALS,
    AssumeRoleWithOIDC: CREDENTIALS,
  },
  ram: {
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
  ecs: {
    DescribeRegions: ['Regions'],
    DescribeInstances: ['Instances', 'TotalCount'],
    DescribeSecurityGroups: ['SecurityGroups', 'TotalCount'],
    DescribeSecurityGroupAttribute: ['SecurityGroupId', 'Permissions'],
    DescribeDisks: ['Disks', 'TotalCount'],
  },
  ims: {
    GenerateCredentialReport: ['State'],
    GetCredentialReport: ['Content'],
  },
};

/** The fields of `expected` (and RequestId) that `answer` lacks. */
export function missingFields(answer: unknown, expected: readonly string[]): string[] {
  return ['RequestId', ...expected].filter((path) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), answer);
    return value === undefined || value === null || value === '';
  });
}
