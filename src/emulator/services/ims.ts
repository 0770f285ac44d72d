/**
 * IMS 2019-08-15: the credential report. GenerateCredentialReport takes a snapshot of the caller's account (its root
 * and every RAM user: password, MFA, access keys) and GetCredentialReport answers it as base64 CSV, paged by
 * MaxItems/NextToken. As on Alibaba Cloud, a report is made at most every four hours: within four hours of the last
 * one, GenerateCredentialReport answers COMPLETED and keeps it; otherwise it starts a new one (STARTED), which the
 * emulator has ready at once.
 *
 * Authorisation is `ram:GenerateCredentialReport` / `ram:GetCredentialReport` on the account (`acs:ram:*:<id>:*`), the
 * actions the IMS API reference names (IMS is RAM's identity API); refusals are NoPermission, as RAM's.
 *
 * CSV conventions (the RAM user guide's "Generate and download user credential reports", and what Steampipe's
 * alicloud_ram_credential_report reads): booleans TRUE/FALSE; dates `YYYY-MM-DDTHH:mm:ssZ`; `N/A` where the field
 * does not apply (no password, no such access key); `-` for something that exists but never happened (never logged
 * on, key never used). Users appear by their UPN, `<name>@<alias or account id>.onaliyun.com`.
 */
import { NO_PERMISSION, formatApiDate, serviceFaults } from '../api-error.js';
import type { AccessKey, Account, CredentialReport, User } from '../state.js';
import type { ApiCall, Service } from './service.js';

export const CREDENTIAL_REPORT_COLUMNS: readonly string[] = [
  'user', 'user_creation_time', 'user_last_logon', 'password_exist', 'password_active', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  ...[1, 2].flatMap((n) => ['exist', 'active', 'last_rotated', 'last_used'].map((field) => `access_key_${n}_${field}`)),
  ...[1, 2, 3].flatMap((n) => ['exist', 'active', 'last_rotated', 'last_used'].map((field) => `additional_access_key_${n}_${field}`)),
];

/** A new report is made at most this often; a request within it keeps the last one. */
const REPORT_INTERVAL_MS = 4 * 3600 * 1000;
/** GetCredentialReport's MaxItems: 1..3501, default 3501 (3,500 RAM users, the report's limit, and the root). */
const MAX_ITEMS = 3501;
const NOT_APPLICABLE = 'N/A';
const NEVER = '-';

const flag = (value: boolean) => (value ? 'TRUE' : 'FALSE');
const dateOr = (date: Date | undefined, missing: string) => (date ? formatApiDate(date) : missing);

/** The four columns of each of five key slots (access_key_1, _2, additional_access_key_1..3), in the keys' order. */
function keyColumns(keys: AccessKey[]): string[] {
  return Array.from({ length: 5 }, (_, i) => keys[i]).flatMap((key) =>
    key
      ? [flag(true), flag(key.Status === 'Active'), formatApiDate(key.CreateDate), dateOr(key.LastUsedDate, NEVER)]
      : [flag(false), NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE],
  );
}

/** When the account was created: the world's Root.CreateDate, else the earliest date the account knows. */
function accountCreated(account: Account, now: Date): Date {
  if (account.Root.CreateDate) return account.Root.CreateDate;
  const dates = [
    ...account.Root.AccessKeys.map((key) => key.CreateDate),
    ...[...account.Users.values()].map((user) => user.CreateDate),
    ...[...account.Groups.values()].map((group) => group.CreateDate),
    ...[...account.Roles.values()].map((role) => role.CreateDate),
    ...[...account.Policies.values()].map((policy) => policy.CreateDate),
  ];
  return dates.reduce((earliest, date) => (date < earliest ? date : earliest), now);
}

function rootRow(account: Account, now: Date): string[] {
  const root = account.Root;
  // The account always has a password (the report says TRUE); whether it is active does not apply.
  return ['<root>', formatApiDate(accountCreated(account, now)), dateOr(root.LastLoginDate, NEVER), flag(true), NOT_APPLICABLE,
    NOT_APPLICABLE, NOT_APPLICABLE, flag(root.MFA), ...keyColumns(root.AccessKeys)];
}

