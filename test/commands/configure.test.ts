import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runMain } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';

const ARN = 'acs:ram::1234567890123456:role/AuditRole';
const SECRET = 'AliceSecretValue0123456789';

const aliaudit = (args: string[], env: Record<string, string> = cleanEnv()) => runMain(args, { env });

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-e2e-configure-'));
  const path = join(dir, 'config.json');
  const env = cleanEnv();
  const run = (...args: string[]) => aliaudit(['configure', ...args, '--config-path', path], env);
  return { dir, path, env, run };
}

const aliceAk = ['set', '--profile', 'alice-ak', '--mode', 'AK', '--access-key-id', 'LTAI5tAliceKeyId', '--access-key-secret', SECRET,
  '--region', 'cn-hangzhou'];
const audit = ['set', '--profile', 'audit', '--mode', 'ChainableRamRoleArn', '--source-profile', 'alice-ak', '--ram-role-arn', ARN,
  '--role-session-name', 'alice', '--region', 'cn-hangzhou'];

describe('aliaudit configure', () => {
  it('sets, lists, gets, switches and deletes profiles', async () => {
    const { path, run } = workspace();
    const created = await run(...aliceAk);
    expect(created).toEqual({ code: 0, stdout: '', stderr: 'Created profile "alice-ak" (AK) and made it current.\n' });
    expect((await run(...audit)).code).toBe(0);

    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('{\n\t"current": "audit",\n\t"profiles": [\n\t\t{\n\t\t\t"name": "alice-ak",')).toBe(true);
    expect(text.endsWith('\n}')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const list = await run('list', '--output', 'table');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('*\taudit\tChainableRamRoleArn\tcn-hangzhou\talice-ak → AuditRole');
    expect(list.stdout).toContain('\talice-ak\tAK\tcn-hangzhou\t');
    expect(list.stdout).not.toContain(SECRET);

    const listJson = JSON.parse((await run('list', '--output', 'json')).stdout);
    expect(listJson.profiles.map((p: { name: string }) => p.name)).toEqual(['alice-ak', 'audit']);
    expect(JSON.stringify(listJson)).not.toContain(SECRET);

    const get = await run('get');
    expect(JSON.parse(get.stdout)).toMatchObject({ name: 'audit', source_profile: 'alice-ak', ram_role_arn: ARN });
    const masked = await run('get', '--profile', 'alice-ak');
    expect(masked.stdout).not.toContain(SECRET);
    expect(JSON.parse((await run('get', '--profile', 'alice-ak', '--show-secrets')).stdout).access_key_secret).toBe(SECRET);

    const switched = await run('switch', '--profile', 'alice-ak');
    expect(switched).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('alice-ak');

    expect((await run('delete', '--profile', 'audit')).code).toBe(0);
    const deleted = await run('delete', '--profile', 'alice-ak');
    expect(deleted.stderr).toContain('No profiles remain.');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ current: '', profiles: [], meta_path: '' });

    const empty = await run('list', '--output', 'table');
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('aliaudit configure set');
  });

  it('refuses every bad input with exit 2, a message naming the field, and the file unchanged byte for byte', async () => {
    const { dir, path, run } = workspace();
    expect((await run(...aliceAk)).code).toBe(0);
    expect((await run(...audit)).code).toBe(0);
    const before = readFileSync(path);
    const role = ['--mode', 'RamRoleArn', '--access-key-id', 'LTAI5tX', '--access-key-secret', 'sec', '--region', 'cn-hangzhou'];
    const rejections: [string[], string][] = [
      [['set', '--profile', 'x', '--mode', 'ramrolearn'], 'case-sensitive'],
      [['set', '--profile', 'x', '--mode', 'Password'], '--mode "Password" is not a mode'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', ARN], 'is missing --role-session-name'],
      [['set', '--profile', 'x', '--mode', 'AK', '--access-key-id', 'a', '--access-key-secret', 'b'], 'is missing --region'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', 'acs:ram::12:user/bob', '--role-session-name', 'ok'], '--ram-role-arn'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', ARN, '--role-session-name', 'a b'], '--role-session-name'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', ARN, '--role-session-name', 'ok', '--expired-seconds', '600'], '--expired-seconds 600'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', ARN, '--role-session-name', 'ok', '--expired-seconds', '50000'], '--expired-seconds 50000'],
      [['set', '--profile', 'x', ...role, '--ram-role-arn', ARN, '--role-session-name', 'ok', '--sts-region', 'Beijing'], '--sts-region'],
      [['set', '--profile', 'alice-ak', '--region', 'cn hangzhou'], '--region "cn hangzhou" is not a region id'],
      [['set', '--profile', 'c', '--mode', 'ChainableRamRoleArn', '--source-profile', 'ghost', '--ram-role-arn', ARN,
        '--role-session-name', 'ok', '--region', 'cn-hangzhou'], 'can not load the source profile: ghost'],
      [['set', '--profile', 'alice-ak', '--mode', 'ChainableRamRoleArn', '--source-profile', 'audit', '--ram-role-arn', ARN,
        '--role-session-name', 'ok'], 'profile chain loops: alice-ak → audit → alice-ak'],
      [['set', '--profile', 'o', '--mode', 'OIDC', '--oidc-provider-arn', 'acs:ram::1234567890123456:oidc-provider/gh',
        '--oidc-token-file', join(dir, 'no-token'), '--ram-role-arn', ARN, '--role-session-name', 'ok', '--region', 'cn-hangzhou'],
        '--oidc-token-file'],
      [['set', '--profile', 'alice-ak', '--source-profile', 'audit'], '--source-profile does not apply to mode AK'],
      [['switch', '--profile', 'ghost'], 'unknown profile "ghost"'],
      [['delete', '--profile', 'ghost'], 'unknown profile "ghost"'],
      [['delete', '--profile', 'alice-ak'], "is the source profile of 'audit'"],
    ];
    for (const [args, words] of rejections) {
      const result = await run(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(words);
      expect(result.stderr).toContain('hint:');
      expect(result.stderr).not.toContain(SECRET);
      expect(readFileSync(path).equals(before), `file changed by ${args.join(' ')}`).toBe(true);
    }
  });

  it('reports a config.json that does not parse with its position, and never overwrites it', async () => {
    const { path, run } = workspace();
    const broken = `{\n\t"current": "ops",\n\t"profiles": [\n\t\t{"name": "ops", "mode": "AK", "access_key_secret": "${SECRET}",}\n\t]\n}`;
    writeFileSync(path, broken, { mode: 0o600 });
    for (const args of [aliceAk, ['switch', '--profile', 'ops'], ['delete', '--profile', 'ops'], ['list'], ['get']]) {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${path}:4:`);
      expect(result.stderr).toContain('will not overwrite');
      expect(result.stderr).not.toContain(SECRET);
      expect(readFileSync(path, 'utf8')).toBe(broken);
    }
  });

  it('leaves a valid file holding every profile when 20 processes set profiles at once', async () => {
    const { path, env } = workspace();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runCli(['configure', 'set', '--profile', `p${i}`, '--mode', 'EcsRamRole', '--region', 'cn-hangzhou', '--config-path', path], { env }),
      ),
    );
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const config = JSON.parse(readFileSync(path, 'utf8'));
    expect(config.profiles.map((p: { name: string }) => p.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
    expect(config.profiles.map((p: { name: string }) => p.name)).toContain(config.current);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}.lock`)).toBe(false);
  }, 60_000);

  it('uses ALIBABA_CLOUD_CONFIG_FILE when --config-path is absent, else ~/.aliyun/config.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aliaudit-e2e-configure-'));
    const path = join(dir, 'elsewhere.json');
    const env = cleanEnv({ ALIBABA_CLOUD_CONFIG_FILE: path });
    expect((await aliaudit(['configure', ...aliceAk], env)).code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('alice-ak');
    expect(existsSync(join(env.HOME, '.aliyun'))).toBe(false);
    expect((await aliaudit(['configure', 'list', '--output', 'table'], env)).stdout).toContain('alice-ak');

    const home = cleanEnv();
    expect((await aliaudit(['configure', ...aliceAk], home)).code).toBe(0);
    expect(statSync(join(home.HOME, '.aliyun', 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home.HOME, '.aliyun')).mode & 0o777).toBe(0o700);
  });
});

