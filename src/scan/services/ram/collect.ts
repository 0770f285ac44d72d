import type { CloudApi } from '../../../cloud/clients.js';
import { daysSince, type Fact, known, type Missing } from '../../checks/check.js';
import {
  type AccessKeyFacts,
  type AccessKeySubject,
  type AccountSubject,
  type IdentityCredentials,
  KEY_MAX_AGE_DAYS,
  type PasswordPolicy,
  type PolicySubject,
  type UserSubject,
} from './checks.js';
import { listAll } from '../../../ram/api.js';
import { attempt, caller, type Collecting, missingFrom, type Unreadable } from '../../collectors/collecting.js';

const GLOBAL = 'global';
/** How long a credential report may take to be generated. */
const REPORT_WAIT_MS = 60_000;

/**
 * RAM and IMS, read with as few calls as the answers allow: the credential report answers console, MFA, keys and last
 * sign-in for every user and for the root account in a few calls (Prowler makes four calls per user); which users
 * hold a policy directly comes from the policies that are attached anywhere, not from each user. The report has no
 * access key ids, so ListAccessKeys is asked only for the users it shows holding an old active key, to name the key in
 * its finding and fix. Without the report (no permission), per-user calls stand in for it.
 */
export async function collectRam(collecting: Collecting, apis: { ram: CloudApi; ims: CloudApi }): Promise<void> {
  const ram = caller(collecting, apis.ram, GLOBAL);
  const { accountUid } = collecting;
  // The work, as it becomes known: the password policy, the account, each user, each of their access keys and each
  // custom policy in use (a list not read yet counts as one), so the global row is done when its work is, not at its
  // first subject.
  const work = { users: 1, keys: 1, policies: 1 };
  const announce = () => collecting.progress(GLOBAL, 2 + work.users + work.keys + work.policies);
  announce();

  const passwordPolicy = attempt(
    async () => ((await ram('GetPasswordPolicy')).PasswordPolicy ?? {}) as PasswordPolicy,
    'ram:GetPasswordPolicy',
    GLOBAL,
  ).then((policy) => collecting.feed('password-policy', { accountUid, policy }));

  const report = credentialReport(collecting, apis.ims);
  const account = report.then((facts) => {
    const root: Fact<IdentityCredentials> = 'missing' in facts ? facts : facts.value.root ? known(facts.value.root) : { missing: noRootRow };
    collecting.feed('account', { accountUid, root } satisfies AccountSubject);
  });

  const usersListed = attempt(() => listAll({ call: ram }, 'ListUsers', {}, (body) => body.Users?.User as { UserName: string; UserId?: string }[]), 'ram:ListUsers', GLOBAL);
  const attached = attachedPolicies(collecting, ram);
  const policies = attached.then(async (fact) => {
    if ('missing' in fact) return collecting.feed('policy', unreadable(fact.missing, 'custom policies'));
    work.policies = fact.value.custom.length;
    announce();
    await Promise.all(fact.value.custom.map((policy) => customPolicy(collecting, ram, policy)));
  });

  const users = Promise.all([usersListed, report, attached]).then(async ([listed, reportFact, attachedFact]) => {
    if ('missing' in listed) {
      collecting.feed('user', unreadable(listed.missing, 'users'));
      return collecting.feed('access-key', unreadable(listed.missing, 'access keys'));
    }
    const fallback = 'missing' in reportFact ? await perUserCredentials(collecting, ram, listed.value) : undefined;
    const facts = listed.value.map((user) => ({
      user,
      ...(fallback ? fallback(user.UserName) : fromReport((reportFact as { value: CredentialReport }).value, user.UserName)),
    }));
    work.users = listed.value.length;
    work.keys = facts.reduce((sum, { keys }) => sum + ('missing' in keys ? 1 : keys.value.length), 0);
    announce();
    for (const { user, credentials } of facts) {
      const directPolicies = 'missing' in attachedFact ? attachedFact : known(attachedFact.value.byUser.get(user.UserName) ?? []);
      collecting.feed('user', { accountUid, user, credentials, directPolicies } satisfies UserSubject);
    }
    const recount = (more: number) => {
      work.keys += more;
      announce();
    };
    await Promise.all(facts.map(({ user, keys }) => accessKeys(collecting, ram, user.UserName, keys, recount)));
  });

  await Promise.all([passwordPolicy, account, policies, users]);
}

const noRootRow: Missing = { action: 'ram:GetCredentialReport', region: GLOBAL, reason: 'failed', detail: 'the report has no <root> row' };

function unreadable(missing: Missing, what: string): Unreadable {
  return { unreadable: missing, what, region: GLOBAL };
}

interface CredentialReport {
  root?: IdentityCredentials;
  users: Map<string, IdentityCredentials>;
}

/** What a user's checks and key checks read of one user. */
interface UserCredentials {
  credentials: Fact<IdentityCredentials>;
  keys: Fact<AccessKeyFacts[]>;
}