function userRow(account: Account, user: User): string[] {
  const profile = user.LoginProfile;
  const maxAge = Number(account.PasswordPolicy.MaxPasswordAge ?? 0);
  const nextRotation = profile && maxAge > 0 ? formatApiDate(new Date(profile.CreateDate.getTime() + maxAge * 86_400_000)) : NOT_APPLICABLE;
  return [
    `${user.UserName}@${account.AccountAlias ?? account.AccountId}.onaliyun.com`,
    formatApiDate(user.CreateDate),
    dateOr(user.LastLoginDate, NEVER),
    flag(profile !== undefined),
    profile ? flag(true) : NOT_APPLICABLE,
    profile ? formatApiDate(profile.CreateDate) : NOT_APPLICABLE,
    nextRotation,
    flag(user.MFADevice !== undefined),
    ...keyColumns(user.AccessKeys),
  ];
}

export function credentialReport(account: Account, now: Date): CredentialReport {
  return {
    GeneratedTime: new Date(Math.floor(now.getTime() / 1000) * 1000),
    header: [...CREDENTIAL_REPORT_COLUMNS],
    rows: [rootRow(account, now), ...[...account.Users.values()].map((user) => userRow(account, user))],
  };
}

function csvLine(values: string[]): string {
  return values.map((value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(',');
}

function accountResource(account: Account): string {
  return `acs:ram:*:${account.AccountId}:*`;
}

function generateCredentialReport(call: ApiCall) {
  const account = call.caller!.principal.account;
  call.authorize('ram:GenerateCredentialReport', accountResource(account));
  const reports = (call.state.credentialReports ??= new Map());
  const now = call.state.now();
  const last = reports.get(account.AccountId);
  if (last && now.getTime() - last.GeneratedTime.getTime() < REPORT_INTERVAL_MS) return { State: 'COMPLETED' };
  reports.set(account.AccountId, credentialReport(account, now));
  return { State: 'STARTED' };
}

/** A NextToken names the report (by when it was made) and the row to go on from. */
function encodeToken(report: CredentialReport, row: number): string {
  return Buffer.from(`ims1:${report.GeneratedTime.getTime()}:${row}`, 'utf8').toString('base64url');
}

function decodeToken(report: CredentialReport, token: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^ims1:(\d+):(\d+)$/.exec(text);
  const row = match && Number(match[1]) === report.GeneratedTime.getTime() ? Number(match[2]) : -1;
  if (!(row > 0 && row < report.rows.length)) {
    throw serviceFaults.invalidValue('NextToken', 'Use the NextToken of the previous answer for the current report.');
  }
  return row;
}

function maxItemsOf(call: ApiCall): number {
  const text = call.params.MaxItems;
  if (text === undefined || text === '') return MAX_ITEMS;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_ITEMS)) {
    throw serviceFaults.invalidValue('MaxItems', `It must be an integer from 1 to ${MAX_ITEMS}; "${text}" is not.`);
  }
  return value;
}

/** One page of the report: each page's Content is a whole CSV (the header, then its rows). */
function getCredentialReport(call: ApiCall) {
  const account = call.caller!.principal.account;
  call.authorize('ram:GetCredentialReport', accountResource(account));
  const maxItems = maxItemsOf(call);
  const report = call.state.credentialReports?.get(account.AccountId);
  if (!report) throw serviceFaults.credentialReportNotExist();
  const token = call.params.NextToken;
  const start = token === undefined || token === '' ? 0 : decodeToken(report, token);
  const rows = report.rows.slice(start, start + maxItems);
  const truncated = start + maxItems < report.rows.length;
  const csv = [report.header, ...rows].map(csvLine).join('\n');
  return {
    Content: Buffer.from(csv, 'utf8').toString('base64'),
    GeneratedTime: formatApiDate(report.GeneratedTime),
    IsTruncated: truncated,
    ...(truncated ? { NextToken: encodeToken(report, start + maxItems) } : {}),
  };
}

export const imsService: Service = {
  code: 'ims',
  product: 'Ims',
  version: '2019-08-15',
  hostId: 'ims.aliyuncs.com',
  denial: NO_PERMISSION,
  actions: {
    GenerateCredentialReport: generateCredentialReport,
    GetCredentialReport: getCredentialReport,
  },
};
