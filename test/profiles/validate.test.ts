import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { ConfigFile, Profile } from '../../profiles/model.js';
import { checkRegionId, checkRoleArn, checkSessionName } from '../../profiles/fields.js';
import { checkField, validateProfile } from '../../profiles/validate.js';
import { hintOf } from '../helpers/hint.js';
import { asNobody, asRoot } from '../helpers/unprivileged.js';

const dir = mkdtempSync(join(tmpdir(), 'aliaudit-validate-'));
// Open to others, so that a check run as nobody meets the file's own mode, not the folder's.
chmodSync(dir, 0o755);
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, 'eyJhbGciOi.token.sig');

const ARN = 'acs:ram::1234567890123456:role/AuditRole';
const base = { region_id: 'cn-hangzhou' };
const ak: Profile = { name: 'alice-ak', mode: 'AK', access_key_id: 'LTAI5tId', access_key_secret: 'secretValue', ...base };

/** A complete profile of every mode aliaudit sets up. */
const complete: Record<string, Profile> = {
  AK: ak,
  StsToken: { name: 's', mode: 'StsToken', access_key_id: 'STS.id', access_key_secret: 'sec', sts_token: 'tok', ...base },
  RamRoleArn: { name: 'r', mode: 'RamRoleArn', access_key_id: 'id', access_key_secret: 'sec', ram_role_arn: ARN, ram_session_name: 'sess', ...base },
  EcsRamRole: { name: 'e', mode: 'EcsRamRole', ...base },
  ChainableRamRoleArn: { name: 'c', mode: 'ChainableRamRoleArn', source_profile: 'alice-ak', ram_role_arn: ARN, ram_session_name: 'sess', ...base },
  External: { name: 'x', mode: 'External', process_command: 'get-creds --json', ...base },
  CredentialsURI: { name: 'u', mode: 'CredentialsURI', credentials_uri: 'http://127.0.0.1:9000/creds', ...base },
  OIDC: {
    name: 'o',
    mode: 'OIDC',
    oidc_provider_arn: 'acs:ram::1234567890123456:oidc-provider/ack',
    oidc_token_file: tokenFile,
    ram_role_arn: ARN,
    ram_session_name: 'sess',
    ...base,
  },
  Anonymous: { name: 'n', mode: 'Anonymous', ...base },
  CloudSSO: { name: 'sso', mode: 'CloudSSO', cloud_sso_sign_in_url: 'https://signin.example/start', ...base },
  OAuth: { name: 'oa', mode: 'OAuth', oauth_site_type: 'CN', ...base },
};

const config = (...profiles: Profile[]): ConfigFile => ({ current: '', profiles: [ak, ...profiles] });

