/**
 * Loads a world file (test/fixtures/world.json is one) into the emulator's state: validates every field, resolves
 * relative dates against the load time and derives stable ids for the ones left out.
 */
import { readFileSync } from 'node:fs';
import { at, Fields, isObject, UniqueNames, WorldError, ACCOUNT_ID, ENTITY_NAME, POLICY_NAME, REGION_ID, QUOTA_KEY, IPV4, IPV4_ADDRESS, IPV4_CIDR, IPV6_CIDR, PORT_RANGE_TEXT } from './world-fields.js';

export { WorldError } from './world-fields.js';

/** The sections of an account that services own, each loaded by its service. */
const SECTIONS = services.flatMap((service) => (service.section ? [service.section] : []));
import * as ids from './ids.js';
import { services } from './services/index.js';
import { checkPolicyDocument, PolicyGrammarError, SYSTEM_POLICIES, type PolicyKind } from './policy.js';
import type {
  AccessKey,
  Account,
  CustomPolicy,
  EcsDisk,
  EcsInstance,
  EcsPermission,
  EcsSecurityGroup,
  EcsTag,
  EmulatorState,
  Group,
  OidcProvider,
  PolicyDocument,
  PolicyRef,
  PolicyVersion,
  Quota,
  Role,
  User,
} from './state.js';

/** A world file that is not there, or not a file, has no part to fix: its path is what is wrong. */
const PATH_HINT = 'check the path of the world file (such as test/fixtures/world.json), or serve the built-in one: aliaudit emulator --world demo';

// ---------------------------------------------------------------------------------------------------------------
// Regions

const PUBLIC_REGIONS: [string, string][] = [
  ['cn-qingdao', 'China (Qingdao)'],
  ['cn-beijing', 'China (Beijing)'],
  ['cn-zhangjiakou', 'China (Zhangjiakou)'],
  ['cn-huhehaote', 'China (Hohhot)'],
  ['cn-wulanchabu', 'China (Ulanqab)'],
  ['cn-hangzhou', 'China (Hangzhou)'],
  ['cn-shanghai', 'China (Shanghai)'],
  ['cn-shenzhen', 'China (Shenzhen)'],
  ['cn-heyuan', 'China (Heyuan)'],
  ['cn-guangzhou', 'China (Guangzhou)'],
  ['cn-chengdu', 'China (Chengdu)'],
  ['cn-hongkong', 'China (Hong Kong)'],
  ['ap-northeast-1', 'Japan (Tokyo)'],
  ['ap-northeast-2', 'South Korea (Seoul)'],
  ['ap-southeast-1', 'Singapore'],
  ['ap-southeast-3', 'Malaysia (Kuala Lumpur)'],
  ['ap-southeast-5', 'Indonesia (Jakarta)'],
  ['ap-southeast-6', 'Philippines (Manila)'],
  ['ap-southeast-7', 'Thailand (Bangkok)'],
  ['us-east-1', 'US (Virginia)'],
  ['us-west-1', 'US (Silicon Valley)'],
  ['eu-central-1', 'Germany (Frankfurt)'],
  ['eu-west-1', 'UK (London)'],
  ['me-east-1', 'UAE (Dubai)'],
];

