/**
 * Large worlds, built reproducibly from a short spec (`aliaudit emulator --generate users=2000,instances=50000,seed=7`):
 * a world file's JSON (what world.ts loads), loaded through the normal loader like any other.
 *
 * One account, its users, groups, roles and custom policies, with a realistic minority of misconfigurations for every
 * RAM check (the shares are in the SHARES table below); each service adds its own section through generatedSections
 * (ECS's security groups, instances and disks per region are services/ecs/generate.ts). The same spec gives a
 * byte-identical world: every draw comes from a seeded generator, one stream per section, and every date is relative
 * to the load ("-120d"), never to the moment of generation.
 */
import { InputError } from '../core/errors.js';
import { defaultRegions } from './world.js';
import { IdMaker, LOWER_ALNUM, MIXED_ALNUM, Rng } from './rng.js';
import { generatedSections, scannerPolicies } from './services/index.js';

// ---------------------------------------------------------------------------------------------------------------
// The spec

export interface GenerateSpec {
  /** Regions holding resources, the busiest first (1–24); the world still lists all 24 public regions. */
  regions: number;
  users: number;
  groups: number;
  roles: number;
  /** Custom policies. */
  policies: number;
  instances: number;
  securityGroups: number;
  disks: number;
  seed: number;
  /** Calls a second each caller may make to each API (the world's Quotas); 0: no flow control. */
  qps: number;
}

interface Knob {
  key: keyof GenerateSpec;
  max: number;
  /** The default, which may follow from the knobs given. */
  fallback(given: Partial<GenerateSpec>): number;
  describe: string;
}

/** The spec's keys as typed, in the order help lists them. */
export const GENERATE_KNOBS: Readonly<Record<string, Knob>> = {
  regions: { key: 'regions', max: 24, fallback: () => 3, describe: 'regions with resources, busiest first (1–24)' },
  users: { key: 'users', max: 100_000, fallback: () => 25, describe: 'RAM users' },
  groups: { key: 'groups', max: 10_000, fallback: (g) => Math.max(3, Math.round((g.users ?? 25) / 40)), describe: 'RAM groups (default: users/40, at least 3)' },
  roles: { key: 'roles', max: 10_000, fallback: (g) => Math.max(4, Math.round((g.users ?? 25) / 100)), describe: 'RAM roles (default: users/100, at least 4)' },
  policies: { key: 'policies', max: 10_000, fallback: (g) => Math.max(6, Math.round((g.users ?? 25) / 50)), describe: 'custom policies (default: users/50, at least 6)' },
  instances: { key: 'instances', max: 1_000_000, fallback: () => 60, describe: 'ECS instances' },
  'security-groups': { key: 'securityGroups', max: 200_000, fallback: () => 12, describe: 'security groups' },
  disks: { key: 'disks', max: 2_000_000, fallback: (g) => Math.round((g.instances ?? 60) * 1.25), describe: 'disks (default: instances × 1.25)' },
  seed: { key: 'seed', max: 2 ** 32 - 1, fallback: () => 1, describe: 'seed of every draw' },
  qps: { key: 'qps', max: 100_000, fallback: () => 0, describe: 'calls a second per caller and API before Throttling (0: none)' },
};

/** A spec that cannot be built; `key` is the spec key at fault (or the spec itself). */
export class GenerateSpecError extends InputError {
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`${key}: ${problem}`, `a spec is key=number pairs separated by commas, e.g. users=2000,instances=50000,seed=7; keys: ${Object.keys(GENERATE_KNOBS).join(', ')}`);
  }
}

