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

describe('numbers as written', () => {
  /** A file in the aliyun CLI's layout, by hand, with numbers JSON.parse and JSON.stringify would change. */
  const written = [
    '{',
    '\t"current": "ops",',
    '\t"profiles": [',
    '\t\t{',
    '\t\t\t"name": "ops",',
    '\t\t\t"mode": "EcsRamRole",',
    '\t\t\t"region_id": "cn-hangzhou",',
    '\t\t\t"x_big": 12345678901234567890,',
    '\t\t\t"x_one": 1.0,',
    '\t\t\t"x_nested": {',
    '\t\t\t\t"list": [',
    '\t\t\t\t\t1E5,',
    '\t\t\t\t\t-0,',
    '\t\t\t\t\t0.10,',
    '\t\t\t\t\t1e400,',
    '\t\t\t\t\t3',
    '\t\t\t\t]',
    '\t\t\t}',
    '\t\t},',
    '\t\t{',
    '\t\t\t"name": "legacy",',
    '\t\t\t"mode": "EcsRamRole",',
    '\t\t\t"region_id": "cn-shanghai"',
    '\t\t}',
    '\t],',
    '\t"num": 12345678901234567890,',
    '\t"x_deep": [',
    '\t\t[',
    '\t\t\t{',
    '\t\t\t\t"f": 2.50,',
    '\t\t\t\t"g": 9007199254740993',
    '\t\t\t}',
    '\t\t]',
    '\t],',
    '\t"meta_path": ""',
    '}',
  ].join('\n');

  it('keeps every number it does not own byte for byte through a rewrite, at any depth', async () => {
    const path = join(folder(), 'config.json');
    writeFileSync(path, written);
    await updateConfig(path, (c) => void (c.current = 'legacy'));
    expect(readFileSync(path, 'utf8')).toBe(written.replace('"current": "ops"', '"current": "legacy"'));
    expect(await runConfigure(['set', '--profile', 'ops', '--region', 'cn-beijing', '--config-path', path])).toMatchObject({ code: 0 });
    expect(readFileSync(path, 'utf8')).toBe(written.replace('"cn-hangzhou"', '"cn-beijing"'));
  });

  it('gives the model plain numbers for ordinary values, and the written form for the others', () => {
    const config = parseConfig('{"profiles": [], "a": 3, "b": 0.5, "c": -12, "d": 1e-7, "big": 12345678901234567890, "one": 1.0}', 'x');
    expect([config.a, config.b, config.c, config.d]).toEqual([3, 0.5, -12, 1e-7]);
    expect(String(config.big)).toBe('12345678901234567890');
    expect(String(config.one)).toBe('1.0');
    // JSON.stringify (configure get --format json) gets the nearest number, not an object.
    expect(JSON.stringify({ big: config.big, one: config.one })).toBe('{"big":12345678901234567000,"one":1}');
    expect(serializeConfig(config)).toContain('\t"big": 12345678901234567890,\n\t"one": 1.0,\n');
  });

  it('reads a repeated key as JSON.parse does: the last value, in the first place', () => {
    const text = '{"current": "a", "profiles": [], "x": 1, "current": "b", "x": 2.0}';
    const config = parseConfig(text, 'x');
    expect(Object.keys(config)).toEqual(Object.keys(JSON.parse(text)));
    expect(config.current).toBe('b');
    expect(String(config.x)).toBe('2.0');
  });

  it.each([
    ['3600.0', 3600],
    ['3.6e3', 3600],
    ['36E2', 3600],
    ['0.0', 0],
  ])('reads an owned int written as %s as the number %d, leaves the file alone on a no-op, and writes it plainly on a change', async (literal, value) => {
    const path = join(folder(), 'config.json');
    const text = `{\n\t"current": "r",\n\t"profiles": [\n\t\t{\n\t\t\t"name": "r",\n\t\t\t"mode": "AK",\n\t\t\t"expired_seconds": ${literal},\n\t\t\t"x": 1.0\n\t\t}\n\t],\n\t"meta_path": ""\n}`;
    writeFileSync(path, text);
    const { config } = await readConfig(path);
    expect(config.profiles[0].expired_seconds).toBe(value);
    await updateConfig(path, (c) => void (c.current = 'r'));
    expect(readFileSync(path, 'utf8')).toBe(text);
    await updateConfig(path, (c) => void c.profiles.push({ name: 'n', mode: 'AK' }));
    // The aliyun CLI's Go decoder reads only a plain integer into an int field: the one key aliaudit owns is mended.
    expect(readFileSync(path, 'utf8')).toContain(`"expired_seconds": ${value},\n\t\t\t"x": 1.0\n`);
  });

  it.each([
    ['a fraction', '"expired_seconds": 3600.5', 'expired_seconds must be a whole number, not a fraction'],
    ['a fraction Number would round to a whole one', '"expired_seconds": 3600.0000000000001', 'expired_seconds must be a whole number, not a fraction'],
    ['a tiny fraction', '"read_timeout": 1e-400', 'read_timeout must be a whole number, not a fraction'],
    ['an integer past 2^53', '"sts_expiration": 12345678901234567890', 'sts_expiration must be a whole number between -9007199254740991 and 9007199254740991'],
    ['an overflowing exponent', '"retry_count": 1e400', 'retry_count must be a whole number between -9007199254740991 and 9007199254740991'],
    ['a number in a string field', '"access_key_secret": 1234567890.0', 'access_key_secret must be a string, not a number'],
    ['a fraction in a string field', '"access_key_secret": 1234567890.5', 'access_key_secret must be a string, not a fraction'],
  ])('refuses %s in a key it owns, by type only, and never overwrites the file', async (_what, entry, problem) => {
    const path = join(folder(), 'config.json');
    const text = `{"current": "a", "profiles": [{"name": "a", "mode": "AK", ${entry}}]}`;
    writeFileSync(path, text);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, (c) => void (c.current = 'a'))]) {
      const error = (await attempt().catch((e: unknown) => e)) as InputError;
      expect(error).toBeInstanceOf(InputError);
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`${path}: profiles[0] ("a"): ${problem}`);
      // The value itself is never quoted (the random folder in the path may hold "1e" by chance: only the rest counts).
      expect(error.message.slice(path.length)).not.toMatch(/1234567890|3600|1e/);
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