describe('aliaudit configure with no command', () => {
  const hint = 'aliaudit configure set --profile <name> --mode AK --access-key-id <id> --access-key-secret @file --region cn-hangzhou';

  it('without a terminal exits 2, names configure set, and writes nothing', async () => {
    const { dir, path, env } = workspace();
    const result = await runMain(['configure', '--config-path', path], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('needs a terminal (stdin and stdout must be a terminal)');
    expect(result.stderr).toContain(hint);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with TERM=dumb exits 2 too, and an existing file keeps its bytes and mtime', async () => {
    const { path, env, run } = workspace();
    expect((await run(...aliceAk)).code).toBe(0);
    const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
    const result = await runMain(['configure', '--config-path', path], { env: { ...env, TERM: 'dumb' }, tty: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(TERM is dumb)');
    expect(result.stderr).toContain(hint);
    expect(readFileSync(path).equals(before.bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before.mtime);
  });

  it('--help still lists the subcommands', async () => {
    const result = await aliaudit(['configure', '--help']);
    expect(result.code).toBe(0);
    for (const sub of ['set', 'list', 'get', 'switch', 'delete']) {
      expect(result.stdout).toMatch(new RegExp(`^ +aliaudit configure ${sub}\\b`, 'm'));
    }
    expect(result.stdout).toContain('With no command, on a terminal: a wizard');
  });

  it('on a terminal, a subcommand runs as before and no wizard starts', async () => {
    const { path, env } = workspace();
    const result = await runMain(['configure', ...aliceAk, '--config-path', path], { env, tty: true });
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'Created profile "alice-ak" (AK) and made it current.\n' });
  });

  it('an unknown subcommand is still a usage error', async () => {
    const result = await aliaudit(['configure', 'bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('configure has no command "bogus"');
  });
});
