import { mkdtempSync, readFileSync, statSync, writeFileSync, symlinkSync, lstatSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { type ConfigFile, emptyConfig } from '../../profiles/model.js';
import { parseConfig, readConfig, serializeConfig, updateConfig } from '../../profiles/store.js';
import { runConfigure } from './run-configure.js';
import { hintOf } from '../helpers/hint.js';

const tab = (value: unknown) => JSON.stringify(value, null, '\t');
const folder = () => mkdtempSync(join(tmpdir(), 'aliaudit-store-'));

/** A file as the aliyun CLI writes it, plus keys only another tool (or a person) added. */
const aliyunStyle = {
  current: 'ops',
  profiles: [
    {
      name: 'ops',
      mode: 'AK',
      access_key_id: 'LTAI5tOpsKeyId000',
      access_key_secret: 'opsSecretValue000',
      x_team_note: 'keep me',
      region_id: 'cn-hangzhou',
      output_format: 'json',
      language: 'en',
      site: 'international',
      retry_count: 3,
      auto_plugin_install: true,
    },
    { name: 'legacy', mode: 'EcsRamRole', ram_role_name: 'EcsAudit', region_id: 'cn-shanghai', x_extra: { nested: [1, 2] } },
  ],
  x_top_level: { a: 1 },
  meta_path: '',
};

describe('readConfig', () => {
  it('gives an empty config for a missing file', async () => {
    const path = join(folder(), 'config.json');
    expect(await readConfig(path)).toEqual({ config: emptyConfig(), exists: false });
  });

  it('reads an empty file as an empty config', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, '');
    expect(await readConfig(path)).toEqual({ config: emptyConfig(), exists: true });
  });

  it('reads a file written with 4-space indentation by credentials-go, and one with a BOM', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, JSON.stringify(aliyunStyle, null, 4));
    expect((await readConfig(path)).config).toEqual(aliyunStyle);
    writeFileSync(path, `\uFEFF${tab(aliyunStyle)}`);
    expect((await readConfig(path)).config).toEqual(aliyunStyle);
  });

  it.each([
    ['a trailing comma', '{\n\t"current": "",\n\t"profiles": [],\n}', 4, 1, "comma before '}'"],
    ['a missing comma', '{\n\t"current": "a"\n\t"profiles": []\n}', 3, 2, "expected ',' or '}'"],
    ['an unclosed string', '{\n\t"current": "a,\n\t"profiles": []\n}', 2, 16, 'line break or control character'],
    ['a comment', '{\n  // mine\n  "current": ""\n}', 2, 3, 'comments are not allowed'],
    ['a cut-off file', '{\n\t"current": "",\n\t"profiles": [', 3, 15, 'the end of the file'],
    ['single quotes', "{'current': ''}", 1, 2, 'property name in double quotes'],
  ])('reports %s with path:line:column', async (_what, text, line, column, problem) => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, text);
    const error = await readConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp(`^${escape(path)}:${line}:${column}: `));
    expect((error as InputError).message).toContain(problem);
    expect(hintOf(error)).toMatch(/by hand.*will not overwrite/);
  });

  it('never quotes the text around a syntax error (it may be a secret)', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, '{"profiles": [{"name": "a", "access_key_secret": "TopSecretValue" "mode": "AK"}]}');
    const error = (await readConfig(path).catch((e: unknown) => e)) as InputError;
    expect(error.message).toMatch(/:1:\d+: expected ',' or '}'/);
    expect(`${error.message} ${hintOf(error)}`).not.toContain('TopSecret');
  });

  it.each([
    ['an array at the top', '[]', 'must hold an object'],
    ['profiles that are not an array', '{"current": "", "profiles": {}}', '"profiles" must be an array, not an object'],
    ['current that is not a string', '{"current": 1, "profiles": []}', '"current" must be a string'],
    ['a profile without a name', '{"current": "", "profiles": [{"mode": "AK"}]}', 'profiles[0] has no "name"'],
    ['a profile without a mode', '{"current": "", "profiles": [{"name": "a"}]}', 'profiles[0] ("a") has no "mode"'],
    ['expired_seconds as a string', '{"profiles": [{"name": "a", "mode": "AK", "expired_seconds": "900"}]}', 'expired_seconds must be a whole number, not a string'],
    ['a secret that is a number', '{"profiles": [{"name": "a", "mode": "AK", "access_key_secret": 12345678}]}', 'access_key_secret must be a string, not a number'],
  ])('refuses %s, naming the problem', async (_what, text, problem) => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, text);
    const error = (await readConfig(path).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`${path}: ${error.message.slice(path.length + 2)}`);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('12345678');
  });

  it('refuses a folder given as the config file', async () => {
    const error = (await readConfig(folder()).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('is a folder');
  });
});

