import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfigure } from './run-configure.js';

const ARN = 'acs:ram::1234567890123456:role/AuditRole';
const SECRET = 'AliceSecretValue0123456789';

function setup(initial?: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-configure-'));
  const path = join(dir, 'config.json');
  if (initial !== undefined) writeFileSync(path, JSON.stringify(initial, null, '\t'));
  const run = (args: string[], env: Record<string, string> = {}, tty = false) =>
    runConfigure([...args, '--config-path', path], { env, cwd: dir, tty });
  const file = () => JSON.parse(readFileSync(path, 'utf8'));
  return { dir, path, run, file };
}

const aliceAk = ['set', '--profile', 'alice-ak', '--access-key-id', 'LTAI5tAliceKeyId', '--access-key-secret', SECRET, '--region', 'cn-hangzhou'];
const audit = ['set', '--profile', 'audit', '--mode', 'ChainableRamRoleArn', '--source-profile', 'alice-ak', '--ram-role-arn', ARN,
  '--role-session-name', 'alice', '--region', 'cn-hangzhou'];

describe('configure set', () => {
  it('creates an AK profile by default, like the aliyun CLI: json output, china site, made current', async () => {
    const { run, file } = setup();
    const result = await run(aliceAk);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe('Created profile "alice-ak" (AK) and made it current.\n');
    expect(file()).toEqual({
      current: 'alice-ak',
      profiles: [
        {
          name: 'alice-ak',
          mode: 'AK',
          access_key_id: 'LTAI5tAliceKeyId',
          access_key_secret: SECRET,
          region_id: 'cn-hangzhou',
          output_format: 'json',
          site: 'china',
        },
      ],
      meta_path: '',
    });
  });

  it('updates only the fields given, keeps the mode and every other key', async () => {
    const { run, file } = setup({
      current: 'x',
      profiles: [{ name: 'ops', mode: 'RamRoleArn', access_key_id: 'a', access_key_secret: 'b', ram_role_arn: ARN, ram_session_name: 'ops',
        region_id: 'cn-hangzhou', site: 'international', language: 'en', extra: 1 }, { name: 'x', mode: 'EcsRamRole', region_id: 'cn-hangzhou' }],
      meta_path: '',
    });
    const result = await run(['set', '--profile', 'ops', '--expired-seconds', '7200', '--sts-endpoint', 'https://sts-vpc.cn-hangzhou.aliyuncs.com/']);
    expect(result.stderr).toContain('Saved profile "ops" (RamRoleArn) and made it current.');
    expect(file().profiles[0]).toEqual({ name: 'ops', mode: 'RamRoleArn', access_key_id: 'a', access_key_secret: 'b',
      sts_endpoint: 'sts-vpc.cn-hangzhou.aliyuncs.com', ram_role_arn: ARN, ram_session_name: 'ops', expired_seconds: 7200,
      region_id: 'cn-hangzhou', site: 'international', language: 'en', extra: 1 });
    expect(file().current).toBe('ops');
  });

  it('removes a field named by --unset, even one the mode does not use', async () => {
    const { run, file } = setup();
    await run(aliceAk);
    await run(['set', '--profile', 'r', '--mode', 'RamRoleArn', '--access-key-id', 'a', '--access-key-secret', 'b', '--ram-role-arn', ARN,
      '--role-session-name', 'rs', '--external-id', 'ext-id-1', '--region', 'cn-hangzhou']);
    expect(file().profiles[1].external_id).toBe('ext-id-1');
    await run(['set', '--profile', 'r', '--unset', 'external-id']);
    expect(file().profiles[1]).not.toHaveProperty('external_id');
    await run(['set', '--profile', 'r', '--mode', 'EcsRamRole', '--unset', 'ram-role-arn', '--unset', 'role-session-name', '--unset', 'access-key-id', '--unset', 'access-key-secret']);
    expect(file().profiles[1]).not.toHaveProperty('ram_role_arn');
    expect(file().profiles[1].mode).toBe('EcsRamRole');
  });

  it('chooses the profile like every command: --profile, ALIBABA_CLOUD_PROFILE, current, then "default"', async () => {
    const { run, file } = setup();
    await run(['set', '--mode', 'EcsRamRole', '--region', 'cn-hangzhou']);
    expect(file().current).toBe('default');
    await run(['set', '--region', 'cn-beijing']);
    expect(file().profiles).toHaveLength(1);
    expect(file().profiles[0].region_id).toBe('cn-beijing');
    await run(['set', '--mode', 'EcsRamRole', '--region', 'cn-hangzhou'], { ALIBABA_CLOUD_PROFILE: 'from-env' });
    expect(file().profiles.map((p: { name: string }) => p.name)).toEqual(['default', 'from-env']);
  });

  it('saves the OIDC token file as an absolute path and checks it can be read', async () => {
    const { run, file, dir } = setup();
    writeFileSync(join(dir, 'token'), 'jwt');
    const oidc = ['set', '--profile', 'ci', '--mode', 'OIDC', '--oidc-provider-arn', 'acs:ram::1234567890123456:oidc-provider/gh',
      '--ram-role-arn', ARN, '--role-session-name', 'ci', '--region', 'cn-hangzhou', '--oidc-token-file'];
    expect((await run([...oidc, 'token'])).code).toBe(0);
    expect(file().profiles[0].oidc_token_file).toBe(join(dir, 'token'));
    const missing = await run([...oidc, 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--oidc-token-file ${join(dir, 'nope')} cannot be read`);
  });

  const p = ['--profile', 'alice-ak'];
  it.each([
    [[...p, '--mode', 'ak'], 'mode names are case-sensitive'],
    [[...p, '--mode', 'Magic'], '--mode "Magic" is not a mode'],
    [[...p, '--mode', 'CloudSSO'], 'aliaudit does not set up CloudSSO profiles'],
    [[...p, '--mode', 'RamRoleArnWithRoleName'], 'deprecated'],
    [[...p, '--source-profile', 'x'], '--source-profile does not apply to mode AK'],
    [[...p, '--expired-seconds', 'soon'], '--expired-seconds "soon" is not a whole number'],
    [[...p, '--region', 'cn-hangzhou', '--region', 'cn-beijing'], '--region is given more than once'],
    [[...p, '--profile', 'other'], '--profile is given more than once'],
    [['--profile', '', '--region', 'cn-hangzhou'], '--profile is empty'],
    [[...p, '--access-key-secret', 'with space'], '--access-key-secret contains a space'],
  ])('refuses %j before writing', async (args, message) => {
    const { run, path } = setup();
    await run(aliceAk);
    const before = readFileSync(path);
    const result = await run(['set', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(readFileSync(path)).toEqual(before);
  });

  it('asks for --mode when the profile in the file has a mode aliaudit does not know', async () => {
    const { run, path, file } = setup({ current: 'f', profiles: [{ name: 'f', mode: 'FutureMode', region_id: 'cn-hangzhou' }], meta_path: '' });
    const before = readFileSync(path);
    const refused = await run(['set', '--profile', 'f', '--region', 'cn-beijing']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`profile 'f': mode "FutureMode" is not a mode`);
    expect(readFileSync(path)).toEqual(before);
    expect((await run(['set', '--profile', 'f', '--mode', 'EcsRamRole'])).code).toBe(0);
    expect(file().profiles[0]).toEqual({ name: 'f', mode: 'EcsRamRole', region_id: 'cn-hangzhou' });
  });

  it('refuses everything without creating a file or a folder', async () => {
    const { dir } = setup();
    const path = join(dir, 'sub', 'config.json');
    const result = await runConfigure(['set', '--profile', 'p', '--region', 'cn-hangzhou', '--mode', 'RamRoleArn', '--config-path', path]);
    expect(result.code).toBe(2);
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });
});

describe('configure set: a secret with a control character', () => {
  const secretArgs = ['set', '--profile', 'alice-ak', '--access-key-id', 'LTAI5tAliceKeyId', '--region', 'cn-hangzhou', '--access-key-secret'];

  it.each([
    ['on the command line', (_dir: string) => ({ arg: 'TOPSECRET\x01zz' })],
    ['from @file', (dir: string) => (writeFileSync(join(dir, 'secret'), 'TOPSECRET\x01zz\n'), { arg: '@secret' })],
    ['from stdin', (_dir: string) => ({ arg: '-', stdin: 'TOPSECRET\x01zz\n' })],
  ])('is refused %s with exit 2, naming the flag, the character and where, never the secret; the file is left alone', async (_how, given) => {
    const { dir, path } = setup();
    await runConfigure([...aliceAk, '--config-path', path], { cwd: dir });
    const before = readFileSync(path);
    const { arg, stdin } = given(dir) as { arg: string; stdin?: string };
    const result = await runConfigure([...secretArgs, arg, '--config-path', path], { cwd: dir, stdin });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--access-key-secret contains a control character (U+0001) at position 10');
    expect(result.stdout + result.stderr).not.toMatch(/TOPSECRET|\x01/);
    expect(readFileSync(path)).toEqual(before);
  });

  it('still takes a secret from a file that ends with a line break, without it', async () => {
    const { dir, path, file } = setup();
    writeFileSync(join(dir, 'secret'), `${SECRET}\r\n`);
    const result = await runConfigure([...secretArgs, '@secret', '--config-path', path], { cwd: dir });
    expect(result.code).toBe(0);
    expect(file().profiles[0].access_key_secret).toBe(SECRET);
  });

  it('refuses a control character in a profile name or region the same way, and creates no file', async () => {
    const { run, path } = setup();
    const named = await run(['set', '--profile', 'ops\x1b[2J', '--mode', 'EcsRamRole', '--region', 'cn-hangzhou']);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('--profile contains a control character (U+001B) at position 4');
    const region = await run(['set', '--profile', 'ops', '--mode', 'EcsRamRole', '--region', 'cn-hang\x07zhou']);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('--region contains a control character (U+0007) at position 8');
    expect(named.stderr + region.stderr).not.toMatch(/[\x07\x1b]/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('configure on a file it must not change', () => {
  it('refuses set, switch and delete on a read-only config.json with exit 2, and still lists it', async () => {
    const { run, path } = setup();
    await run(aliceAk);
    await run(audit);
    chmodSync(path, 0o400);
    const before = readFileSync(path);
    for (const args of [['set', '--profile', 'alice-ak', '--region', 'cn-beijing'], ['switch', '--profile', 'alice-ak'], ['delete', '--profile', 'audit']]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cannot change ${path}: it is read-only (mode 0400)`);
      expect(result.stderr).toContain(`chmod u+w ${path}`);
      expect(readFileSync(path)).toEqual(before);
    }
    expect(readdirSync(dirname(path)).sort()).toEqual(['config.json']);
    const list = await run(['list', '-o', 'json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).current).toBe('audit');
  });

  it('refuses to set a profile through a symlink into a folder that does not exist, and creates no folder', async () => {
    const { dir, path, run } = setup();
    symlinkSync(join(dir, 'dotfiles', 'aliyun.json'), path);
    const result = await run(aliceAk);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot change ${path}: it is a symlink to ${join(dir, 'dotfiles', 'aliyun.json')}, and ${join(dir, 'dotfiles')} does not exist`);
    expect(existsSync(join(dir, 'dotfiles'))).toBe(false);
  });
});

describe('configure list', () => {
  it('shows the current marker, mode, region and where credentials come from, never a secret', async () => {
    const { run, dir } = setup();
    writeFileSync(join(dir, 'token'), 'jwt');
    await run(aliceAk);
    await run(['set', '--profile', 'direct', '--mode', 'RamRoleArn', '--access-key-id', 'LTAI5tOther', '--access-key-secret', SECRET,
      '--ram-role-arn', 'acs:ram::1234567890123456:role/ReadOnly', '--role-session-name', 'me', '--region', 'cn-shanghai']);
    await run(['set', '--profile', 'ecs', '--mode', 'EcsRamRole', '--ram-role-name', 'EcsAudit', '--region', 'cn-hangzhou']);
    await run(['set', '--profile', 'uri', '--mode', 'CredentialsURI', '--credentials-uri', 'http://127.0.0.1:8080/creds', '--region', 'cn-hangzhou']);
    await run(['set', '--profile', 'ext', '--mode', 'External', '--process-command', 'acs-sso login', '--region', 'cn-hangzhou']);
    await run(audit);
    const result = await run(['list', '--output', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '\tNAME\tMODE\tREGION\tSOURCE → ROLE',
        '\talice-ak\tAK\tcn-hangzhou\tkey ****eyId',
        '\tdirect\tRamRoleArn\tcn-shanghai\tReadOnly',
        '\tecs\tEcsRamRole\tcn-hangzhou\tEcsAudit',
        '\turi\tCredentialsURI\tcn-hangzhou\thttp://127.0.0.1:8080/creds',
        '\text\tExternal\tcn-hangzhou\tacs-sso login',
        '*\taudit\tChainableRamRoleArn\tcn-hangzhou\talice-ak → AuditRole',
        '',
      ].join('\n'),
    );
    const tty = await run(['list'], {}, true);
    expect(tty.stdout.split('\n')[6]).toMatch(/^\*\s+audit\s+ChainableRamRoleArn\s+cn-hangzhou\s+alice-ak → AuditRole$/);
    expect(result.stdout + tty.stdout).not.toContain(SECRET.slice(4, -3));
  });

  it('prints masked JSON for scripts', async () => {
    const { run } = setup();
    await run(aliceAk);
    const result = await run(['list', '--output', 'json']);
    const data = JSON.parse(result.stdout);
    expect(data.current).toBe('alice-ak');
    expect(data.profiles[0].access_key_secret).toBe('****6789');
    expect(result.stdout).not.toContain(SECRET);
  });

  it('hints at configure set on stderr when there is nothing to list, and succeeds', async () => {
    const { run, path } = setup();
    const missing = await run(['list', '-o', 'table']);
    expect(missing).toMatchObject({ code: 0, stdout: '' });
    expect(missing.stderr).toContain(`No config file at ${path} yet.`);
    expect(missing.stderr).toContain('aliaudit configure set');
    writeFileSync(path, '{"current": "", "profiles": [], "meta_path": ""}');
    const empty = await run(['list', '-o', 'table']);
    expect(empty.stderr).toContain(`No profiles in ${path} yet.`);
    const json = await run(['list', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ current: '', profiles: [] });
  });
});

describe('configure get', () => {
  it('prints the selected profile with secrets masked, or in clear with --show-secrets', async () => {
    const { run } = setup();
    await run(aliceAk);
    await run(audit);
    const current = JSON.parse((await run(['get'])).stdout);
    expect(current.name).toBe('audit');
    const masked = await run(['get', '--profile', 'alice-ak']);
    expect(JSON.parse(masked.stdout).access_key_secret).toBe('****6789');
    expect(masked.stdout).not.toContain(SECRET);
    expect(JSON.parse((await run(['get', '--profile', 'alice-ak', '--show-secrets'])).stdout).access_key_secret).toBe(SECRET);
    expect(JSON.parse((await run(['get'], { ALICLOUD_PROFILE: 'alice-ak' })).stdout).name).toBe('alice-ak');
  });

  it('refuses an unknown profile, listing those that exist', async () => {
    const { run } = setup();
    await run(aliceAk);
    const result = await run(['get', '--profile', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown profile "nope"');
    expect(result.stderr).toContain('alice-ak');
  });

  it('says how to choose a profile when none is selected', async () => {
    const { run } = setup();
    const result = await run(['get']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no profile is selected');
  });
});

describe('configure switch', () => {
  it('changes only current', async () => {
    const { run, path } = setup();
    await run(aliceAk);
    await run(audit);
    const before = readFileSync(path, 'utf8');
    const result = await run(['switch', '--profile', 'alice-ak']);
    expect(result.stderr).toBe('Switched to profile "alice-ak" (AK).\n');
    expect(readFileSync(path, 'utf8')).toBe(before.replace('"current": "audit"', '"current": "alice-ak"'));
    expect((await run(['switch', '--profile', 'alice-ak'])).stderr).toContain('is already current');
  });

  it('refuses an unknown profile with exit 2, listing the others, file unchanged', async () => {
    const { run, path } = setup();
    await run(aliceAk);
    const before = readFileSync(path);
    const result = await run(['switch', '--profile', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown profile "nope"');
    expect(result.stderr).toContain('the profiles are: alice-ak');
    expect(readFileSync(path)).toEqual(before);
  });

  it('needs --profile', async () => {
    const { run } = setup();
    const result = await run(['switch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('configure switch needs --profile');
  });
});

describe('configure delete', () => {
  it('removes a profile; deleting the current one makes the first remaining current', async () => {
    const { run, file } = setup();
    await run(aliceAk);
    await run(['set', '--profile', 'ecs', '--mode', 'EcsRamRole', '--region', 'cn-hangzhou']);
    const result = await run(['delete', '--profile', 'ecs']);
    expect(result.stderr).toBe('Deleted profile "ecs". "alice-ak" is now current.\n');
    expect(file()).toEqual(expect.objectContaining({ current: 'alice-ak' }));
    const last = await run(['delete', '--profile', 'alice-ak']);
    expect(last.stderr).toContain('No profiles remain.');
    expect(file()).toEqual({ current: '', profiles: [], meta_path: '' });
  });

  it('refuses to delete the source of a chain, naming the profile that uses it', async () => {
    const { run, path } = setup();
    await run(aliceAk);
    await run(audit);
    const before = readFileSync(path);
    const result = await run(['delete', '--profile', 'alice-ak']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("profile 'alice-ak' is the source profile of 'audit'");
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses an unknown profile', async () => {
    const { run } = setup();
    await run(aliceAk);
    expect((await run(['delete', '--profile', 'nope'])).code).toBe(2);
  });
});
