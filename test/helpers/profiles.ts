import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../helpers/cli.js';

/** Facts of test/fixtures/world.json the end-to-end tests rely on. */
export const ACCOUNT = '1234567890123456';
export const ALICE = { id: 'LTAIalice001', secret: 'alice-secret-0001-do-not-share' };
export const BOB = { id: 'LTAIbob00001', secret: 'bob-secret-0001-do-not-share' };
export const role = (name: string) => `acs:ram::${ACCOUNT}:role/${name}`;
export const OIDC_PROVIDER = `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`;

/** An RS256 token the world's ack-rrsa provider accepts (signed with the fixture key, kid k1). */
export function oidcToken(subject = 'system:serviceaccount:default:ci'): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
  const claims = encode({
    iss: 'https://oidc-ack.example.com/c123',
    aud: 'sts.aliyuncs.com',
    sub: subject,
    iat: now,
    exp: now + 3600,
  });
  const key = readFileSync(join(repoRoot, 'test', 'fixtures', 'oidc-signing-key.pem'), 'utf8');
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key).toString('base64url');
  return `${header}.${claims}.${signature}`;
}

/**
 * A hand-written aliyun CLI config.json covering every mode the tests resolve, in a fresh folder.
 * Returns the folder and the config path.
 */
export function writeConfig(emulatorUrl: string, extraProfiles: object[] = []): { dir: string; configPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-e2e-'));
  const configPath = join(dir, 'config.json');
  const tokenFile = join(dir, 'oidc-token');
  writeFileSync(tokenFile, oidcToken());
  const region = { region_id: 'cn-hangzhou' };
  const aliceKeys = { access_key_id: ALICE.id, access_key_secret: ALICE.secret };
  const externalCommand = [
    process.execPath,
    cliPath,
    'sts',
    'assume-role',
    '--role-arn',
    role('AuditRole'),
    '--role-session-name',
    'via-external',
    '--format',
    'external',
    '--profile',
    'alice',
    '--endpoint',
    emulatorUrl,
    '--config-path',
    configPath,
  ].join(' ');
  const config = {
    current: 'alice',
    profiles: [
      { name: 'alice', mode: 'AK', ...aliceKeys, ...region },
      { name: 'bob', mode: 'AK', access_key_id: BOB.id, access_key_secret: BOB.secret, ...region },
      {
        name: 'audit',
        mode: 'RamRoleArn',
        ...aliceKeys,
        ram_role_arn: role('AuditRole'),
        ram_session_name: 'audit-session',
        expired_seconds: 900,
        ...region,
      },
      // AK → RamRoleArn → ChainableRamRoleArn → ChainableRamRoleArn, as the issue names the chain.
      { name: 'ops-via-audit', mode: 'ChainableRamRoleArn', source_profile: 'audit', ram_role_arn: role('OpsRole'), ram_session_name: 'ops', ...region },
      { name: 'deploy-via-audit', mode: 'ChainableRamRoleArn', source_profile: 'ops-via-audit', ram_role_arn: role('DeployRole'), ram_session_name: 'deploy', ...region },
      { name: 'hop1', mode: 'ChainableRamRoleArn', source_profile: 'alice', ram_role_arn: role('AuditRole'), ram_session_name: 'hop1', ...region },
      { name: 'hop2', mode: 'ChainableRamRoleArn', source_profile: 'hop1', ram_role_arn: role('OpsRole'), ram_session_name: 'hop2', ...region },
      { name: 'hop3', mode: 'ChainableRamRoleArn', source_profile: 'hop2', ram_role_arn: role('DeployRole'), ram_session_name: 'hop3', ...region },
      {
        name: 'rrsa',
        mode: 'OIDC',
        oidc_provider_arn: OIDC_PROVIDER,
        oidc_token_file: tokenFile,
        ram_role_arn: role('OidcRole'),
        ram_session_name: 'rrsa-session',
        ...region,
      },
      { name: 'bastion', mode: 'EcsRamRole', ...region },
      { name: 'ci', mode: 'CredentialsURI', credentials_uri: `${emulatorUrl}/credentials/ci`, ...region },
      { name: 'external', mode: 'External', process_command: externalCommand, ...region },
      ...extraProfiles,
    ],
    meta_path: '',
  };
  writeFileSync(configPath, JSON.stringify(config, null, '\t'));
  return { dir, configPath };
}
