import type { Credentials } from './types.js';

/**
 * How issued credentials are handed to another program: shell exports, a dotenv file, or the aliyun CLI's
 * External-mode JSON (so `aliaudit sts assume-role … --format external` works as a process_command).
 */
export const EXPORT_FORMATS = ['json', 'env', 'dotenv', 'fish', 'powershell', 'external'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type VariableFormat = Exclude<ExportFormat, 'json' | 'external'>;

/** When the injected STS token stops working, as 2006-01-02T15:04:05Z (there is no standard name for it). */
export const EXPIRATION_VARIABLE = 'ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION';

/** The aliyun CLI's External-mode answer (credentials-go reads `expiration` in this exact form). */
export interface ExternalProcessCredentials {
  mode: 'AK' | 'StsToken';
  access_key_id: string;
  access_key_secret: string;
  sts_token?: string;
  expiration?: string;
}

/** 2006-01-02T15:04:05Z: the form the aliyun CLI, credentials-go and the APIs use (no milliseconds). */
export function apiTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The variables that carry credentials to SDKs, the aliyun CLI and Terraform: Alibaba Cloud's names and the
 * Terraform provider's, plus the expiry. ALIBABA_CLOUD_IGNORE_PROFILE=TRUE makes the aliyun CLI use these
 * instead of the current profile of config.json (it otherwise only reads the environment to fill empty fields).
 */
export function credentialVariables(credentials: Credentials, region: string): [string, string][] {
  const variables: [string, string][] = [
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', credentials.accessKeyId],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', credentials.accessKeySecret],
  ];
  if (credentials.securityToken) variables.push(['ALIBABA_CLOUD_SECURITY_TOKEN', credentials.securityToken]);
  if (region) variables.push(['ALIBABA_CLOUD_REGION_ID', region]);
  variables.push(['ALIBABA_CLOUD_IGNORE_PROFILE', 'TRUE']);
  variables.push(['ALICLOUD_ACCESS_KEY', credentials.accessKeyId], ['ALICLOUD_SECRET_KEY', credentials.accessKeySecret]);
  if (credentials.securityToken) variables.push(['ALICLOUD_SECURITY_TOKEN', credentials.securityToken]);
  if (region) variables.push(['ALICLOUD_REGION', region]);
  if (credentials.expiration) variables.push([EXPIRATION_VARIABLE, apiTimestamp(credentials.expiration)]);
  return variables;
}

export function externalProcessCredentials(credentials: Credentials): ExternalProcessCredentials {
  if (!credentials.securityToken) {
    return { mode: 'AK', access_key_id: credentials.accessKeyId, access_key_secret: credentials.accessKeySecret };
  }
  const answer: ExternalProcessCredentials = {
    mode: 'StsToken',
    access_key_id: credentials.accessKeyId,
    access_key_secret: credentials.accessKeySecret,
    sts_token: credentials.securityToken,
  };
  if (credentials.expiration) answer.expiration = apiTimestamp(credentials.expiration);
  return answer;
}

/** The text to print for every format but json (whose shape is the API's own response). */
export function renderCredentials(format: Exclude<ExportFormat, 'json'>, credentials: Credentials, region: string): string {
  if (format === 'external') return `${JSON.stringify(externalProcessCredentials(credentials))}\n`;
  return credentialVariables(credentials, region)
    .map(([name, value]) => assignment(format, name, value))
    .join('\n')
    .concat('\n');
}

export function assignment(format: VariableFormat, name: string, value: string): string {
  switch (format) {
    case 'env':
      return `export ${name}=${quotePosix(value)}`;
    case 'dotenv':
      return `${name}=${quoteDotenv(value)}`;
    case 'fish':
      return `set -gx ${name} ${quoteFish(value)};`;
    case 'powershell':
      return `$Env:${name} = ${quotePowerShell(value)}`;
  }
}

/** POSIX sh: nothing is special inside single quotes, so a quote closes, is escaped, and reopens. */
export function quotePosix(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and \' are escapes. */
export function quoteFish(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** PowerShell: a single quote is doubled; the typographic single quotes also end a string there, so double them too. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c)}'`;
}

/** dotenv: bare when plainly safe, else double-quoted with \\, \", \$ and \n escaped (as dotenv readers expect). */
export function quoteDotenv(value: string): string {
  if (/^[A-Za-z0-9_./:+=@,-]*$/.test(value)) return value;
  const escaped = value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  return `"${escaped}"`;
}