/** Reads `users=2000,instances=50000,seed=7`; every key is optional (`default` alone means all defaults). */
export function parseGenerateSpec(text: string): GenerateSpec {
  const given: Partial<GenerateSpec> = {};
  const seen = new Set<string>();
  const trimmed = text.trim();
  const pairs = trimmed === '' || trimmed === 'default' ? [] : trimmed.split(',');
  for (const raw of pairs) {
    const pair = raw.trim();
    if (pair === '') throw new GenerateSpecError(JSON.stringify(text), 'has an empty entry between commas');
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const knob = Object.hasOwn(GENERATE_KNOBS, name) ? GENERATE_KNOBS[name] : undefined;
    if (!knob) throw new GenerateSpecError(JSON.stringify(name), `unknown key (known: ${Object.keys(GENERATE_KNOBS).join(', ')})`);
    if (seen.has(name)) throw new GenerateSpecError(name, 'is given more than once');
    seen.add(name);
    if (eq < 0) throw new GenerateSpecError(name, 'needs a value, e.g. ' + `${name}=10`);
    const value = pair.slice(eq + 1).trim();
    const number = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    const min = name === 'regions' ? 1 : 0;
    if (!(number >= min && number <= knob.max)) {
      throw new GenerateSpecError(name, `${JSON.stringify(value)} is not a whole number from ${min} to ${knob.max}`);
    }
    given[knob.key] = number;
  }
  const spec = {} as GenerateSpec;
  for (const knob of Object.values(GENERATE_KNOBS)) spec[knob.key] = given[knob.key] ?? knob.fallback(given);
  if (spec.instances > 0 && spec.securityGroups === 0) {
    throw new GenerateSpecError('security-groups', 'must be at least 1 when there are instances (every instance is in a group)');
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------------------------
// Misconfiguration shares: the chance each resource fails a check

export const SHARES = {
  /** Console users without an MFA device. */
  consoleWithoutMfa: 0.2,
  /** Human users with a console password. */
  console: 0.85,
  /** Console users whose last login is over 90 days ago. */
  staleLogin: 0.1,
  /** Access keys created over 90 days ago (another ~3 % exactly 90 days ago). */
  oldKey: 0.3,
  exactly90Key: 0.03,
  inactiveKey: 0.08,
  /** Users with policies attached directly rather than through groups. */
  directPolicies: 0.12,
  /** Custom policies granting everything (`*` or `*:*` on `*`). */
  adminPolicy: 0.1,
};

const days = (n: number) => `-${n}d`;

// ---------------------------------------------------------------------------------------------------------------
// The world

type Json = Record<string, unknown>;

/** Busiest regions first; the rest in DescribeRegions order. */
const REGION_ORDER = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1', 'cn-zhangjiakou', 'cn-hongkong', 'us-west-1', 'eu-central-1', 'ap-northeast-1'];

export function generatedRegionIds(count: number): string[] {
  const all = defaultRegions().map((r) => r.RegionId);
  const ordered = [...REGION_ORDER.filter((id) => all.includes(id)), ...all.filter((id) => !REGION_ORDER.includes(id))];
  return ordered.slice(0, count);
}

/** The world file JSON for a spec (or a spec's text). */
export function generateWorld(input: GenerateSpec | string): Json {
  const spec = typeof input === 'string' ? parseGenerateSpec(input) : input;
  const accountRng = new Rng(spec.seed, 'account');
  const AccountId = `1${accountRng.chars(15, '0123456789')}`;
  const keyIds = new IdMaker(new Rng(spec.seed, 'access-keys'));
  const policies = customPolicies(spec, AccountId);
  const groups = ramGroups(spec, policies);
  const account: Json = {
    AccountId,
    AccountAlias: `generated-${spec.seed}`,
    Root: {
      AccessKeys: [{ AccessKeyId: keyIds.make('LTAI5t', 18, MIXED_ALNUM), AccessKeySecret: accountRng.chars(30, MIXED_ALNUM), Status: 'Active', CreateDate: days(1200), LastUsedDate: days(4) }],
      MFA: true,
      LastLoginDate: days(12),
    },
    PasswordPolicy: passwordPolicy(accountRng),
    SecurityPreference: {
      LoginProfilePreference: { EnableSaveMFATicket: true, AllowUserToChangePassword: true, LoginSessionDuration: 6 },
      AccessKeyPreference: { AllowUserToManageAccessKeys: false },
      MFAPreference: { AllowUserToManageMFADevices: true },
    },
    Users: [...ramUsers(spec, groups, policies, keyIds), scanner()],
    Groups: groups,
    Roles: ramRoles(spec, AccountId, policies),
    Policies: policies,
    ...generatedSections({ accountId: AccountId, regionIds: generatedRegionIds(spec.regions), spec, rng: (stream) => new Rng(spec.seed, stream) }),
  };
  return { Accounts: [account], ...(spec.qps > 0 ? { Quotas: { Default: { Qps: spec.qps } } } : {}) };
}

function passwordPolicy(rng: Rng): Json {
  // Each seed picks a policy that passes some checks and fails others.
  return rng.pick([
    { MinimumPasswordLength: 8, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: false, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 0, MaxLoginAttemps: 5 },
    { MinimumPasswordLength: 12, RequireLowercaseCharacters: true, RequireUppercaseCharacters: false, RequireNumbers: true, RequireSymbols: true, HardExpiry: false, MaxPasswordAge: 180, PasswordReusePrevention: 3, MaxLoginAttemps: 5 },
    { MinimumPasswordLength: 14, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true, RequireNumbers: true, RequireSymbols: false, HardExpiry: false, MaxPasswordAge: 0, PasswordReusePrevention: 5, MaxLoginAttemps: 0 },
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// RAM

interface PolicyRef {
  PolicyName: string;
  PolicyType: 'System' | 'Custom';
}

const SYSTEM = (PolicyName: string): PolicyRef => ({ PolicyName, PolicyType: 'System' });
const SCOPED_SYSTEM = ['ReadOnlyAccess', 'AliyunECSReadOnlyAccess', 'AliyunRAMReadOnlyAccess', 'AliyunOSSReadOnlyAccess', 'AliyunVPCReadOnlyAccess', 'AliyunActionTrailReadOnlyAccess', 'AliyunECSFullAccess', 'AliyunOSSFullAccess', 'AliyunSTSAssumeRoleAccess'];

const SERVICES = ['ecs', 'oss', 'rds', 'vpc', 'slb', 'kms', 'log', 'cms', 'cs', 'fc'];
const TEAMS = ['platform', 'payments', 'search', 'mobile', 'data', 'growth', 'billing', 'identity', 'infra', 'web', 'ml', 'support'];

function customPolicies(spec: GenerateSpec, accountId: string): Json[] {
  const rng = new Rng(spec.seed, 'policies');
  const out: Json[] = [];
  for (let i = 0; i < spec.policies; i++) {
    const team = rng.pick(TEAMS);
    const service = rng.pick(SERVICES);
    // The first two are always the admin-equivalent ones, so every world has both spellings of "everything".
    const kind = i === 0 ? 'star' : i === 1 ? 'star-star' : rng.weighted([['star', SHARES.adminPolicy / 2], ['star-star', SHARES.adminPolicy / 2], ['service-wildcard', 0.15], ['scoped', 0.6], ['deny-guard', 0.15]] as const);
    let name: string;
    let statements: Json[];
    switch (kind) {
      case 'star':
        name = `${team}-admin-${i}`;
        statements = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
        break;
      case 'star-star':
        name = `${team}-poweruser-${i}`;
        statements = [{ Effect: 'Allow', Action: '*:*', Resource: '*' }];
        break;
      case 'service-wildcard':
        name = `${team}-${service}-full-${i}`;
        statements = [{ Effect: 'Allow', Action: `${service}:*`, Resource: '*' }];
        break;
      case 'deny-guard':
        name = `${team}-guardrail-${i}`;
        statements = [
          { Effect: 'Allow', Action: [`${service}:Describe*`, `${service}:List*`], Resource: '*' },
          { Effect: 'Deny', Action: ['ram:CreateAccessKey', 'ram:AttachPolicyToUser'], Resource: '*', Condition: { NotIpAddress: { 'acs:SourceIp': ['203.0.113.0/24'] } } },
        ];
        break;
      default:
        name = `${team}-${service}-ops-${i}`;
        statements = [
          { Effect: 'Allow', Action: [`${service}:Describe*`, `${service}:Get*`, `${service}:List*`], Resource: '*' },
          { Effect: 'Allow', Action: [`${service}:Start*`, `${service}:Stop*`, `${service}:Reboot*`], Resource: `acs:${service}:*:${accountId}:*` },
        ];
    }
    const created = rng.int(30, 1500);
    const policy: Json = { PolicyName: name, Description: `${team} team (${kind})`, PolicyDocument: { Version: '1', Statement: statements }, CreateDate: days(created), UpdateDate: days(rng.int(1, created)) };
    if (rng.chance(0.15)) {
      policy.Versions = [{ PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: `${service}:Describe*`, Resource: '*' }] }, CreateDate: days(created) }];
    }
    out.push(policy);
  }
  return out;
}

function pickPolicies(rng: Rng, policies: Json[], count: number, adminOk: boolean): PolicyRef[] {
  const refs = new Map<string, PolicyRef>();
  for (let i = 0; i < count; i++) {
    const ref = policies.length > 0 && rng.chance(0.5) ? { PolicyName: String(rng.pick(policies).PolicyName), PolicyType: 'Custom' as const } : SYSTEM(rng.pick(SCOPED_SYSTEM));
    if (!adminOk && ref.PolicyType === 'Custom' && /-(admin|poweruser)-/.test(ref.PolicyName)) continue;
    refs.set(`${ref.PolicyType}:${ref.PolicyName}`, ref);
  }
  return [...refs.values()];
}

function ramGroups(spec: GenerateSpec, policies: Json[]): Json[] {
  const rng = new Rng(spec.seed, 'groups');
  const out: Json[] = [];
  const fixed = [
    { GroupName: 'admins', Comments: 'Cloud administrators', Policies: [SYSTEM('AdministratorAccess')] },
    { GroupName: 'developers', Comments: 'Engineering', Policies: [SYSTEM('AliyunECSFullAccess'), SYSTEM('AliyunOSSReadOnlyAccess')] },
    { GroupName: 'security-audit', Comments: 'Read-only auditors', Policies: [SYSTEM('ReadOnlyAccess')] },
  ];
  for (let i = 0; i < spec.groups; i++) {
    const base = fixed[i] ?? { GroupName: `${rng.pick(TEAMS)}-team-${i}`, Comments: 'Team group', Policies: pickPolicies(rng, policies, rng.int(0, 3), rng.chance(0.1)) };
    const created = rng.int(60, 2000);
    out.push({ ...base, CreateDate: days(created), UpdateDate: days(rng.int(1, created)) });
  }
  return out;
}

const FIRST = ['wei', 'li', 'ming', 'jing', 'anna', 'omar', 'sara', 'lucas', 'mei', 'yan', 'chen', 'tom', 'nina', 'ravi', 'aiko', 'hana', 'ivan', 'lena', 'marco', 'zoe', 'kai', 'noor', 'pablo', 'rosa', 'sven', 'tariq', 'uma', 'victor', 'xin', 'yusuf'];
const LAST = ['wang', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'smith', 'garcia', 'kim', 'tanaka', 'mueller', 'rossi', 'dubois', 'silva', 'khan', 'novak'];

/** Who scans a generated world: read-only access to RAM (with the credential report) and ECS, keys known. */
export const GENERATED_SCANNER = Object.freeze({ userName: 'scanner', accessKeyId: 'LTAI5tGeneratedScanner01', accessKeySecret: 'GeneratedScannerSecretLocalOnly' });

function scanner(): Json {
  return {
    UserName: GENERATED_SCANNER.userName,
    CreateDate: days(30),
    AccessKeys: [{ AccessKeyId: GENERATED_SCANNER.accessKeyId, AccessKeySecret: GENERATED_SCANNER.accessKeySecret, Status: 'Active', CreateDate: days(30) }],
    Policies: scannerPolicies(),
  };
}

function ramUsers(spec: GenerateSpec, groups: Json[], policies: Json[], keyIds: IdMaker): Json[] {
  const rng = new Rng(spec.seed, 'users');
  const names = new Set<string>();
  const groupNames = groups.map((g) => String(g.GroupName));
  const out: Json[] = [];
  let exactly90 = false;
  for (let i = 0; i < spec.users; i++) {
    const service = rng.chance(0.15);
    let name = service ? `svc-${rng.pick(TEAMS)}-${rng.pick(SERVICES)}` : `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    if (names.has(name)) name = `${name}${i}`;
    names.add(name);

    const keyCount = service ? rng.weighted([[1, 0.8], [2, 0.2]] as const) : rng.weighted([[0, 0.55], [1, 0.38], [2, 0.07]] as const);
    const keyAges: number[] = [];
    for (let k = 0; k < keyCount; k++) {
      const bucket = rng.next();
      const age = bucket < SHARES.exactly90Key ? 90 : bucket < SHARES.exactly90Key + SHARES.oldKey ? rng.int(91, 1500) : rng.int(1, 89);
      if (age === 90) exactly90 = true;
      keyAges.push(age);
    }
    // Every world with keys has at least one exactly on the 90-day line.
    if (!exactly90 && keyAges.length > 0 && i >= Math.min(spec.users - 1, 20)) {
      keyAges[0] = 90;
      exactly90 = true;
    }
    const userAge = Math.max(30, ...keyAges) + rng.int(0, 400);
    const user: Json = {
      UserName: name,
      DisplayName: service ? name : name.replace('.', ' '),
      CreateDate: days(userAge),
      UpdateDate: days(rng.int(0, userAge)),
    };
    if (!service) user.Email = `${name}@example.com`;
    if (!service && rng.chance(SHARES.console)) {
      user.LoginProfile = { CreateDate: days(userAge), MFABindRequired: rng.chance(0.7), PasswordResetRequired: rng.chance(0.05) };
      if (!rng.chance(SHARES.consoleWithoutMfa)) {
        user.MFADevice = { ActivateDate: days(rng.int(0, userAge)) };
      }
      const login = rng.next();
      if (login < SHARES.staleLogin) user.LastLoginDate = days(rng.int(91, Math.max(91, userAge)));
      else if (login < 0.95) user.LastLoginDate = days(rng.int(0, Math.min(89, userAge)));
    }
    user.AccessKeys = keyAges.map((age) => {
      const used = rng.next();
      const key: Json = {
        AccessKeyId: keyIds.make('LTAI5t', 18, MIXED_ALNUM),
        AccessKeySecret: rng.chars(30, MIXED_ALNUM),
        Status: rng.chance(SHARES.inactiveKey) ? 'Inactive' : 'Active',
        CreateDate: days(age),
      };
      if (used < 0.65) key.LastUsedDate = days(rng.int(0, Math.min(age, 30)));
      else if (used < 0.85) key.LastUsedDate = days(rng.int(Math.min(age, 31), age));
      return key;
    });
    if (rng.chance(SHARES.directPolicies)) user.Policies = pickPolicies(rng, policies, rng.int(1, 2), true);
    if (!service && groupNames.length > 0 && rng.chance(0.8)) {
      // admins stay few: one human in fifty
      const choices = rng.chance(0.02) && groupNames.includes('admins') ? ['admins'] : groupNames.filter((g) => g !== 'admins');
      const own = new Set<string>();
      const count = rng.weighted([[1, 0.75], [2, 0.25]] as const);
      for (let g = 0; g < count && choices.length > 0; g++) own.add(rng.pick(choices));
      user.Groups = [...own];
    }
    out.push(user);
  }
  return out;
}

function ramRoles(spec: GenerateSpec, accountId: string, policies: Json[]): Json[] {
  const rng = new Rng(spec.seed, 'roles');
  const out: Json[] = [];
  const partner = () => `5${rng.chars(15, '0123456789')}`;
  for (let i = 0; i < spec.roles; i++) {
    const kind = i === 0 ? 'service' : i === 1 ? 'cross-account-open' : rng.weighted([['service', 0.5], ['cross-account', 0.15], ['cross-account-open', 0.1], ['same-account', 0.25]] as const);
    let RoleName: string;
    let statement: Json;
    switch (kind) {
      case 'service': {
        const service = rng.pick(['ecs', 'fc', 'cs', 'log']);
        RoleName = `${service.toUpperCase()}${rng.pick(TEAMS)}Role${i}`;
        statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [`${service}.aliyuncs.com`] } };
        break;
      }
      case 'cross-account':
        RoleName = `partner-audit-${i}`;
        statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${partner()}:root`] }, Condition: { StringEquals: { 'sts:ExternalId': rng.chars(16, LOWER_ALNUM) } } };
        break;
      case 'cross-account-open':
        RoleName = `vendor-access-${i}`;
        statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${partner()}:root`] } };
        break;
      default:
        RoleName = `${rng.pick(TEAMS)}-deploy-${i}`;
        statement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${accountId}:root`] } };
    }
    const created = rng.int(30, 1500);
    out.push({
      RoleName,
      Description: `${kind} role`,
      MaxSessionDuration: rng.pick([3600, 3600, 7200, 43200]),
      AssumeRolePolicyDocument: { Version: '1', Statement: [statement] },
      CreateDate: days(created),
      Policies: rng.chance(0.15) ? [SYSTEM('AdministratorAccess')] : pickPolicies(rng, policies, rng.int(1, 2), false),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