describe('updateConfig', () => {
  it('keeps every key it does not own, in place and in order, through set, switch and delete', async () => {
    const dir = folder();
    const path = join(dir, 'config.json');
    writeFileSync(path, tab(aliyunStyle));
    const run = (...args: string[]) => runConfigure([...args, '--config-path', path]);

    expect((await run('set', '--profile', 'ops', '--mode', 'RamRoleArn', '--ram-role-arn', 'acs:ram::1234567890123456:role/AuditRole',
      '--role-session-name', 'ops-session', '--expired-seconds', '3600', '--region', 'cn-beijing')).code).toBe(0);
    expect((await run('set', '--profile', 'fresh', '--mode', 'EcsRamRole', '--region', 'cn-hangzhou')).code).toBe(0);
    expect((await run('switch', '--profile', 'legacy')).code).toBe(0);
    expect((await run('delete', '--profile', 'fresh')).code).toBe(0);

    const expected = {
      current: 'legacy',
      profiles: [
        {
          name: 'ops',
          mode: 'RamRoleArn',
          access_key_id: 'LTAI5tOpsKeyId000',
          access_key_secret: 'opsSecretValue000',
          ram_role_arn: 'acs:ram::1234567890123456:role/AuditRole',
          ram_session_name: 'ops-session',
          expired_seconds: 3600,
          x_team_note: 'keep me',
          region_id: 'cn-beijing',
          output_format: 'json',
          language: 'en',
          site: 'international',
          retry_count: 3,
          auto_plugin_install: true,
        },
        aliyunStyle.profiles[1],
      ],
      x_top_level: { a: 1 },
      meta_path: '',
    };
    expect(readFileSync(path, 'utf8')).toBe(tab(expected));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes a new file like the aliyun CLI: tabs, no trailing newline, mode 0600, in a 0700 folder it creates', async () => {
    const dir = join(folder(), 'nested', '.aliyun');
    const path = join(dir, 'config.json');
    await updateConfig(path, (config) => {
      config.profiles.push({ name: 'a', mode: 'AK' });
      config.current = 'a';
    });
    expect(readFileSync(path, 'utf8')).toBe('{\n\t"current": "a",\n\t"profiles": [\n\t\t{\n\t\t\t"name": "a",\n\t\t\t"mode": "AK"\n\t\t}\n\t],\n\t"meta_path": ""\n}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('writes 0600 even over a file that was world-readable', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, tab(aliyunStyle), { mode: 0o644 });
    await updateConfig(path, (config) => void (config.current = 'legacy'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never overwrites a file that does not parse, and does not call the change', async () => {
    const path = join(folder(), 'config.json');
    const broken = '{\n\t"current": "ops",\n\t"profiles": [\n\t\t{"name": "ops", "mode": "AK",}\n\t]\n}';
    writeFileSync(path, broken);
    let called = false;
    const error = await updateConfig(path, () => void (called = true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/config\.json:4:32: /);
    expect(called).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(broken);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('writes nothing when the change throws, and creates no folder for a refused change', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, tab(aliyunStyle));
    const refuse = (config: ConfigFile) => {
      config.current = 'legacy';
      throw new InputError('no');
    };
    await expect(updateConfig(path, refuse)).rejects.toThrow('no');
    expect(readFileSync(path, 'utf8')).toBe(tab(aliyunStyle));
    expect(existsSync(`${path}.lock`)).toBe(false);

    const missing = join(folder(), 'not-yet', 'config.json');
    await expect(updateConfig(missing, refuse)).rejects.toThrow('no');
    expect(existsSync(join(missing, '..'))).toBe(false);
  });

  it('keeps current naming a profile: a deleted current becomes the first remaining one, or empty', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, tab(aliyunStyle));
    let config = await updateConfig(path, (c) => void (c.profiles = c.profiles.filter((p) => p.name !== 'ops')));
    expect(config.current).toBe('legacy');
    config = await updateConfig(path, (c) => void (c.profiles = []));
    expect(config.current).toBe('');
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('');
  });

  it('mends a dangling current left by another tool on its next write', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, tab({ ...aliyunStyle, current: 'gone' }));
    const config = await updateConfig(path, () => {});
    expect(config.current).toBe('ops');
  });

  it('does not rewrite a file the change leaves as it is', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, tab(aliyunStyle), { mode: 0o600 });
    const before = statSync(path);
    await updateConfig(path, (c) => void (c.current = 'ops'));
    expect(statSync(path).ino).toBe(before.ino);
  });

  it('writes through a symlinked config.json, which stays a symlink', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'dotfiles'));
    const real = join(dir, 'dotfiles', 'aliyun.json');
    writeFileSync(real, tab(aliyunStyle));
    const link = join(dir, 'config.json');
    symlinkSync(real, link);
    await updateConfig(link, (c) => void (c.current = 'legacy'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).current).toBe('legacy');
  });

  it('lets concurrent updates in one process all land', async () => {
    const path = join(folder(), 'config.json');
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        updateConfig(path, (c) => void c.profiles.push({ name: `p${i}`, mode: 'AK' })),
      ),
    );
    const { config } = await readConfig(path);
    expect(config.profiles.map((p) => p.name).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `p${i}`).sort());
  });
});

describe('serializeConfig', () => {
  it("escapes < > & like Go's encoder, so the aliyun CLI's next save changes nothing, and reads back the same", () => {
    const config = { ...emptyConfig(), profiles: [{ name: 'x', mode: 'External', process_command: 'a && b <c> "d" \\b \b' }] };
    const text = serializeConfig(config);
    expect(text).toContain('"a \\u0026\\u0026 b \\u003cc\\u003e \\"d\\" \\\\b \\u0008"');
    expect(text.endsWith('}')).toBe(true);
    expect(parseConfig(text, 'x')).toEqual(config);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