function fromReport(report: CredentialReport, userName: string): UserCredentials {
  const found = report.users.get(userName);
  if (found) return { credentials: known(found), keys: known(found.keys) };
  const missing: Fact<never> = { missing: { action: 'ram:GetCredentialReport', region: GLOBAL, reason: 'failed', detail: `the report has no row for ${userName}` } };
  return { credentials: missing, keys: missing };
}

/**
 * Feeds each of a user's keys. A key the report shows active and (about to be) over the age limit is named by
 * ListAccessKeys, whose fresher answer then stands for all of the user's keys; if it is refused, the report's keys are
 * fed without ids, saying why. The margin of a day keeps a key that turns 91 while the scan runs from going unnamed.
 */
async function accessKeys(collecting: Collecting, ram: Call, userName: string, keys: Fact<AccessKeyFacts[]>, recount: (more: number) => void): Promise<void> {
  const feed = (key: Fact<AccessKeyFacts>, idMissing?: Missing) =>
    collecting.feed('access-key', { accountUid: collecting.accountUid, userName, key, ...(idMissing ? { idMissing } : {}) } satisfies AccessKeySubject);
  if ('missing' in keys) return feed(keys);
  const now = new Date();
  let found = keys.value;
  let idMissing: Missing | undefined;
  if (found.some((key) => !key.id && key.active && key.created && daysSince(key.created, now) >= KEY_MAX_AGE_DAYS - 1)) {
    const listed = await attempt(() => listAccessKeys(ram, userName), 'ram:ListAccessKeys', GLOBAL);
    if ('missing' in listed) idMissing = listed.missing;
    else {
      recount(listed.value.length - found.length);
      found = listed.value;
    }
  }
  for (const key of found) feed(known(key), key.id ? undefined : idMissing);
}

async function listAccessKeys(ram: Call, UserName: string): Promise<AccessKeyFacts[]> {
  const body = await ram('ListAccessKeys', { UserName });
  return ((body.AccessKeys?.AccessKey ?? []) as { AccessKeyId: string; Status: string; CreateDate?: string }[]).map((key) => ({
    id: key.AccessKeyId,
    active: key.Status === 'Active',
    created: date(key.CreateDate),
  }));
}

/** GenerateCredentialReport until it is complete, then GetCredentialReport, every page, parsed. */
async function credentialReport(collecting: Collecting, ims: CloudApi): Promise<Fact<CredentialReport>> {
  const call = caller(collecting, ims, GLOBAL);
  const { timer } = collecting.scheduler;
  const generated = await attempt(async () => {
    const deadline = timer.ms() + REPORT_WAIT_MS;
    // STARTED, then INPROGRESS, then COMPLETED (the SDK's values): asking again is how the API says to wait.
    for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
      const { State } = await call('GenerateCredentialReport');
      if (/^COMPLETED?$/i.test(String(State)) || timer.ms() > deadline) return State;
      await timer.sleep(wait, collecting.signal);
    }
  }, 'ram:GenerateCredentialReport', GLOBAL);
  if ('missing' in generated) return generated;
  return attempt(async () => {
    const report: CredentialReport = { users: new Map() };
    let token: string | undefined;
    do {
      const body = await call('GetCredentialReport', { NextToken: token });
      // Each page is a CSV of its own, header row included.
      const page = parseCredentialReport(Buffer.from(String(body.Content ?? ''), 'base64').toString('utf8'));
      report.root ??= page.root;
      for (const [name, credentials] of page.users) report.users.set(name, credentials);
      token = body.IsTruncated === true || body.IsTruncated === 'true' ? body.NextToken : undefined;
    } while (token);
    return report;
  }, 'ram:GetCredentialReport', GLOBAL);
}