/** 24 public regions Prowler scans (its list without the Nanjing and Fuzhou local regions), as ECS DescribeRegions answers them. */
export function defaultRegions(): EmulatorState['Regions'] {
  return PUBLIC_REGIONS.map(([RegionId, LocalName]) => ({
    RegionId,
    LocalName,
    Status: 'available',
    RegionEndpoint: `ecs.${RegionId}.aliyuncs.com`,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The loader

const PASSWORD_POLICY_DEFAULTS: Record<string, number | boolean> = {
  MinimumPasswordLength: 8,
  RequireLowercaseCharacters: false,
  RequireUppercaseCharacters: false,
  RequireNumbers: false,
  RequireSymbols: false,
  HardExpiry: false,
  MaxPasswordAge: 0,
  PasswordReusePrevention: 0,
  MaxLoginAttemps: 5,
};

/** GetSecurityPreference's SecurityPreference: each sub-object with its fields and their JSON types. */
const SECURITY_PREFERENCE: Record<string, Record<string, 'boolean' | 'number' | 'string'>> = {
  AccessKeyPreference: { AllowUserToManageAccessKeys: 'boolean' },
  LoginProfilePreference: {
    AllowUserToChangePassword: 'boolean',
    EnableSaveMFATicket: 'boolean',
    LoginNetworkMasks: 'string',
    LoginSessionDuration: 'number',
  },
  MFAPreference: { AllowUserToManageMFADevices: 'boolean' },
  PublicKeyPreference: { AllowUserToManagePublicKeys: 'boolean' },
};

/** What a world's "Ecs" may say of ECS resources, beyond their ids and names. */
const ECS_REGION_FIELDS = ['Instances', 'SecurityGroups', 'Disks'];
const INSTANCE_STATUSES = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'];
/** Scalar fields of DescribeInstances' Instance that a world may set and that are answered as given. */
const INSTANCE_ATTRIBUTES: Record<string, 'string' | 'number' | 'boolean'> = {
  Description: 'string', HostName: 'string', ImageId: 'string', OSName: 'string', OSNameEn: 'string', OSType: 'string',
  Cpu: 'number', Memory: 'number', InstanceChargeType: 'string', InternetChargeType: 'string',
  InternetMaxBandwidthIn: 'number', InternetMaxBandwidthOut: 'number', KeyPairName: 'string', ResourceGroupId: 'string',
  InstanceTypeFamily: 'string', SerialNumber: 'string', IoOptimized: 'boolean', SpotStrategy: 'string', StoppedMode: 'string',
};
const INSTANCE_FIELDS = [
  'InstanceId', 'InstanceName', 'RegionId', 'ZoneId', 'Status', 'InstanceType', 'InstanceNetworkType', 'VpcId', 'VSwitchId',
  'PrivateIpAddress', 'VpcAttributes', 'InnerIpAddress', 'PublicIpAddress', 'EipAddress', 'SecurityGroupIds', 'MetadataOptions',
  'DeletionProtection', 'CreationTime', 'Tags', 'RamRoleName', ...Object.keys(INSTANCE_ATTRIBUTES),
];
/** MetadataOptions fields and the values each takes (a number range for the hop limit). */
const METADATA_OPTIONS: Record<string, readonly string[] | [number, number]> = {
  HttpTokens: ['optional', 'required'],
  HttpEndpoint: ['enabled', 'disabled'],
  InstanceMetadataTags: ['enabled', 'disabled'],
  HttpPutResponseHopLimit: [1, 64],
};
const SECURITY_GROUP_FIELDS = [
  'SecurityGroupId', 'SecurityGroupName', 'RegionId', 'VpcId', 'Description', 'SecurityGroupType', 'InnerAccessPolicy',
  'ResourceGroupId', 'CreationTime', 'Tags', 'Permissions',
];
const PERMISSION_FIELDS = [
  'SecurityGroupRuleId', 'Direction', 'IpProtocol', 'PortRange', 'SourceCidrIp', 'Ipv6SourceCidrIp', 'DestCidrIp',
  'Ipv6DestCidrIp', 'SourceGroupId', 'DestGroupId', 'SourcePortRange', 'SourcePrefixListId', 'DestPrefixListId', 'NicType',
  'Policy', 'Priority', 'Description', 'CreateTime',
];
const IP_PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL', 'ICMPv6'];
const DISK_FIELDS = [
  'DiskId', 'DiskName', 'RegionId', 'ZoneId', 'Status', 'Category', 'Size', 'InstanceId', 'Encrypted', 'KMSKeyId', 'Type',
  'Device', 'DeleteWithInstance', 'Portable', 'CreationTime', 'AttachedTime', 'Description', 'Tags',
];
function isPortRange(value: string): boolean {
  if (value === '-1/-1') return true;
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(value);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 65535;
}

/** Where ECS resources are being loaded: ids derive from the account and region; rule ids are unique per region. */
interface EcsWhere {
  accountId: string;
  regionId: string;
  ruleIds: UniqueNames;
}

class WorldLoader {
  private readonly accessKeys = new UniqueNames('access key id');

  constructor(private readonly now: Date) {}

  private fields(value: unknown, path: string, allowed: readonly string[]): Fields {
    return Fields.of(value, path, allowed, this.now);
  }

  load(json: unknown): EmulatorState {
    const world = this.fields(json, '', ['Regions', 'Accounts', 'Imds', 'CredentialsUris', 'Quotas']);
    const regions = world.has('Regions') ? this.regions(world) : defaultRegions();
    const regionIds = new Set(regions.map((r) => r.RegionId));

    const accountItems = world.array('Accounts');
    if (accountItems.length === 0) throw new WorldError(world.at('Accounts'), 'must list at least one account');
    const accounts = new Map<string, Account>();
    const accountIds = new UniqueNames('account id');
    accountItems.forEach((item, i) => {
      const account = this.account(item, at(world.at('Accounts'), i), regionIds);
      accountIds.add(account.AccountId, at(at(world.at('Accounts'), i), 'AccountId'));
      accounts.set(account.AccountId, account);
    });

    const state: EmulatorState = {
      Regions: regions,
      Accounts: accounts,
      Imds: world.has('Imds') ? this.imds(world.raw('Imds'), world.at('Imds'), accounts) : undefined,
      CredentialsUris: this.credentialsUris(world, accounts),
      Quotas: world.has('Quotas') ? this.quotas(world.raw('Quotas'), world.at('Quotas')) : {},
      sessions: new Map(),
      clockOffsetMs: 0,
      now: () => new Date(Date.now() + state.clockOffsetMs),
    };
    return state;
  }

  private regions(world: Fields): EmulatorState['Regions'] {
    const items = world.array('Regions');
    if (items.length === 0) throw new WorldError(world.at('Regions'), 'must list at least one region (or be left out for the defaults)');
    const unique = new UniqueNames('region');
    return items.map((item, i) => {
      const region = this.fields(item, at(world.at('Regions'), i), ['RegionId', 'LocalName', 'Status', 'RegionEndpoint']);
      const RegionId = region.requiredString('RegionId', REGION_ID);
      unique.add(RegionId, region.at('RegionId'));
      const RegionEndpoint = region.string('RegionEndpoint');
      return {
        RegionId,
        LocalName: region.requiredString('LocalName'),
        Status: region.string('Status') ?? 'available',
        ...(RegionEndpoint !== undefined ? { RegionEndpoint } : {}),
      };
    });
  }

  private account(item: unknown, path: string, regionIds: Set<string>): Account {
    const f = this.fields(item, path, [
      'AccountId', 'AccountAlias', 'Root', 'PasswordPolicy', 'SecurityPreference', 'Users', 'Groups', 'Roles',
      'Policies', 'OIDCProviders', 'Ecs', ...SECTIONS.map((section) => section.key),
    ]);
    const AccountId = f.requiredString('AccountId', ACCOUNT_ID);
    const account: Account = {
      AccountId,
      AccountAlias: f.string('AccountAlias'),
      Root: this.root(f),
      PasswordPolicy: this.passwordPolicy(f),
      SecurityPreference: f.has('SecurityPreference') ? this.securityPreference(f.raw('SecurityPreference'), f.at('SecurityPreference')) : undefined,
      Users: new Map(),
      Groups: new Map(),
      Roles: new Map(),
      Policies: new Map(),
      OIDCProviders: new Map(),
      Ecs: {},
      Sections: {},
    };
    // Custom policies and groups first: users, groups and roles refer to them.
    this.each(f, 'Policies', 'policy', (item, p) => this.customPolicy(item, p), 'PolicyName', account.Policies);
    this.each(f, 'Groups', 'group', (item, p) => this.group(item, p, account), 'GroupName', account.Groups, 'GroupId');
    this.each(f, 'Users', 'user', (item, p) => this.user(item, p, account), 'UserName', account.Users, 'UserId');
    this.each(f, 'Roles', 'role', (item, p) => this.role(item, p, account), 'RoleName', account.Roles, 'RoleId');
    this.each(f, 'OIDCProviders', 'OIDC provider', (item, p) => this.oidcProvider(item, p, AccountId), 'OIDCProviderName', account.OIDCProviders);
    if (f.has('Ecs')) account.Ecs = this.ecs(f.raw('Ecs'), f.at('Ecs'), AccountId, regionIds);
    for (const section of SECTIONS) {
      if (f.has(section.key)) account.Sections[section.key] = section.load(f.raw(section.key), { path: f.at(section.key), accountId: AccountId, regionIds, now: this.now });
    }
    return account;
  }

  /** Loads each item of an array field into a map by name, refusing duplicate names (checked first) and ids. */
  private each<T>(f: Fields, key: string, what: string, load: (item: unknown, path: string) => T, nameKey: keyof T & string, into: Map<string, T>, idKey?: keyof T & string): void {
    const names = new UniqueNames(`${what} name`);
    const givenIds = idKey ? new UniqueNames(idKey) : undefined;
    f.array(key).forEach((item, i) => {
      const path = at(f.at(key), i);
      const name = isObject(item) ? item[nameKey] : undefined;
      if (typeof name === 'string' && name !== '') names.add(name, at(path, nameKey));
      const loaded = load(item, path);
      if (idKey) givenIds!.add(String(loaded[idKey]), at(path, idKey));
      into.set(String(loaded[nameKey]), loaded);
    });
  }

  private root(account: Fields): Account['Root'] {
    if (!account.has('Root')) return { AccessKeys: [], MFA: false };
    const f = this.fields(account.raw('Root'), account.at('Root'), ['AccessKeys', 'MFA', 'LastLoginDate', 'CreateDate']);
    const CreateDate = f.date('CreateDate');
    return {
      AccessKeys: this.accessKeyList(f, Number.POSITIVE_INFINITY),
      MFA: f.boolean('MFA', false),
      LastLoginDate: f.date('LastLoginDate'),
      ...(CreateDate ? { CreateDate } : {}),
    };
  }

  private passwordPolicy(account: Fields): Record<string, unknown> {
    const policy: Record<string, unknown> = { ...PASSWORD_POLICY_DEFAULTS };
    if (!account.has('PasswordPolicy')) return policy;
    const f = this.fields(account.raw('PasswordPolicy'), account.at('PasswordPolicy'), Object.keys(PASSWORD_POLICY_DEFAULTS));
    for (const [key, fallback] of Object.entries(PASSWORD_POLICY_DEFAULTS)) {
      policy[key] = typeof fallback === 'boolean' ? f.boolean(key, fallback) : f.integer(key, fallback, 0, 1095);
    }
    return policy;
  }

  private securityPreference(value: unknown, path: string): Record<string, unknown> {
    const f = this.fields(value, path, Object.keys(SECURITY_PREFERENCE));
    const preference: Record<string, unknown> = {};
    for (const [group, fieldTypes] of Object.entries(SECURITY_PREFERENCE)) {
      if (!f.has(group)) continue;
      const g = this.fields(f.raw(group), f.at(group), Object.keys(fieldTypes));
      const out: Record<string, unknown> = {};
      for (const [key, type] of Object.entries(fieldTypes)) {
        if (!g.has(key)) continue;
        if (type === 'boolean') out[key] = g.boolean(key, false);
        else if (type === 'number') out[key] = g.integer(key, 0, 1, 24);
        else out[key] = g.string(key);
      }
      preference[group] = out;
    }
    return preference;
  }

  private accessKeyList(owner: Fields, max: number): AccessKey[] {
    const items = owner.array('AccessKeys');
    if (items.length > max) throw new WorldError(owner.at('AccessKeys'), `must have at most ${max} access keys (RAM's limit)`);
    return items.map((item, i) => this.accessKey(item, at(owner.at('AccessKeys'), i)));
  }

  private accessKey(item: unknown, path: string): AccessKey {
    const f = this.fields(item, path, ['AccessKeyId', 'AccessKeySecret', 'Status', 'CreateDate', 'LastUsedDate']);
    const AccessKeyId = f.requiredString('AccessKeyId', { pattern: /^(?!STS\.)[A-Za-z0-9._-]+$/, text: 'letters and digits, not starting with "STS." (kept for STS credentials)' });
    this.accessKeys.add(AccessKeyId, f.at('AccessKeyId'));
    const status = f.string('Status') ?? 'Active';
    if (status !== 'Active' && status !== 'Inactive') throw new WorldError(f.at('Status'), 'must be Active or Inactive');
    return {
      AccessKeyId,
      AccessKeySecret: f.requiredString('AccessKeySecret'),
      Status: status,
      CreateDate: f.date('CreateDate') ?? this.now,
      LastUsedDate: f.date('LastUsedDate'),
    };
  }

  private policyRefs(owner: Fields, account: Account, attachedSince: Date): PolicyRef[] {
    const unique = new UniqueNames('policy');
    return owner.array('Policies').map((item, i) => {
      const f = this.fields(item, at(owner.at('Policies'), i), ['PolicyName', 'PolicyType', 'AttachDate']);
      const PolicyName = f.requiredString('PolicyName');
      const PolicyType = f.requiredString('PolicyType');
      if (PolicyType === 'System') {
        if (!SYSTEM_POLICIES.has(PolicyName)) throw new WorldError(f.at('PolicyName'), `unknown System policy "${PolicyName}"`);
      } else if (PolicyType === 'Custom') {
        if (!account.Policies.has(PolicyName)) {
          throw new WorldError(f.at('PolicyName'), `Custom policy "${PolicyName}" does not exist in this account's Policies`);
        }
      } else {
        throw new WorldError(f.at('PolicyType'), 'must be System or Custom');
      }
      unique.add(`${PolicyType}:${PolicyName}`, f.path);
      return { PolicyName, PolicyType, AttachDate: f.date('AttachDate') ?? attachedSince };
    });
  }

  private document(f: Fields, key: string, kind: PolicyKind): PolicyDocument {
    const path = f.at(key);
    let value = f.raw(key);
    if (value === undefined) throw new WorldError(path, 'is required');
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch (err) {
        throw new WorldError(path, `is not valid JSON (${(err as Error).message})`);
      }
    }
    try {
      return checkPolicyDocument(value, kind, path);
    } catch (err) {
      if (err instanceof PolicyGrammarError) throw new WorldError(err.path || path, err.problem);
      throw err;
    }
  }

  private customPolicy(item: unknown, path: string): CustomPolicy {
    const f = this.fields(item, path, ['PolicyName', 'Description', 'PolicyDocument', 'Versions', 'CreateDate', 'UpdateDate']);
    const PolicyName = f.requiredString('PolicyName', POLICY_NAME);
    const CreateDate = f.date('CreateDate') ?? this.now;
    const UpdateDate = f.date('UpdateDate') ?? CreateDate;
    const older = f.array('Versions');
    if (older.length > 4) throw new WorldError(f.at('Versions'), 'must have at most 4 older versions (RAM keeps 5 in all)');
    const Versions: PolicyVersion[] = older.map((v, i) => {
      const version = this.fields(v, at(f.at('Versions'), i), ['PolicyDocument', 'CreateDate']);
      return {
        VersionId: `v${i + 1}`,
        PolicyDocument: this.document(version, 'PolicyDocument', 'permission'),
        IsDefaultVersion: false,
        CreateDate: version.date('CreateDate') ?? CreateDate,
      };
    });
    const DefaultVersion = `v${Versions.length + 1}`;
    Versions.push({ VersionId: DefaultVersion, PolicyDocument: this.document(f, 'PolicyDocument', 'permission'), IsDefaultVersion: true, CreateDate: UpdateDate });
    return { PolicyName, PolicyType: 'Custom', Description: f.string('Description'), CreateDate, UpdateDate, DefaultVersion, Versions };
  }

  private group(item: unknown, path: string, account: Account): Group {
    const f = this.fields(item, path, ['GroupName', 'GroupId', 'Comments', 'CreateDate', 'UpdateDate', 'Policies']);
    const GroupName = f.requiredString('GroupName', ENTITY_NAME);
    const CreateDate = f.date('CreateDate') ?? this.now;
    return {
      GroupId: f.string('GroupId') || ids.groupId(account.AccountId, GroupName),
      GroupName,
      Comments: f.string('Comments'),
      CreateDate,
      UpdateDate: f.date('UpdateDate') ?? CreateDate,
      Policies: this.policyRefs(f, account, CreateDate),
    };
  }

  private user(item: unknown, path: string, account: Account): User {
    const f = this.fields(item, path, [
      'UserName', 'UserId', 'DisplayName', 'Email', 'MobilePhone', 'Comments', 'CreateDate', 'UpdateDate',
      'LastLoginDate', 'LoginProfile', 'MFADevice', 'AccessKeys', 'Policies', 'Groups',
    ]);
    const UserName = f.requiredString('UserName', ENTITY_NAME);
    const CreateDate = f.date('CreateDate') ?? this.now;
    const groups = new UniqueNames('group');
    const Groups = f.strings('Groups').map((name, i) => {
      const groupPath = at(f.at('Groups'), i);
      if (!account.Groups.has(name)) throw new WorldError(groupPath, `group "${name}" does not exist in this account's Groups`);
      groups.add(name, groupPath);
      return name;
    });
    return {
      UserId: f.string('UserId') || ids.userId(account.AccountId, UserName),
      UserName,
      DisplayName: f.string('DisplayName') || UserName,
      Email: f.string('Email'),
      MobilePhone: f.string('MobilePhone'),
      Comments: f.string('Comments'),
      CreateDate,
      UpdateDate: f.date('UpdateDate') ?? CreateDate,
      LastLoginDate: f.date('LastLoginDate'),
      LoginProfile: f.has('LoginProfile') ? this.loginProfile(f, CreateDate) : undefined,
      MFADevice: f.has('MFADevice') ? this.mfaDevice(f, account.AccountId, UserName, CreateDate) : undefined,
      AccessKeys: this.accessKeyList(f, 2),
      Policies: this.policyRefs(f, account, CreateDate),
      Groups,
    };
  }

  private loginProfile(user: Fields, userCreated: Date): User['LoginProfile'] {
    const f = this.fields(user.raw('LoginProfile'), user.at('LoginProfile'), ['CreateDate', 'MFABindRequired', 'PasswordResetRequired']);
    return {
      CreateDate: f.date('CreateDate') ?? userCreated,
      MFABindRequired: f.boolean('MFABindRequired', false),
      PasswordResetRequired: f.boolean('PasswordResetRequired', false),
    };
  }

  private mfaDevice(user: Fields, accountId: string, userName: string, userCreated: Date): User['MFADevice'] {
    const f = this.fields(user.raw('MFADevice'), user.at('MFADevice'), ['SerialNumber', 'ActivateDate']);
    return {
      SerialNumber: f.string('SerialNumber') || ids.mfaSerialNumber(accountId, userName),
      ActivateDate: f.date('ActivateDate') ?? userCreated,
    };
  }

  private role(item: unknown, path: string, account: Account): Role {
    const f = this.fields(item, path, [
      'RoleName', 'RoleId', 'Arn', 'Description', 'MaxSessionDuration', 'AssumeRolePolicyDocument', 'CreateDate',
      'UpdateDate', 'Policies',
    ]);
    const RoleName = f.requiredString('RoleName', ENTITY_NAME);
    const Arn = ids.roleArn(account.AccountId, RoleName);
    const givenArn = f.string('Arn');
    if (givenArn !== undefined && givenArn !== Arn) throw new WorldError(f.at('Arn'), `must be ${Arn} (or be left out)`);
    const CreateDate = f.date('CreateDate') ?? this.now;
    return {
      RoleId: f.string('RoleId') || ids.roleId(account.AccountId, RoleName),
      RoleName,
      Arn,
      Description: f.string('Description'),
      MaxSessionDuration: f.integer('MaxSessionDuration', 3600, 3600, 43200),
      AssumeRolePolicyDocument: this.document(f, 'AssumeRolePolicyDocument', 'trust'),
      CreateDate,
      UpdateDate: f.date('UpdateDate') ?? CreateDate,
      Policies: this.policyRefs(f, account, CreateDate),
    };
  }

  private oidcProvider(item: unknown, path: string, accountId: string): OidcProvider {
    const f = this.fields(item, path, ['OIDCProviderName', 'IssuerUrl', 'ClientIds', 'JWKS']);
    const OIDCProviderName = f.requiredString('OIDCProviderName', ENTITY_NAME);
    const IssuerUrl = f.requiredString('IssuerUrl', { pattern: /^https:\/\/\S+$/, text: 'an https:// URL' });
    const ClientIds = f.strings('ClientIds');
    if (ClientIds.length === 0) throw new WorldError(f.at('ClientIds'), 'must list at least one client id');
    if (!f.has('JWKS')) throw new WorldError(f.at('JWKS'), 'is required');
    const jwks = this.fields(f.raw('JWKS'), f.at('JWKS'), ['keys']);
    const keys = jwks.array('keys');
    if (keys.length === 0) throw new WorldError(jwks.at('keys'), 'must list at least one key');
    keys.forEach((key, i) => {
      if (!isObject(key) || typeof key.kty !== 'string') throw new WorldError(at(jwks.at('keys'), i), 'must be a JSON Web Key with a "kty"');
    });
    return {
      OIDCProviderName,
      Arn: ids.oidcProviderArn(accountId, OIDCProviderName),
      IssuerUrl,
      ClientIds,
      JWKS: { keys: keys as Record<string, unknown>[] },
    };
  }

  /**
   * The ECS section per region id: SecurityGroups first (instances name them), then Instances (disks name them), then
   * Disks. Ids left out are derived from `<region>/<name>`; rules without a SecurityGroupRuleId get a stable derived one.
   */
  private ecs(value: unknown, path: string, accountId: string, regionIds: Set<string>): Account['Ecs'] {
    if (!isObject(value)) throw new WorldError(path, 'must be a JSON object keyed by region id');
    const ecs: Account['Ecs'] = {};
    for (const [regionId, regionValue] of Object.entries(value)) {
      const regionPath = at(path, regionId);
      if (!regionIds.has(regionId)) throw new WorldError(regionPath, `region "${regionId}" is not in Regions`);
      const region = this.fields(regionValue, regionPath, ECS_REGION_FIELDS);
      const where = { accountId, regionId, ruleIds: new UniqueNames('SecurityGroupRuleId') };
      const SecurityGroups = this.ecsList(region, 'SecurityGroups', 'SecurityGroupId', (item, p) => this.securityGroup(item, p, where));
      const groupOf = lookup(SecurityGroups, 'SecurityGroupId', 'SecurityGroupName');
      const Instances = this.ecsList(region, 'Instances', 'InstanceId', (item, p) => this.instance(item, p, where, groupOf));
      const instanceOf = lookup(Instances, 'InstanceId', 'InstanceName');
      const Disks = this.ecsList(region, 'Disks', 'DiskId', (item, p) => this.disk(item, p, where, instanceOf));
      ecs[regionId] = { Instances, SecurityGroups, Disks };
    }
    return ecs;
  }

  private ecsList<T extends object>(region: Fields, key: string, idKey: keyof T & string, load: (item: unknown, path: string) => T): T[] {
    const unique = new UniqueNames(idKey);
    return region.array(key).map((item, i) => {
      const itemPath = at(region.at(key), i);
      const loaded = load(item, itemPath);
      unique.add(String(loaded[idKey]), itemPath);
      return loaded;
    });
  }

  /** The resource's id and name: an id left out is derived from the name, as the other derived ids are. */
  private ecsIdentity(f: Fields, idKey: string, nameKey: string, derive: (account: string, name: string) => string, where: EcsWhere) {
    const name = f.string(nameKey);
    const givenId = f.string(idKey);
    if (givenId === '') throw new WorldError(f.at(idKey), 'must not be empty (or be left out)');
    if (givenId === undefined && !name) throw new WorldError(f.path, `needs ${idKey} or ${nameKey}`);
    const regionId = f.string('RegionId');
    if (regionId !== undefined && regionId !== where.regionId) {
      throw new WorldError(f.at('RegionId'), `must be "${where.regionId}", the region it is listed under (or be left out)`);
    }
    return { id: givenId ?? derive(where.accountId, `${where.regionId}/${name}`), name };
  }

  private instance(item: unknown, path: string, where: EcsWhere, groupOf: (ref: string) => EcsSecurityGroup | undefined): EcsInstance {
    const f = this.fields(item, path, INSTANCE_FIELDS);
    const { id: InstanceId, name } = this.ecsIdentity(f, 'InstanceId', 'InstanceName', ids.instanceId, where);
    const vpc = this.vpcAttributes(f);
    const eip = f.raw('EipAddress');
    const eipText = isObject(eip)
      ? this.fields(eip, f.at('EipAddress'), ['IpAddress']).requiredString('IpAddress', IPV4_ADDRESS)
      : eip === undefined || eip === '' ? undefined : f.requiredString('EipAddress', IPV4_ADDRESS);
    const attributes: Record<string, string | number | boolean> = {};
    for (const [key, type] of Object.entries(INSTANCE_ATTRIBUTES)) {
      const value = f.raw(key);
      if (value === undefined) continue;
      if (typeof value !== type) throw new WorldError(f.at(key), `must be a ${type}`);
      attributes[key] = value as string | number | boolean;
    }
    const unique = new UniqueNames('security group');
    const SecurityGroupIds = this.wrappedStrings(f, 'SecurityGroupIds', 'SecurityGroupId').map(({ value, path: p }) => {
      const group = groupOf(value);
      if (!group) throw new WorldError(p, `security group "${value}" is not in this region's SecurityGroups (by SecurityGroupId or SecurityGroupName)`);
      unique.add(group.SecurityGroupId, p);
      return group.SecurityGroupId;
    });
    return {
      InstanceId,
      InstanceName: name || InstanceId,
      ZoneId: this.zoneId(f, where.regionId),
      Status: this.oneOf(f, 'Status', INSTANCE_STATUSES, 'Running'),
      InstanceType: f.string('InstanceType') || 'ecs.g7.large',
      InstanceNetworkType: this.oneOf(f, 'InstanceNetworkType', ['vpc', 'classic'], 'vpc') as EcsInstance['InstanceNetworkType'],
      ...vpc,
      InnerIpAddress: this.ipAddresses(f, 'InnerIpAddress'),
      PublicIpAddress: this.ipAddresses(f, 'PublicIpAddress'),
      ...(eipText !== undefined ? { EipAddress: eipText } : {}),
      SecurityGroupIds,
      ...(f.has('MetadataOptions') ? { MetadataOptions: this.metadataOptions(f) } : {}),
      DeletionProtection: f.boolean('DeletionProtection', false),
      CreationTime: f.date('CreationTime') ?? this.now,
      Tags: this.tags(f),
      ...(f.string('RamRoleName') ? { RamRoleName: f.string('RamRoleName') } : {}),
      Attributes: attributes,
    };
  }

  /** VpcId, VSwitchId and PrivateIpAddress, flat (as world files write them) or inside the API's VpcAttributes. */
  private vpcAttributes(f: Fields): Pick<EcsInstance, 'VpcId' | 'VSwitchId' | 'PrivateIpAddress'> {
    let source = f;
    if (f.has('VpcAttributes')) {
      const flat = ['VpcId', 'VSwitchId', 'PrivateIpAddress'].find((key) => f.has(key));
      if (flat) throw new WorldError(f.at(flat), 'is given both here and in VpcAttributes: give one');
      source = this.fields(f.raw('VpcAttributes'), f.at('VpcAttributes'), ['VpcId', 'VSwitchId', 'PrivateIpAddress']);
    }
    const VpcId = source.string('VpcId');
    const VSwitchId = source.string('VSwitchId');
    return {
      ...(VpcId ? { VpcId } : {}),
      ...(VSwitchId ? { VSwitchId } : {}),
      PrivateIpAddress: this.ipAddresses(source, 'PrivateIpAddress'),
    };
  }

  private metadataOptions(f: Fields): Record<string, string | number> {
    const options = this.fields(f.raw('MetadataOptions'), f.at('MetadataOptions'), Object.keys(METADATA_OPTIONS));
    const out: Record<string, string | number> = {};
    for (const [key, allowed] of Object.entries(METADATA_OPTIONS)) {
      if (!options.has(key)) continue;
      if (typeof allowed[0] === 'number') out[key] = options.integer(key, 0, allowed[0], allowed[1] as number);
      else out[key] = this.oneOf(options, key, allowed as readonly string[], '');
    }
    return out;
  }

  private securityGroup(item: unknown, path: string, where: EcsWhere): EcsSecurityGroup {
    const f = this.fields(item, path, SECURITY_GROUP_FIELDS);
    const { id: SecurityGroupId, name } = this.ecsIdentity(f, 'SecurityGroupId', 'SecurityGroupName', ids.securityGroupId, where);
    const CreationTime = f.date('CreationTime') ?? this.now;
    const seen = new Map<string, number>();
    const Permissions = f.array('Permissions').map((rule, i) => {
      const permission = this.permission(rule, at(f.at('Permissions'), i), CreationTime);
      const ruleIdPath = at(at(f.at('Permissions'), i), 'SecurityGroupRuleId');
      if (permission.SecurityGroupRuleId === '') {
        // Derived from what the rule is, not where it stands, so adding a rule does not renumber the others.
        const { SecurityGroupRuleId: _none, CreateTime: _created, Description: _text, ...what } = permission;
        const key = JSON.stringify({ ...what, IpProtocol: what.IpProtocol.toUpperCase(), Policy: what.Policy.toLowerCase() });
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        permission.SecurityGroupRuleId = ids.securityGroupRuleId(where.accountId, `${where.regionId}/${SecurityGroupId}/${key}#${occurrence}`);
      }
      where.ruleIds.add(permission.SecurityGroupRuleId, ruleIdPath);
      return permission;
    });
    return {
      SecurityGroupId,
      SecurityGroupName: name ?? '',
      VpcId: f.string('VpcId') ?? '',
      Description: f.string('Description') ?? '',
      SecurityGroupType: this.oneOf(f, 'SecurityGroupType', ['normal', 'enterprise'], 'normal') as EcsSecurityGroup['SecurityGroupType'],
      InnerAccessPolicy: this.oneOf(f, 'InnerAccessPolicy', ['Accept', 'Drop'], 'Accept', true),
      ResourceGroupId: f.string('ResourceGroupId') ?? '',
      CreationTime,
      Tags: this.tags(f),
      Permissions,
    };
  }

  /** One rule, checked for what scanners read: Direction, IpProtocol, PortRange, Policy, Priority and the CIDR blocks. */
  private permission(item: unknown, path: string, groupCreated: Date): EcsPermission {
    const f = this.fields(item, path, PERMISSION_FIELDS);
    const portRange = (key: string, fallback: string) => {
      const value = f.string(key) ?? fallback;
      if (value !== '' && !isPortRange(value)) throw new WorldError(f.at(key), `must be ${PORT_RANGE_TEXT}`);
      return value;
    };
    const cidr = (key: string, shape: { pattern: RegExp; text: string }) => {
      const value = f.string(key) ?? '';
      if (value !== '' && !shape.pattern.test(value)) throw new WorldError(f.at(key), `must be ${shape.text}`);
      return value;
    };
    const ruleId = f.string('SecurityGroupRuleId');
    if (ruleId === '') throw new WorldError(f.at('SecurityGroupRuleId'), 'must not be empty (or be left out)');
    const PortRange = portRange('PortRange', '-1/-1');
    if (PortRange === '') throw new WorldError(f.at('PortRange'), `must be ${PORT_RANGE_TEXT}`);
    return {
      SecurityGroupRuleId: ruleId ?? '',
      Direction: this.oneOf(f, 'Direction', ['ingress', 'egress'], 'ingress') as EcsPermission['Direction'],
      IpProtocol: this.oneOf(f, 'IpProtocol', IP_PROTOCOLS, 'ALL', true),
      PortRange,
      SourceCidrIp: cidr('SourceCidrIp', IPV4_CIDR),
      Ipv6SourceCidrIp: cidr('Ipv6SourceCidrIp', IPV6_CIDR),
      DestCidrIp: cidr('DestCidrIp', IPV4_CIDR),
      Ipv6DestCidrIp: cidr('Ipv6DestCidrIp', IPV6_CIDR),
      SourceGroupId: f.string('SourceGroupId') ?? '',
      DestGroupId: f.string('DestGroupId') ?? '',
      SourcePortRange: portRange('SourcePortRange', ''),
      SourcePrefixListId: f.string('SourcePrefixListId') ?? '',
      DestPrefixListId: f.string('DestPrefixListId') ?? '',
      NicType: this.oneOf(f, 'NicType', ['intranet', 'internet'], 'intranet'),
      Policy: this.oneOf(f, 'Policy', ['Accept', 'Drop'], 'Accept', true),
      Priority: this.priority(f),
      Description: f.string('Description') ?? '',
      CreateTime: f.date('CreateTime') ?? groupCreated,
    };
  }

  /** Priority 1..100, given as the API's string ("1") or as a number; answered as a string. */
  private priority(f: Fields): string {
    const value = f.raw('Priority');
    if (value === undefined) return '1';
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
    if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100) {
      throw new WorldError(f.at('Priority'), 'must be an integer from 1 to 100 (lower wins), as a string such as "1" or a number');
    }
    return String(Number(text));
  }

  private disk(item: unknown, path: string, where: EcsWhere, instanceOf: (ref: string) => EcsInstance | undefined): EcsDisk {
    const f = this.fields(item, path, DISK_FIELDS);
    const { id: DiskId, name } = this.ecsIdentity(f, 'DiskId', 'DiskName', ids.diskId, where);
    const instanceRef = f.string('InstanceId') || undefined;
    const instance = instanceRef === undefined ? undefined : instanceOf(instanceRef);
    if (instanceRef !== undefined && !instance) {
      throw new WorldError(f.at('InstanceId'), `instance "${instanceRef}" is not in this region's Instances (by InstanceId or InstanceName)`);
    }
    const Status = this.oneOf(f, 'Status', ['In_use', 'Available'], instance ? 'In_use' : 'Available') as EcsDisk['Status'];
    if (Status === 'In_use' && !instance) throw new WorldError(f.at('Status'), 'is In_use, so the disk needs the InstanceId it is attached to');
    if (Status === 'Available' && instance) throw new WorldError(f.at('Status'), 'is Available, so the disk must not name an InstanceId (In_use means attached)');
    const ZoneId = this.zoneId(f, where.regionId, instance?.ZoneId);
    if (instance && ZoneId !== instance.ZoneId) throw new WorldError(f.at('ZoneId'), `must be ${instance.ZoneId}, the zone of instance ${instance.InstanceId}`);
    const Encrypted = f.boolean('Encrypted', false);
    const KMSKeyId = f.string('KMSKeyId') ?? '';
    if (KMSKeyId !== '' && !Encrypted) throw new WorldError(f.at('KMSKeyId'), 'is only for an encrypted disk: set Encrypted to true (or leave KMSKeyId out)');
    const Type = this.oneOf(f, 'Type', ['system', 'data'], 'data') as EcsDisk['Type'];
    const CreationTime = f.date('CreationTime') ?? this.now;
    const AttachedTime = f.date('AttachedTime') ?? (instance ? CreationTime : undefined);
    return {
      DiskId,
      DiskName: name ?? '',
      ZoneId,
      Status,
      Category: f.string('Category') || 'cloud_essd',
      Size: f.integer('Size', 40, 1, 65536),
      InstanceId: instance?.InstanceId ?? '',
      Encrypted,
      KMSKeyId,
      Type,
      Device: f.string('Device') ?? '',
      DeleteWithInstance: f.boolean('DeleteWithInstance', Type === 'system'),
      Portable: f.boolean('Portable', Type !== 'system'),
      CreationTime,
      ...(AttachedTime ? { AttachedTime } : {}),
      Description: f.string('Description') ?? '',
      Tags: this.tags(f),
    };
  }

  /** A zone of the region (`cn-hangzhou-h`); by default the given fallback or the region's zone "a". */
  private zoneId(f: Fields, regionId: string, fallback?: string): string {
    const zone = f.string('ZoneId');
    if (zone === undefined || zone === '') return fallback ?? `${regionId}-a`;
    if (!zone.startsWith(`${regionId}-`)) throw new WorldError(f.at('ZoneId'), `must be a zone of ${regionId} such as "${regionId}-a"`);
    return zone;
  }

  /** A string field from a fixed set (compared ignoring case when told, then kept as written); absent: the fallback. */
  private oneOf(f: Fields, key: string, allowed: readonly string[], fallback: string, ignoreCase = false): string {
    const value = f.string(key);
    if (value === undefined) return fallback;
    const ok = ignoreCase ? allowed.some((a) => a.toLowerCase() === value.toLowerCase()) : allowed.includes(value);
    if (!ok) throw new WorldError(f.at(key), `must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}${ignoreCase ? ' (in any case)' : ''}`);
    return value;
  }

  /** A list given plainly (`["a"]`) or in the API's wrapper (`{"IpAddress": ["a"]}`), each item with its path. */
  private wrapped(f: Fields, key: string, inner: string): { item: unknown; path: string }[] {
    const value = f.raw(key);
    if (value === undefined) return [];
    if (isObject(value)) {
      const wrapper = this.fields(value, f.at(key), [inner]);
      return wrapper.array(inner).map((item, i) => ({ item, path: at(wrapper.at(inner), i) }));
    }
    if (!Array.isArray(value)) throw new WorldError(f.at(key), `must be an array (or the API's {"${inner}": [...]})`);
    return value.map((item, i) => ({ item, path: at(f.at(key), i) }));
  }

  private wrappedStrings(f: Fields, key: string, inner: string): { value: string; path: string }[] {
    return this.wrapped(f, key, inner).map(({ item, path }) => {
      if (typeof item !== 'string' || item === '') throw new WorldError(path, 'must be a non-empty string');
      return { value: item, path };
    });
  }

  private ipAddresses(f: Fields, key: string): string[] {
    return this.wrappedStrings(f, key, 'IpAddress').map(({ value, path }) => {
      if (!IPV4.test(value)) throw new WorldError(path, `must be ${IPV4_ADDRESS.text}`);
      return value;
    });
  }

  private tags(f: Fields): EcsTag[] {
    const keys = new UniqueNames('TagKey');
    return this.wrapped(f, 'Tags', 'Tag').map(({ item, path }) => {
      const tag = this.fields(item, path, ['TagKey', 'TagValue']);
      const TagKey = tag.requiredString('TagKey');
      keys.add(TagKey, tag.at('TagKey'));
      return { TagKey, TagValue: tag.string('TagValue') ?? '' };
    });
  }

  private roleIn(f: Fields, accounts: Map<string, Account>): { AccountId: string; RoleName: string } {
    const AccountId = f.requiredString('AccountId', ACCOUNT_ID);
    const account = accounts.get(AccountId);
    if (!account) throw new WorldError(f.at('AccountId'), `account "${AccountId}" is not in Accounts`);
    const RoleName = f.requiredString('RoleName');
    if (!account.Roles.has(RoleName)) throw new WorldError(f.at('RoleName'), `role "${RoleName}" does not exist in account ${AccountId}`);
    return { AccountId, RoleName };
  }

  private imds(value: unknown, path: string, accounts: Map<string, Account>): EmulatorState['Imds'] {
    const f = this.fields(value, path, ['AccountId', 'InstanceId', 'RoleName']);
    const { AccountId, RoleName } = this.roleIn(f, accounts);
    return { AccountId, InstanceId: f.string('InstanceId') || ids.instanceId(AccountId, `imds/${RoleName}`), RoleName };
  }

  private credentialsUris(world: Fields, accounts: Map<string, Account>): EmulatorState['CredentialsUris'] {
    const paths = new UniqueNames('Path');
    return world.array('CredentialsUris').map((item, i) => {
      const f = this.fields(item, at(world.at('CredentialsUris'), i), ['Path', 'AccountId', 'RoleName']);
      const Path = f.requiredString('Path', { pattern: /^\/[^\s?#]*$/, text: 'a URL path starting with "/"' });
      paths.add(Path, f.at('Path'));
      return { Path, ...this.roleIn(f, accounts) };
    });
  }

  private quotas(value: unknown, path: string): Record<string, Quota> {
    if (!isObject(value)) throw new WorldError(path, 'must be a JSON object');
    const quotas: Record<string, Quota> = {};
    for (const [key, quota] of Object.entries(value)) {
      const quotaPath = at(path, key);
      if (key !== 'Default' && !QUOTA_KEY.test(key)) throw new WorldError(quotaPath, 'must be "Default" or "<product>:<Action>" such as "ecs:DescribeInstances"');
      const f = this.fields(quota, quotaPath, ['Qps']);
      const Qps = f.raw('Qps');
      if (typeof Qps !== 'number' || !(Qps > 0)) throw new WorldError(f.at('Qps'), 'must be a number above 0');
      quotas[key] = { Qps };
    }
    return quotas;
  }
}

export function loadWorld(json: unknown, options: { now?: Date } = {}): EmulatorState {
  return new WorldLoader(options.now ?? new Date()).load(json);
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

export function loadWorldFile(file: string, options: { now?: Date } = {}): EmulatorState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorldError(file, 'no such file', PATH_HINT);
    if (code === 'EISDIR') throw new WorldError(file, 'is a directory, not a world file', PATH_HINT);
    throw new WorldError(file, `cannot be read (${code ?? (err as Error).message})`, 'check that the file is readable by you');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = lineAndColumn(text, position ? Number(position[1]) : text.length);
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '');
    throw new WorldError(file, `invalid JSON at line ${where}: ${reason}`, 'Fix the JSON there and load it again.');
  }
  return loadWorld(json, options);
}

/** Finds an item by its id, else by its name (ids win), in constant time: worlds can hold tens of thousands. */
function lookup<T>(items: readonly T[], idKey: keyof T, nameKey: keyof T): (ref: string) => T | undefined {
  const byId = new Map<unknown, T>();
  const byName = new Map<unknown, T>();
  for (const item of items) {
    byId.set(item[idKey], item);
    if (!byName.has(item[nameKey])) byName.set(item[nameKey], item);
  }
  return (ref) => byId.get(ref) ?? byName.get(ref);
}
