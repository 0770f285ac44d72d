import { describe, expect, it } from 'vitest';
import {
  authorize,
  parsePolicyDocument,
  policiesOf,
  PolicyGrammarError,
  PolicySizeError,
  principalArn,
  SYSTEM_POLICIES,
  trustAllows,
  type RequestContext,
  type TrustCaller,
} from '../../src/emulator/policy.js';
import type { EmulatorState, PolicyDocument, Principal, StsSession } from '../../src/emulator/state.js';
import { loadWorld } from '../../src/emulator/world.js';

const A = '1234567890123456';
const B = '6543210987654321';
const PROVIDER = `acs:ram::${A}:oidc-provider/ack-rrsa`;

function doc(...Statement: object[]): object {
  return { Version: '1', Statement };
}
function trust(Principal: object, extra: object = {}): object {
  return doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal, ...extra });
}
function conditionPolicy(PolicyName: string, Condition: object): object {
  return { PolicyName, PolicyDocument: doc({ Effect: 'Allow', Action: 'ecs:DescribeInstances', Resource: '*', Condition }) };
}

const world = {
  Accounts: [
    {
      AccountId: A,
      Users: [
        { UserName: 'alice', Policies: [{ PolicyName: 'AliyunSTSAssumeRoleAccess', PolicyType: 'System' }], Groups: ['auditors'] },
        { UserName: 'bob', Policies: [{ PolicyName: 'AliyunRAMReadOnlyAccess', PolicyType: 'System' }] },
        {
          UserName: 'dora',
          Policies: [{ PolicyName: 'no-ram-deletes', PolicyType: 'Custom' }],
          Groups: ['admins'],
        },
        { UserName: 'erin', Policies: [{ PolicyName: 'dev-users', PolicyType: 'Custom' }, { PolicyName: 'describe-instance', PolicyType: 'Custom' }] },
        { UserName: 'frank', Policies: [{ PolicyName: 'everything-but-ram', PolicyType: 'Custom' }] },
        { UserName: 'gina', Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }, { PolicyName: 'office-only', PolicyType: 'Custom' }] },
        { UserName: 'nobody' },
        ...[
          'from-office', 'not-from-office', 'tls-only', 'mfa-only', 'before-2030', 'after-2030', 'office-or-home',
          'office-and-tls', 'unknown-key', 'unknown-key-if-exists', 'ip-like', 'ip-not-like', 'tls-not-equals',
          'numeric-unknown',
        ].map((name) => ({ UserName: `u-${name}`, Policies: [{ PolicyName: name, PolicyType: 'Custom' }] })),
      ],
      Groups: [
        { GroupName: 'auditors', Policies: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }] },
        { GroupName: 'admins', Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }] },
      ],
      Policies: [
        { PolicyName: 'no-ram-deletes', PolicyDocument: doc({ Effect: 'Deny', Action: 'ram:Delete*', Resource: '*' }) },
        { PolicyName: 'dev-users', PolicyDocument: doc({ Effect: 'Allow', Action: ['ram:GetUser'], Resource: `acs:ram:*:${A}:user/dev-*` }) },
        {
          PolicyName: 'describe-instance',
          PolicyDocument: doc({ Effect: 'Allow', Action: 'ecs:DescribeInstance?', Resource: '*' }),
          Versions: [{ PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }],
        },
        { PolicyName: 'everything-but-ram', PolicyDocument: doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }) },
        {
          PolicyName: 'office-only',
          PolicyDocument: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }),
        },
        conditionPolicy('from-office', { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.1.7'] } }),
        conditionPolicy('not-from-office', { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }),
        conditionPolicy('tls-only', { Bool: { 'acs:SecureTransport': 'true' } }),
        conditionPolicy('mfa-only', { Bool: { 'acs:MFAPresent': true } }),
        conditionPolicy('before-2030', { DateLessThan: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } }),
        conditionPolicy('after-2030', { DateGreaterThan: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } }),
        conditionPolicy('office-or-home', { StringEquals: { 'acs:SourceIp': ['10.1.1.1', '203.0.113.9'] } }),
        conditionPolicy('office-and-tls', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' }, Bool: { 'acs:SecureTransport': 'true' } }),
        conditionPolicy('unknown-key', { StringEquals: { 'acs:Nope': 'x' } }),
        conditionPolicy('unknown-key-if-exists', { StringEqualsIfExists: { 'acs:Nope': 'x' } }),
        conditionPolicy('ip-like', { StringLike: { 'acs:SourceIp': '10.1.*' } }),
        conditionPolicy('ip-not-like', { StringNotLike: { 'acs:SourceIp': '10.1.*' } }),
        conditionPolicy('tls-not-equals', { StringNotEquals: { 'acs:SecureTransport': 'false' } }),
        conditionPolicy('numeric-unknown', { NumericLessThan: { 'acs:Nope': 5 } }),
      ],
      Roles: [
        { RoleName: 'AuditRole', AssumeRolePolicyDocument: trust({ RAM: [`acs:ram::${A}:root`] }), Policies: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }] },
        { RoleName: 'OpsRole', AssumeRolePolicyDocument: trust({ RAM: `acs:ram::${A}:role/AuditRole` }), Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }] },
        { RoleName: 'AliceRole', AssumeRolePolicyDocument: trust({ RAM: [`acs:ram::${A}:user/alice`] }) },
        { RoleName: 'PartnerRole', AssumeRolePolicyDocument: trust({ RAM: [`acs:ram::${B}:root`] }, { Condition: { StringEquals: { 'sts:ExternalId': 'abcd1234' } } }) },
        { RoleName: 'EcsRole', AssumeRolePolicyDocument: trust({ Service: ['ecs.aliyuncs.com'] }) },
        {
          RoleName: 'OidcRole',
          AssumeRolePolicyDocument: trust(
            { Federated: [PROVIDER] },
            {
              Condition: {
                StringEquals: { 'oidc:aud': 'sts.aliyuncs.com', 'oidc:iss': 'https://oidc.example.com/c1' },
                StringLike: { 'oidc:sub': 'system:serviceaccount:default:*' },
              },
            },
          ),
        },
        { RoleName: 'AnyoneRole', AssumeRolePolicyDocument: trust({ RAM: '*' }) },
        {
          RoleName: 'DenyBobRole',
          AssumeRolePolicyDocument: doc(
            { Effect: 'Allow', Action: 'sts:*', Principal: { RAM: [`acs:ram::${A}:root`] } },
            { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${A}:user/bob`] } },
          ),
        },
        { RoleName: 'WrongActionRole', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: { RAM: [`acs:ram::${A}:root`] } }) },
        { RoleName: 'AccountIdRole', AssumeRolePolicyDocument: trust({ RAM: [A] }) },
        { RoleName: 'DurationRole', AssumeRolePolicyDocument: trust({ RAM: '*' }, { Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': 3600 } } }) },
      ],
    },
    { AccountId: B, Users: [{ UserName: 'mallory', Policies: [{ PolicyName: 'AdministratorAccess', PolicyType: 'System' }] }] },
  ],
};

const state: EmulatorState = loadWorld(world);
const accountA = state.Accounts.get(A)!;
const accountB = state.Accounts.get(B)!;

function user(name: string, account = accountA): Principal {
  return { kind: 'user', account, user: account.Users.get(name)! };
}
function session(roleName: string, policy?: object, sessionName = 's1'): Principal {
  const role = accountA.Roles.get(roleName)!;
  const sts: StsSession = {
    AccessKeyId: 'STS.test',
    AccessKeySecret: 'secret',
    SecurityToken: 'token',
    Expiration: new Date(Date.now() + 3_600_000),
    accountId: A,
    roleName,
    sessionName,
    policy: policy as PolicyDocument | undefined,
    mfaPresent: false,
  };
  return { kind: 'assumed-role', account: accountA, role, session: sts };
}
const root: Principal = { kind: 'root', account: accountA };

const request: RequestContext = {
  sourceIp: '10.1.2.3',
  secureTransport: true,
  mfaPresent: false,
  currentTime: new Date('2025-06-01T00:00:00Z'),
};
const ANY = '*';

function allowed(principal: Principal, action: string, resource = ANY, req: Partial<RequestContext> = {}): boolean {
  return authorize(state, principal, action, resource, { ...request, ...req }).allowed;
}

describe('SYSTEM_POLICIES', () => {
  it('has the built-in policies with valid documents', () => {
    for (const name of [
      'AdministratorAccess', 'ReadOnlyAccess', 'AliyunSTSAssumeRoleAccess', 'AliyunRAMReadOnlyAccess', 'AliyunRAMFullAccess',
      'AliyunECSReadOnlyAccess', 'AliyunECSFullAccess',
    ]) {
      const policy = SYSTEM_POLICIES.get(name);
      expect(policy, name).toBeDefined();
      expect(policy!.Description.length).toBeGreaterThan(0);
      expect(parsePolicyDocument(JSON.stringify(policy!.PolicyDocument))).toEqual(policy!.PolicyDocument);
    }
  });
});

describe('authorize: actions and resources', () => {
  it('matches action wildcards case-insensitively', () => {
    expect(allowed(user('bob'), 'ram:ListUsers')).toBe(true);
    expect(allowed(user('bob'), 'ram:GetUser')).toBe(true);
    expect(allowed(user('bob'), 'RAM:listusers')).toBe(true);
    expect(allowed(user('bob'), 'ram:CreateUser')).toBe(false);
    expect(allowed(user('bob'), 'ecs:DescribeInstances')).toBe(false);
  });

  it('matches a product wildcard such as *:Describe*', () => {
    expect(allowed(session('AuditRole'), 'ecs:DescribeInstances')).toBe(true);
    expect(allowed(session('AuditRole'), 'vpc:DescribeVpcs')).toBe(true);
    expect(allowed(session('AuditRole'), 'ecs:DeleteInstance')).toBe(false);
  });

  it('matches ? as exactly one character', () => {
    expect(allowed(user('erin'), 'ecs:DescribeInstances')).toBe(true);
    expect(allowed(user('erin'), 'ecs:DescribeInstance')).toBe(false);
    expect(allowed(user('erin'), 'ecs:DescribeInstanceAttribute')).toBe(false);
  });

  it('matches resource wildcards, case-sensitively', () => {
    expect(allowed(user('erin'), 'ram:GetUser', `acs:ram:*:${A}:user/dev-1`)).toBe(true);
    expect(allowed(user('erin'), 'ram:GetUser', `acs:ram:*:${A}:user/ops-1`)).toBe(false);
    expect(allowed(user('erin'), 'ram:GetUser', `acs:ram:*:${B}:user/dev-1`)).toBe(false);
    expect(allowed(user('erin'), 'ram:GetUser', `acs:ram:*:${A}:user/DEV-1`)).toBe(false);
  });

  it('supports NotAction', () => {
    expect(allowed(user('frank'), 'ecs:RunInstances')).toBe(true);
    expect(allowed(user('frank'), 'ram:ListUsers')).toBe(false);
  });

  it('denies with a reason naming the principal when nothing allows', () => {
    const decision = authorize(state, user('nobody'), 'ram:ListUsers', `acs:ram:*:${A}:user/*`, request);
    expect(decision).toEqual({
      allowed: false,
      explicitDeny: false,
      reason: `no policy of acs:ram::${A}:user/nobody allows ram:ListUsers on acs:ram:*:${A}:user/*`,
    });
  });

  it('lets the account root do anything', () => {
    expect(allowed(root, 'ram:DeleteUser')).toBe(true);
    expect(allowed(root, 'anything:AtAll', 'acs:x:y', { sourceIp: '8.8.8.8', secureTransport: false })).toBe(true);
  });

  it('ignores the default version of a policy that is not the current one', () => {
    expect(allowed(user('erin'), 'ram:DeleteUser')).toBe(false);
  });
});

describe('authorize: groups, explicit deny and sessions', () => {
  it('grants what the groups of a user allow', () => {
    expect(allowed(user('alice'), 'ecs:DescribeInstances')).toBe(true);
    expect(allowed(user('alice'), 'sts:AssumeRole')).toBe(true);
    expect(allowed(user('alice'), 'ecs:DeleteInstance')).toBe(false);
  });

  it('lets an explicit deny of the user win over the group Allow', () => {
    expect(allowed(user('dora'), 'ram:CreateUser')).toBe(true);
    const decision = authorize(state, user('dora'), 'ram:DeleteUser', ANY, request);
    expect(decision).toEqual({ allowed: false, explicitDeny: true, reason: 'explicit deny in Custom policy no-ram-deletes for ram:DeleteUser on *' });
  });

  it('applies a conditional Deny only when its condition holds', () => {
    expect(allowed(user('gina'), 'ram:DeleteUser', ANY, { sourceIp: '10.9.9.9' })).toBe(true);
    const decision = authorize(state, user('gina'), 'ram:DeleteUser', ANY, { ...request, sourceIp: '8.8.8.8' });
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.explicitDeny).toBe(true);
  });

  it("grants an assumed role its role's policies", () => {
    expect(allowed(session('OpsRole'), 'ram:CreateUser')).toBe(true);
    expect(allowed(session('AuditRole'), 'ram:CreateUser')).toBe(false);
  });

  it('intersects the role policies with the session policy', () => {
    const onlyDescribe = doc({ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' });
    expect(allowed(session('OpsRole', onlyDescribe), 'ecs:DescribeInstances')).toBe(true);
    const decision = authorize(state, session('OpsRole', onlyDescribe), 'ram:ListUsers', ANY, request);
    expect(decision).toEqual({
      allowed: false,
      explicitDeny: false,
      reason: `the session policy of acs:ram::${A}:assumed-role/OpsRole/s1 does not allow ram:ListUsers on *`,
    });
  });

  it('never lets a session policy grant more than the role', () => {
    const everything = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(allowed(session('AuditRole', everything), 'ram:CreateUser')).toBe(false);
    expect(allowed(session('AuditRole', everything), 'ram:ListUsers')).toBe(true);
  });

  it('lets a Deny in the session policy deny', () => {
    const denyRam = doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'ram:*', Resource: '*' });
    const decision = authorize(state, session('OpsRole', denyRam), 'ram:ListUsers', ANY, request);
    expect(decision).toEqual({ allowed: false, explicitDeny: true, reason: 'explicit deny in the session policy for ram:ListUsers on *' });
    expect(allowed(session('OpsRole', denyRam), 'ecs:DescribeInstances')).toBe(true);
  });
});

describe('authorize: conditions', () => {
  const u = (name: string) => user(`u-${name}`);
  const act = 'ecs:DescribeInstances';

  it('acs:SourceIp with IpAddress and NotIpAddress (CIDR and single address)', () => {
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '10.200.0.1' })).toBe(true);
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '192.168.1.7' })).toBe(true);
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '192.168.1.8' })).toBe(false);
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '11.0.0.1' })).toBe(false);
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '::ffff:10.0.0.5' })).toBe(true);
    expect(allowed(u('from-office'), act, ANY, { sourceIp: '::1' })).toBe(false);
    expect(allowed(u('not-from-office'), act, ANY, { sourceIp: '10.0.0.5' })).toBe(false);
    expect(allowed(u('not-from-office'), act, ANY, { sourceIp: '8.8.8.8' })).toBe(true);
  });

  it('acs:SecureTransport with Bool and StringNotEquals', () => {
    expect(allowed(u('tls-only'), act, ANY, { secureTransport: true })).toBe(true);
    expect(allowed(u('tls-only'), act, ANY, { secureTransport: false })).toBe(false);
    expect(allowed(u('tls-not-equals'), act, ANY, { secureTransport: true })).toBe(true);
    expect(allowed(u('tls-not-equals'), act, ANY, { secureTransport: false })).toBe(false);
  });

  it('acs:MFAPresent with a boolean value', () => {
    expect(allowed(u('mfa-only'), act, ANY, { mfaPresent: true })).toBe(true);
    expect(allowed(u('mfa-only'), act, ANY, { mfaPresent: false })).toBe(false);
  });

  it('acs:CurrentTime with DateLessThan and DateGreaterThan', () => {
    expect(allowed(u('before-2030'), act, ANY, { currentTime: new Date('2029-12-31T23:59:59Z') })).toBe(true);
    expect(allowed(u('before-2030'), act, ANY, { currentTime: new Date('2030-01-01T00:00:01Z') })).toBe(false);
    expect(allowed(u('after-2030'), act, ANY, { currentTime: new Date('2030-01-01T00:00:01Z') })).toBe(true);
    expect(allowed(u('after-2030'), act, ANY, { currentTime: new Date('2029-01-01T00:00:00Z') })).toBe(false);
  });

  it('treats several values as OR and several operators as AND', () => {
    expect(allowed(u('office-or-home'), act, ANY, { sourceIp: '10.1.1.1' })).toBe(true);
    expect(allowed(u('office-or-home'), act, ANY, { sourceIp: '203.0.113.9' })).toBe(true);
    expect(allowed(u('office-or-home'), act, ANY, { sourceIp: '10.1.1.2' })).toBe(false);
    expect(allowed(u('office-and-tls'), act, ANY, { sourceIp: '10.1.1.1', secureTransport: true })).toBe(true);
    expect(allowed(u('office-and-tls'), act, ANY, { sourceIp: '10.1.1.1', secureTransport: false })).toBe(false);
    expect(allowed(u('office-and-tls'), act, ANY, { sourceIp: '8.8.8.8', secureTransport: true })).toBe(false);
  });

  it('StringLike and StringNotLike with wildcards', () => {
    expect(allowed(u('ip-like'), act, ANY, { sourceIp: '10.1.9.9' })).toBe(true);
    expect(allowed(u('ip-like'), act, ANY, { sourceIp: '10.2.9.9' })).toBe(false);
    expect(allowed(u('ip-not-like'), act, ANY, { sourceIp: '10.1.9.9' })).toBe(false);
    expect(allowed(u('ip-not-like'), act, ANY, { sourceIp: '10.2.9.9' })).toBe(true);
  });

  it('makes a condition on an unknown key false, unless IfExists', () => {
    expect(allowed(u('unknown-key'), act)).toBe(false);
    expect(allowed(u('numeric-unknown'), act)).toBe(false);
    expect(allowed(u('unknown-key-if-exists'), act)).toBe(true);
  });
});

describe('policiesOf and principalArn', () => {
  it('lists a user’s own and group policies, resolved', () => {
    expect(policiesOf(state, user('alice'))).toEqual([
      SYSTEM_POLICIES.get('AliyunSTSAssumeRoleAccess')!.PolicyDocument,
      SYSTEM_POLICIES.get('ReadOnlyAccess')!.PolicyDocument,
    ]);
  });

  it('resolves a custom policy to its default version', () => {
    expect(policiesOf(state, user('erin'))[1]).toEqual(doc({ Effect: 'Allow', Action: 'ecs:DescribeInstance?', Resource: '*' }));
  });

  it("lists an assumed role's policies, and none for root", () => {
    expect(policiesOf(state, session('AuditRole'))).toEqual([SYSTEM_POLICIES.get('ReadOnlyAccess')!.PolicyDocument]);
    expect(policiesOf(state, root)).toEqual([]);
  });

  it('gives the ARN of each kind of principal', () => {
    expect(principalArn(root)).toBe(`acs:ram::${A}:root`);
    expect(principalArn(user('alice'))).toBe(`acs:ram::${A}:user/alice`);
    expect(principalArn(session('AuditRole', undefined, 'ci-job'))).toBe(`acs:ram::${A}:assumed-role/AuditRole/ci-job`);
  });
});

describe('trustAllows', () => {
  const role = (name: string) => accountA.Roles.get(name)!;
  const as = (principal: Principal): TrustCaller => ({ kind: 'principal', principal });
  const oidc = (claims: Partial<{ iss: string; sub: string; aud: string | string[] }> = {}, providerArn = PROVIDER): TrustCaller => ({
    kind: 'oidc',
    providerArn,
    claims: { iss: 'https://oidc.example.com/c1', sub: 'system:serviceaccount:default:app', aud: 'sts.aliyuncs.com', ...claims },
  });

  it('an account root principal trusts every user and role session of that account only', () => {
    expect(trustAllows(role('AuditRole'), as(user('alice')), {})).toBe(true);
    expect(trustAllows(role('AuditRole'), as(session('OpsRole')), {})).toBe(true);
    expect(trustAllows(role('AuditRole'), as(user('mallory', accountB)), {})).toBe(false);
    expect(trustAllows(role('AuditRole'), { kind: 'service', service: 'ecs.aliyuncs.com' }, {})).toBe(false);
  });

  it('a bare account id stands for that account', () => {
    expect(trustAllows(role('AccountIdRole'), as(user('bob')), {})).toBe(true);
    expect(trustAllows(role('AccountIdRole'), as(user('mallory', accountB)), {})).toBe(false);
  });

  it('a role principal trusts sessions of that role only', () => {
    expect(trustAllows(role('OpsRole'), as(session('AuditRole')), {})).toBe(true);
    expect(trustAllows(role('OpsRole'), as(session('OpsRole')), {})).toBe(false);
    expect(trustAllows(role('OpsRole'), as(user('alice')), {})).toBe(false);
  });

  it('a user principal trusts that user only', () => {
    expect(trustAllows(role('AliceRole'), as(user('alice')), {})).toBe(true);
    expect(trustAllows(role('AliceRole'), as(user('bob')), {})).toBe(false);
  });

  it('another account root with an external id: right, wrong, missing', () => {
    const mallory = as(user('mallory', accountB));
    expect(trustAllows(role('PartnerRole'), mallory, { 'sts:ExternalId': 'abcd1234' })).toBe(true);
    expect(trustAllows(role('PartnerRole'), mallory, { 'sts:ExternalId': 'abcd1235' })).toBe(false);
    expect(trustAllows(role('PartnerRole'), mallory, {})).toBe(false);
    expect(trustAllows(role('PartnerRole'), as(user('alice')), { 'sts:ExternalId': 'abcd1234' })).toBe(false);
  });

  it('a service principal trusts that service only', () => {
    expect(trustAllows(role('EcsRole'), { kind: 'service', service: 'ecs.aliyuncs.com' }, {})).toBe(true);
    expect(trustAllows(role('EcsRole'), { kind: 'service', service: 'fc.aliyuncs.com' }, {})).toBe(false);
    expect(trustAllows(role('EcsRole'), as(user('alice')), {})).toBe(false);
  });

  it('a federated principal checks the provider and the oidc claims', () => {
    expect(trustAllows(role('OidcRole'), oidc(), {})).toBe(true);
    expect(trustAllows(role('OidcRole'), oidc({ aud: ['other', 'sts.aliyuncs.com'] }), {})).toBe(true);
    expect(trustAllows(role('OidcRole'), oidc({ aud: 'other' }), {})).toBe(false);
    expect(trustAllows(role('OidcRole'), oidc({ sub: 'system:serviceaccount:kube-system:app' }), {})).toBe(false);
    expect(trustAllows(role('OidcRole'), oidc({ iss: 'https://evil.example.com' }), {})).toBe(false);
    expect(trustAllows(role('OidcRole'), oidc({}, `acs:ram::${A}:oidc-provider/other`), {})).toBe(false);
    expect(trustAllows(role('AuditRole'), oidc(), {})).toBe(false);
  });

  it('a * principal trusts anyone', () => {
    expect(trustAllows(role('AnyoneRole'), as(user('mallory', accountB)), {})).toBe(true);
  });

  it('lets a Deny statement win, and accepts sts:* as the action', () => {
    expect(trustAllows(role('DenyBobRole'), as(user('alice')), {})).toBe(true);
    expect(trustAllows(role('DenyBobRole'), as(user('bob')), {})).toBe(false);
  });

  it('ignores statements whose action is not sts:AssumeRole', () => {
    expect(trustAllows(role('WrongActionRole'), as(user('alice')), {})).toBe(false);
  });

  it('evaluates numeric conditions on request keys', () => {
    expect(trustAllows(role('DurationRole'), as(user('alice')), { 'sts:DurationSeconds': '3600' })).toBe(true);
    expect(trustAllows(role('DurationRole'), as(user('alice')), { 'sts:DurationSeconds': '3601' })).toBe(false);
    expect(trustAllows(role('DurationRole'), as(user('alice')), { 'sts:DurationSeconds': 'many' })).toBe(false);
  });
});

describe('parsePolicyDocument', () => {
  it('returns a valid document in the state shape', () => {
    const text = JSON.stringify(doc({ Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*', Condition: { Bool: { 'acs:SecureTransport': true } } }));
    expect(parsePolicyDocument(text)).toEqual(JSON.parse(text));
  });

  it('accepts a trust policy when asked for one', () => {
    const text = JSON.stringify(trust({ RAM: [`acs:ram::${A}:root`] }));
    expect(parsePolicyDocument(text, { kind: 'trust' }).Statement[0].Principal).toEqual({ RAM: [`acs:ram::${A}:root`] });
  });

  const errors: [string, unknown, string][] = [
    ['not JSON', '{"Version":', 'policy document is not valid JSON'],
    ['not an object', [], 'must be a JSON object'],
    ['a wrong Version', { Version: '2012-10-17', Statement: [] }, 'Version must be "1"'],
    ['no Statement', { Version: '1' }, 'Statement must be a non-empty array'],
    ['an empty Statement', { Version: '1', Statement: [] }, 'Statement must be a non-empty array'],
    ['an unknown document field', { Version: '1', Statement: [{}], Id: 'x' }, 'Id unknown field'],
    ['a bad Effect', doc({ Effect: 'allow', Action: '*', Resource: '*' }), 'Statement[0].Effect must be Allow or Deny'],
    ['no Action', doc({ Effect: 'Allow', Resource: '*' }), 'Statement[0].Action is required'],
    ['Action and NotAction', doc({ Effect: 'Allow', Action: '*', NotAction: 'ram:*', Resource: '*' }), 'Statement[0] must not have both Action and NotAction'],
    ['an action without a product', doc({ Effect: 'Allow', Action: ['ecs:Describe*', 'ListUsers'], Resource: '*' }), 'Statement[0].Action[1] must be "*" or "<product>:<Action>"'],
    ['an Action of the wrong type', doc({ Effect: 'Allow', Action: 5, Resource: '*' }), 'Statement[0].Action must be a string or a non-empty array of strings'],
    ['an empty Resource list', doc({ Effect: 'Allow', Action: '*', Resource: [] }), 'Statement[0].Resource must be a string or a non-empty array of strings'],
    ['a Resource item that is not a string', doc({ Effect: 'Allow', Action: '*', Resource: ['*', 1] }), 'Statement[0].Resource[1] must be a non-empty string'],
    ['no Resource', doc({ Effect: 'Allow', Action: '*' }), 'Statement[0].Resource is required'],
    ['a Principal in a permission policy', doc({ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' }), 'Statement[0].Principal is not allowed in a permission policy'],
    ['an unknown statement field', doc({ Effect: 'Allow', Action: '*', Resource: '*', Sid: 'x' }), 'Statement[0].Sid unknown field'],
    ['an unknown condition operator', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringMatches: { k: 'v' } } }), 'Statement[0].Condition.StringMatches unknown condition operator'],
    ['a condition that is not an object', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: 'x' }), 'Statement[0].Condition must be an object of condition operators'],
    ['a condition value that is an object', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { k: { v: 1 } } } }), 'Statement[0].Condition.Bool.k must be a string, number, boolean or a non-empty array of them'],
    ['an empty operator', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: {} } }), 'Statement[0].Condition.Bool must be a non-empty object of condition keys'],
  ];

  it.each(errors)('refuses %s', (_name, value, message) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    let error: unknown;
    try {
      parsePolicyDocument(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyGrammarError);
    if (message.startsWith('policy document is not valid JSON')) expect((error as Error).message.startsWith(message)).toBe(true);
    else expect((error as Error).message).toBe(message);
  });

  it('refuses a trust policy without Principal and an unknown principal kind', () => {
    expect(() => parsePolicyDocument(JSON.stringify(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' })), { kind: 'trust' })).toThrow(
      'Statement[0].Principal is required in a trust policy',
    );
    expect(() => parsePolicyDocument(JSON.stringify(trust({ AWS: ['x'] })), { kind: 'trust' })).toThrow(
      'Statement[0].Principal.AWS unknown principal kind (RAM, Service or Federated)',
    );
  });

  it('refuses a document longer than maxLength with a PolicySizeError', () => {
    const text = JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
    expect(parsePolicyDocument(text, { maxLength: text.length })).toBeTruthy();
    expect(() => parsePolicyDocument(text, { maxLength: text.length - 1 })).toThrow(PolicySizeError);
    expect(() => parsePolicyDocument(text, { maxLength: 10 })).toThrow('policy document is longer than 10 characters');
  });
});