function rejection(profile: Profile, cfg: ConfigFile = config(), options?: { checkFiles?: boolean }): InputError {
  try {
    validateProfile(profile, cfg, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected validateProfile to refuse');
}

describe('validateProfile', () => {
  it.each(Object.keys(complete))('accepts a complete %s profile', (mode) => {
    expect(() => validateProfile(complete[mode], config())).not.toThrow();
  });

  const requiredFlags: [string, string, string][] = [
    ['AK', 'access_key_id', '--access-key-id'],
    ['AK', 'access_key_secret', '--access-key-secret'],
    ['StsToken', 'sts_token', '--sts-token'],
    ['RamRoleArn', 'access_key_id', '--access-key-id'],
    ['RamRoleArn', 'ram_role_arn', '--ram-role-arn'],
    ['RamRoleArn', 'ram_session_name', '--role-session-name'],
    ['ChainableRamRoleArn', 'source_profile', '--source-profile'],
    ['ChainableRamRoleArn', 'ram_role_arn', '--ram-role-arn'],
    ['ChainableRamRoleArn', 'ram_session_name', '--role-session-name'],
    ['External', 'process_command', '--process-command'],
    ['CredentialsURI', 'credentials_uri', '--credentials-uri'],
    ['OIDC', 'oidc_provider_arn', '--oidc-provider-arn'],
    ['OIDC', 'oidc_token_file', '--oidc-token-file'],
    ['OIDC', 'ram_role_arn', '--ram-role-arn'],
    ['OIDC', 'ram_session_name', '--role-session-name'],
  ];
  it.each(requiredFlags)('requires %s.%s, naming %s and the command that fixes it', (mode, key, flag) => {
    const profile = { ...complete[mode], [key]: '' };
    const error = rejection(profile);
    expect(error.message).toBe(`profile '${profile.name}' (${mode}) is missing ${flag}`);
    // The hint is data: the command that fixes it, which the shell can offer to run.
    expect(error.hint).toEqual({
      text: 'set them',
      command: expect.stringMatching(new RegExp(`^configure set --profile ${profile.name} --mode ${mode} ${flag} \\S`)),
    });
  });

  it.each(Object.keys(complete))('requires a region for %s, naming --region', (mode) => {
    const { region_id: _, ...profile } = complete[mode];
    const error = rejection(profile as Profile);
    expect(error.message).toContain('is missing --region (every mode needs a region)');
    if (mode !== 'CloudSSO' && mode !== 'OAuth') expect(hintOf(error)).toContain('--region cn-hangzhou');
  });

  it('lists every missing field at once', () => {
    const error = rejection({ name: 'r', mode: 'RamRoleArn' });
    expect(error.message).toBe(
      "profile 'r' (RamRoleArn) is missing --access-key-id, --access-key-secret, --ram-role-arn, --role-session-name and --region (every mode needs a region)",
    );
  });

  it('sends modes it does not set up to the aliyun CLI', () => {
    const error = rejection({ name: 'sso', mode: 'CloudSSO', ...base });
    expect(error.message).toContain('is missing cloud_sso_sign_in_url');
    expect(hintOf(error)).toBe('set it up with the aliyun CLI: aliyun configure --profile sso --mode CloudSSO');
  });

  it.each([
    ['an unknown mode', 'Keys', 'is not a mode'],
    ['a wrong-case mode', 'ramRoleArn', 'case-sensitive'],
  ])('refuses %s', (_what, mode, words) => {
    expect(rejection({ ...ak, mode }).message).toContain(words);
  });

  it.each(['', ' padded', 'padded\u00a0'])('refuses the profile name %j', (name) => {
    expect(rejection({ ...ak, name }).message).toContain('is not a usable profile name');
  });

  it.each([
    ['region_id', 'Hangzhou', '--region "Hangzhou" is not a region id'],
    ['region_id', 'cn_hangzhou', '--region "cn_hangzhou" is not a region id'],
    ['ram_role_arn', 'arn:aws:iam::1:role/x', '--ram-role-arn "arn:aws:iam::1:role/x" is not a role ARN'],
    ['ram_role_arn', 'acs:ram::123:user/AuditRole', 'is not a role ARN'],
    ['ram_session_name', 'a', '--role-session-name "a" is not a valid session name'],
    ['ram_session_name', 'has space', 'is not a valid session name'],
    ['external_id', 'x', '--external-id is not a valid external id'],
    ['expired_seconds', 899, '--expired-seconds 899 is out of range'],
    ['expired_seconds', 43201, '--expired-seconds 43201 is out of range'],
    ['sts_region', 'Shanghai', '--sts-region "Shanghai" is not a region id'],
    ['sts_endpoint', 'sts.aliyuncs.com/path', '--sts-endpoint "sts.aliyuncs.com/path" is not a host name'],
    ['sts_endpoint', 'https://sts.aliyuncs.com', 'is not a host name'],
  ])('checks %s: %j', (key, value, message) => {
    const error = rejection({ ...complete.RamRoleArn, [key]: value });
    expect(error.message).toContain(message);
    expect(hintOf(error)).toBeTruthy();
  });

  it.each([
    ['expired_seconds', 900],
    ['expired_seconds', 43200],
    ['expired_seconds', 0],
    ['sts_endpoint', 'sts-vpc.cn-hangzhou.aliyuncs.com'],
    ['sts_endpoint', '127.0.0.1:4567'],
    ['sts_region', 'ap-southeast-1'],
    ['external_id', 'abc-123:=,.@/'],
    ['sts_token', 'token-when-keys-are-sts'],
  ])('accepts %s %j', (key, value) => {
    expect(() => validateProfile({ ...complete.RamRoleArn, [key]: value }, config())).not.toThrow();
  });

  it('checks the OIDC provider ARN, the token file and the credentials URI', () => {
    expect(rejection({ ...complete.OIDC, oidc_provider_arn: ARN }).message).toContain('is not an OIDC provider ARN');
    expect(rejection({ ...complete.OIDC, oidc_token_file: join(dir, 'missing') }).message).toBe(
      `--oidc-token-file ${join(dir, 'missing')} cannot be read: no such file`,
    );
    expect(rejection({ ...complete.OIDC, oidc_token_file: dir }).message).toContain('it is a folder');
    expect(rejection({ ...complete.CredentialsURI, credentials_uri: 'file:///etc/x' }).message).toContain('must use http or https');
    expect(rejection({ ...complete.CredentialsURI, credentials_uri: 'nope' }).message).toContain('is not a URL');
    expect(rejection({ ...complete.CredentialsURI, credentials_uri: 'http://169.254.0.9/creds' }).message).toBe(
      '--credentials-uri refuses plain http to 169.254.0.9',
    );
    expect(rejection({ ...complete.EcsRamRole, ram_role_name: ARN }).message).toContain('is not a RAM role name');
  });

  it('refuses an OIDC token file it may not read', async () => {
    const locked = join(dir, 'locked');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    const profile = { ...complete.OIDC, oidc_token_file: locked };
    // Root reads any file: as root (CI's containers), the same check runs in a child process as nobody.
    const message = asRoot
      ? await asNobody<string>(
          `import { validateProfile } from './validate.ts';
          try {
            validateProfile(JSON.parse(process.argv[2]), { current: '', profiles: [] });
            process.stdout.write(JSON.stringify('accepted'));
          } catch (error) {
            process.stdout.write(JSON.stringify(error.message));
          }`,
          resolve(import.meta.dirname, '..', '..', 'profiles'),
          [JSON.stringify(profile)],
        )
      : rejection(profile).message;
    expect(message).toBe(`--oidc-token-file ${locked} cannot be read: permission denied`);
  });

  it('skips file checks when asked', () => {
    expect(() => validateProfile({ ...complete.OIDC, oidc_token_file: '/nope' }, config(), { checkFiles: false })).not.toThrow();
  });

  it('refuses spaces and line breaks in keys without echoing them', () => {
    const error = rejection({ ...ak, access_key_secret: 'pasted-secret\n' });
    expect(error.message).toBe('--access-key-secret contains a space or a line break');
    expect(`${error.message}${hintOf(error)}`).not.toContain('pasted-secret');
  });

  it('refuses a control character in a secret as it refuses a space, naming the character and where, never the secret', () => {
    const error = rejection({ ...ak, access_key_secret: 'TOPSECRET\x01zz' });
    expect(error.message).toBe('--access-key-secret contains a control character (U+0001) at position 10');
    expect(hintOf(error)).toBeTruthy();
    expect(`${error.message}${hintOf(error)}`).not.toMatch(/TOPSECRET|zz|\x01/);
    expect(rejection({ ...complete.StsToken, sts_token: 'tok\x7fen' }).message).toBe('--sts-token contains a control character (U+007F) at position 4');
    expect(rejection({ ...ak, access_key_id: 'LTAI\u0085x' }).message).toBe('--access-key-id contains a control character (U+0085) at position 5');
  });

  it('counts the position in characters, not UTF-16 units', () => {
    expect(rejection({ ...ak, name: '😀ops\x1b' }).message).toBe('--profile contains a control character (U+001B) at position 5');
  });

  it('does not judge keys left over from an earlier mode', () => {
    expect(() => validateProfile({ ...complete.EcsRamRole, ram_role_arn: 'junk', access_key_id: 'has space' }, config())).not.toThrow();
  });

  it('requires OAuth site type CN or INTL', () => {
    expect(rejection({ ...complete.OAuth, oauth_site_type: 'EU' }).message).toContain('it must be CN or INTL');
  });

  it('checks the chain as it will stand with the new profile: source exists, no loop', () => {
    expect(rejection({ ...complete.ChainableRamRoleArn, source_profile: 'gone' }).message).toBe('can not load the source profile: gone');
    expect(rejection({ ...complete.ChainableRamRoleArn, source_profile: 'c' }).message).toBe('profile chain loops: c → c');
    // alice-ak is AK in the file; making it chain through c, which chains through alice-ak, closes a loop.
    const c = complete.ChainableRamRoleArn;
    const looping = { ...c, name: 'alice-ak', source_profile: 'c' };
    expect(rejection(looping, config(c)).message).toBe('profile chain loops: alice-ak → c → alice-ak');
  });
});

describe('control characters: one rule for every field', () => {
  /** Each field checkField judges, its flag, and a good value to spoil. */
  const fields: [string, string, string][] = [
    ['name', '--profile', 'alice-ak'],
    ['access_key_id', '--access-key-id', 'LTAI5tId'],
    ['access_key_secret', '--access-key-secret', 'secretValue'],
    ['sts_token', '--sts-token', 'token'],
    ['region_id', '--region', 'cn-hangzhou'],
    ['ram_role_arn', '--ram-role-arn', ARN],
    ['ram_session_name', '--role-session-name', 'sess'],
    ['external_id', '--external-id', 'ext-id'],
    ['source_profile', '--source-profile', 'alice-ak'],
    ['sts_region', '--sts-region', 'cn-shanghai'],
    ['sts_endpoint', '--sts-endpoint', 'sts.cn-hangzhou.aliyuncs.com'],
    ['ram_role_name', '--ram-role-name', 'EcsRole'],
    ['oidc_provider_arn', '--oidc-provider-arn', 'acs:ram::1234567890123456:oidc-provider/ack'],
    ['oidc_token_file', '--oidc-token-file', tokenFile],
    ['credentials_uri', '--credentials-uri', 'http://127.0.0.1:9000/creds'],
    ['process_command', '--process-command', 'get-creds --json'],
  ];
  const controls: [string, string][] = [
    ['\t', 'U+0009'],
    ['\x1b', 'U+001B'],
    ['\x00', 'U+0000'],
    ['\x7f', 'U+007F'],
    ['\x9b', 'U+009B'],
  ];

  it.each(fields.flatMap(([key, flag, good]) => controls.map(([char, code]) => [key, flag, good, char, code] as const)))(
    'refuses %s (%s) holding a control character: %j %j %j, named by code and position, the value never echoed',
    (key, flag, good, char, code) => {
      // After the first three characters: a space check at the start or end of a name is not what answers.
      const value = `${good.slice(0, 3)}${char}${good.slice(3)}`;
      let error: InputError | undefined;
      try {
        checkField(key, value, { checkFiles: false });
      } catch (e) {
        error = e as InputError;
      }
      const spaced = char === '\t' && ['access_key_id', 'access_key_secret', 'sts_token'].includes(key);
      expect(error).toBeInstanceOf(InputError);
      expect(error!.exitCode).toBe(2);
      expect(error!.message).toBe(spaced ? `${flag} contains a space or a line break` : `${flag} contains a control character (${code}) at position 4`);
      expect(`${error!.message}${hintOf(error)}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    },
  );

  it('is the rule validateProfile applies to a whole profile, source profile and command included', () => {
    const chain = { ...complete.ChainableRamRoleArn, source_profile: 'alice\x1bak' };
    expect(rejection(chain).message).toBe('--source-profile contains a control character (U+001B) at position 6');
    expect(rejection({ ...complete.External, process_command: 'get-creds\n--json' }).message).toBe(
      '--process-command contains a control character (U+000A) at position 10',
    );
  });

  it('is the rule the STS one-liners share through profiles/fields', () => {
    expect(() => checkSessionName('ci\x1b[2Jx')).toThrow('--role-session-name contains a control character (U+001B) at position 3');
    expect(() => checkRoleArn(`${ARN}\x07`, '--role-arn')).toThrow(`--role-arn contains a control character (U+0007) at position ${ARN.length + 1}`);
    expect(() => checkRegionId('cn-\rhangzhou')).toThrow('--region contains a control character (U+000D) at position 4');
  });

  it('leaves printable text alone: spaces inside a name, a command with arguments, non-ASCII letters', () => {
    expect(() => checkField('name', 'alice ops')).not.toThrow();
    expect(() => checkField('name', '运维')).not.toThrow();
    expect(() => checkField('process_command', 'get-creds --profile "a b"')).not.toThrow();
  });
});

describe('checkField', () => {
  const cases: [string, string | number][] = [
    ['region_id', 'Hangzhou'],
    ['ram_role_arn', 'acs:ram::123:user/AuditRole'],
    ['ram_session_name', 'a'],
    ['external_id', 'x'],
    ['expired_seconds', 899],
    ['sts_region', 'Shanghai'],
    ['sts_endpoint', 'https://sts.aliyuncs.com'],
    ['access_key_secret', 'has space'],
    ['oidc_token_file', join(dir, 'missing')],
    ['oidc_provider_arn', ARN],
    ['credentials_uri', 'file:///etc/x'],
    ['ram_role_name', ARN],
    ['name', ' padded'],
  ];

  it.each(cases)('judges %s %j with the words validateProfile uses for it', (key, value) => {
    const mode = key === 'ram_role_name' ? 'EcsRamRole' : key.startsWith('oidc') ? 'OIDC' : key === 'credentials_uri' ? 'CredentialsURI' : key === 'name' ? 'AK' : 'RamRoleArn';
    const whole = rejection({ ...complete[mode], [key]: value });
    let alone: InputError | undefined;
    try {
      checkField(key, value, { checkFiles: true });
    } catch (error) {
      alone = error as InputError;
    }
    expect(alone).toBeInstanceOf(InputError);
    expect({ message: alone!.message, hint: alone!.hint }).toEqual({ message: whole.message, hint: whole.hint });
  });

  it('passes good values, keys with no format of their own, and unread files when asked', () => {
    expect(() => checkField('region_id', 'cn-hangzhou')).not.toThrow();
    expect(() => checkField('expired_seconds', 3600)).not.toThrow();
    expect(() => checkField('process_command', 'anything at all')).not.toThrow();
    expect(() => checkField('oidc_token_file', '/nope', { checkFiles: false })).not.toThrow();
  });
});