/** The report's CSV (user, user_creation_time, user_last_logon, password_exist, …, mfa_active, access_key_1_…). */
export function parseCredentialReport(csv: string): CredentialReport {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((column) => column.trim());
  const report: CredentialReport = { users: new Map() };
  for (const line of lines) {
    const cells = line.split(',');
    const row = Object.fromEntries(header.map((column, i) => [column, (cells[i] ?? '').trim()]));
    const keys = ['access_key_1', 'access_key_2', 'additional_access_key_1', 'additional_access_key_2', 'additional_access_key_3']
      .filter((slot) => flag(row[`${slot}_exist`]) ?? row[`${slot}_active`] !== undefined)
      .map((slot) => ({
        slot,
        active: flag(row[`${slot}_active`]) === true,
        created: date(row[`${slot}_last_rotated`]),
        lastUsed: date(row[`${slot}_last_used`]),
      }))
      .filter((key) => key.active || key.created);
    const credentials: IdentityCredentials = {
      console: flag(row.password_exist) === true,
      mfa: flag(row.mfa_active) === true,
      lastLogon: date(row.user_last_logon),
      keys,
    };
    if (row.user === '<root>') report.root = credentials;
    // Users appear by their logon name, alice@<account alias>.onaliyun.com.
    else if (row.user) report.users.set(row.user.replace(/@.*$/, ''), credentials);
  }
  return report;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const text = value.toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function date(value: string | undefined): Date | undefined {
  if (!value || /^(n\/a|-|no_information|not_supported)$/i.test(value)) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

type Call = (action: string, params?: Record<string, unknown>) => Promise<any>;

interface AttachedPolicies {
  /** Policies attached directly to each user. */
  byUser: Map<string, { PolicyName: string; PolicyType: string }[]>;
  /** Custom policies attached anywhere: only those can grant anyone anything. */
  custom: { PolicyName: string; AttachmentCount?: number; DefaultVersion?: string }[];
}

/** Every policy attached anywhere (AttachmentCount > 0), and who holds it: one call per attached policy. */
async function attachedPolicies(collecting: Collecting, ram: Call): Promise<Fact<AttachedPolicies>> {
  return attempt(async () => {
    const policies = await listAll({ call: ram }, 'ListPolicies', {}, (body) => body.Policies?.Policy as { PolicyName: string; PolicyType: string; AttachmentCount?: number; DefaultVersion?: string }[]);
    const inUse = policies.filter((policy) => Number(policy.AttachmentCount ?? 0) > 0);
    const byUser: AttachedPolicies['byUser'] = new Map();
    await Promise.all(
      inUse.map(async (policy) => {
        const body = await ram('ListEntitiesForPolicy', { PolicyName: policy.PolicyName, PolicyType: policy.PolicyType });
        for (const { UserName } of (body.Users?.User ?? []) as { UserName: string }[]) {
          if (!byUser.has(UserName)) byUser.set(UserName, []);
          byUser.get(UserName)!.push({ PolicyName: policy.PolicyName, PolicyType: policy.PolicyType });
        }
      }),
    );
    return { byUser, custom: inUse.filter((policy) => policy.PolicyType === 'Custom') };
  }, 'ram:ListPolicies', GLOBAL);
}

async function customPolicy(collecting: Collecting, ram: Call, policy: AttachedPolicies['custom'][number]): Promise<void> {
  const document = await attempt(async () => {
    const body = await ram('GetPolicy', { PolicyName: policy.PolicyName, PolicyType: 'Custom' });
    const text = body.DefaultPolicyVersion?.PolicyDocument;
    return (typeof text === 'string' ? JSON.parse(text) : (text ?? {})) as PolicySubject['document'] extends Fact<infer D> ? D : never;
  }, 'ram:GetPolicy', GLOBAL);
  collecting.feed('policy', { accountUid: collecting.accountUid, policy, document } satisfies PolicySubject);
}

/**
 * Without the credential report: console access from GetLoginProfile, MFA from one ListVirtualMFADevices, keys from
 * ListAccessKeys, last sign-in from GetUser, per user. Each can be missing on its own, and says which call it needs.
 */
async function perUserCredentials(collecting: Collecting, ram: Call, users: { UserName: string }[]): Promise<(name: string) => UserCredentials> {
  const mfa = await attempt(async () => {
    const devices = await listAll({ call: ram }, 'ListVirtualMFADevices', {}, (body) => body.VirtualMFADevices?.VirtualMFADevice as { User?: { UserName?: string } }[]);
    return new Set(devices.map((device) => device.User?.UserName).filter(Boolean));
  }, 'ram:ListVirtualMFADevices', GLOBAL);
  const facts = new Map<string, UserCredentials>();
  await Promise.all(
    users.map(async ({ UserName }) => {
      const [login, keys, user] = await Promise.all([
        loginProfile(ram, UserName),
        attempt(() => listAccessKeys(ram, UserName), 'ram:ListAccessKeys', GLOBAL),
        attempt(async () => (await ram('GetUser', { UserName })).User as { LastLoginDate?: string }, 'ram:GetUser', GLOBAL),
      ]);
      const missing = [login, keys, user, mfa].find((fact): fact is { missing: Missing } => 'missing' in fact);
      const credentials: Fact<IdentityCredentials> = missing ?? known({
        console: (login as { value: boolean }).value,
        mfa: (mfa as { value: Set<string> }).value.has(UserName),
        lastLogon: date((user as { value: { LastLoginDate?: string } }).value.LastLoginDate),
        keys: (keys as { value: AccessKeyFacts[] }).value,
      });
      facts.set(UserName, { credentials, keys });
    }),
  );
  const unlisted: Fact<never> = { missing: { action: 'ram:ListUsers', region: GLOBAL, reason: 'failed' } };
  return (name) => facts.get(name) ?? { credentials: unlisted, keys: unlisted };
}

/** A user without a login profile is an answer (no console access), not a failure: any other error is. */
async function loginProfile(ram: Call, UserName: string): Promise<Fact<boolean>> {
  try {
    await ram('GetLoginProfile', { UserName });
    return known(true);
  } catch (error) {
    if ((error as { code?: string }).code === 'EntityNotExist.User.LoginProfile') return known(false);
    return { missing: missingFrom(error, 'ram:GetLoginProfile', GLOBAL) };
  }
}
