/**
 * Loads a world file (test/fixtures/world.json is one) into the emulator's state: validates every field, resolves
 * relative dates against the load time and derives stable ids for the ones left out. This is the account core
 * (regions, accounts, root, RAM identities and policies, OIDC providers, IMDS, credentials URIs, quotas); each
 * service's section (`Ecs`, `Vpc`, …) is loaded by that service's own loader.
 */
import { readFileSync } from 'node:fs';
import { at, Fields, isObject, UniqueNames, WorldError, ACCOUNT_ID, ENTITY_NAME, POLICY_NAME, REGION_ID, QUOTA_KEY } from './world-fields.js';
import * as ids from './ids.js';
import { services } from './services/index.js';
import { checkPolicyDocument, PolicyGrammarError, SYSTEM_POLICIES, type PolicyKind } from './policy.js';
import type { AccessKey, Account, CustomPolicy, EmulatorState, Group, OidcProvider, PolicyDocument, PolicyRef, PolicyVersion, Quota, Role, User } from './state.js';

export { WorldError } from './world-fields.js';

/** The sections of an account that services own, each loaded by its service. */
export const SECTIONS = services.flatMap((service) => (service.section ? [service.section] : []));

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
      'Policies', 'OIDCProviders', ...SECTIONS.map((section) => section.key),
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
      Sections: {},
    };
    // Custom policies and groups first: users, groups and roles refer to them.
    this.each(f, 'Policies', 'policy', (item, p) => this.customPolicy(item, p), 'PolicyName', account.Policies);
    this.each(f, 'Groups', 'group', (item, p) => this.group(item, p, account), 'GroupName', account.Groups, 'GroupId');
    this.each(f, 'Users', 'user', (item, p) => this.user(item, p, account), 'UserName', account.Users, 'UserId');
    this.each(f, 'Roles', 'role', (item, p) => this.role(item, p, account), 'RoleName', account.Roles, 'RoleId');
    this.each(f, 'OIDCProviders', 'OIDC provider', (item, p) => this.oidcProvider(item, p, AccountId), 'OIDCProviderName', account.OIDCProviders);
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

