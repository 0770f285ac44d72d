import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { lockPathFor, READ_NO_WAIT } from '../../profiles/lock.js';
import type { ConfigFile } from '../../profiles/model.js';
import { ProfileStore, readConfig, updateConfig } from '../../profiles/store.js';
import { hintOf } from '../helpers/hint.js';

/*
 * Files a careless or hostile hand left where aliaudit reads and writes: each is refused with an InputError and left
 * as it was, never blocks, never crashes, never gets a raw Node error.
 */

const unix = process.platform !== 'win32';
const FAST = { timeout: 5_000 };
const tab = (value: unknown) => JSON.stringify(value, null, '\t');
const config = { current: 'ops', profiles: [{ name: 'ops', mode: 'AK' }, { name: 'dev', mode: 'AK' }], meta_path: '' };
const switchTo = (name: string) => (c: ConfigFile) => void (c.current = name);

/** A temp folder with config.json holding `initial` (null: no file). */
function setup(initial: unknown = config) {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-hostile-'));
  const path = join(dir, 'config.json');
  if (initial !== null) writeFileSync(path, typeof initial === 'string' ? initial : tab(initial));
  return { dir, path };
}

async function refusal(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  expect(hintOf(error)).toBeTruthy();
  return error as InputError;
}

const fifos: string[] = [];
const servers: Server[] = [];

function mkfifo(path: string): string {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  fifos.push(path);
  return path;
}

async function socketAt(path: string): Promise<string> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(path, done));
  return path;
}

afterEach(async () => {
  // Should a regression block on a FIFO, a writer lets the stuck read go, so the test fails instead of the suite hanging.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting: nothing blocked.
    }
  }
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

describe.runIf(unix)('files that are not regular files', () => {
  it('refuses a FIFO at the config path, reading or updating, and leaves it a FIFO', FAST, async () => {
    const { path } = setup(null);
    mkfifo(path);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('ops'))]) {
      expect((await refusal(attempt())).message).toBe(`${path} is a FIFO, not a file`);
    }
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('refuses the FIFO before it takes or waits for the lock', FAST, async () => {
    const { path } = setup(null);
    mkfifo(path);
    mkdirSync(lockPathFor(path));
    const owner = { pid: process.pid, host: hostname(), token: 'another', since: new Date().toISOString() };
    writeFileSync(join(lockPathFor(path), 'owner'), JSON.stringify(owner));
    expect((await refusal(updateConfig(path, switchTo('ops')))).message).toBe(`${path} is a FIFO, not a file`);
  });

  it('refuses a symlinked config.json that leads to a FIFO', FAST, async () => {
    const { dir, path } = setup(null);
    const fifo = mkfifo(join(dir, 'pipe'));
    symlinkSync(fifo, path);
    expect((await refusal(readConfig(path))).message).toBe(`${path} is a FIFO, not a file`);
    expect((await refusal(updateConfig(path, switchTo('ops')))).message).toBe(`${fifo} is a FIFO, not a file`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses a Unix socket at the config path', FAST, async () => {
    const { path } = setup(null);
    await socketAt(path);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('ops'))]) {
      expect((await refusal(attempt())).message).toBe(`${path} is a socket, not a file`);
    }
    expect(lstatSync(path).isSocket()).toBe(true);
  });

  it('refuses a device, given directly or through a symlink, and takes no lock beside it', FAST, async () => {
    expect((await refusal(readConfig('/dev/zero'))).message).toBe('/dev/zero is a device, not a file');
    const { path } = setup(null);
    symlinkSync('/dev/null', path);
    expect((await refusal(readConfig(path))).message).toBe(`${path} is a device, not a file`);
    expect((await refusal(updateConfig(path, switchTo('ops')))).message).toBe('/dev/null is a device, not a file');
    expect(existsSync('/dev/null.lock')).toBe(false);
  });

  it.each([
    ['a FIFO', (path: string) => void mkfifo(path)],
    ['a file', (path: string) => writeFileSync(path, 'mine')],
  ])('refuses %s at the lock path, reading or updating, even an old one, and leaves it as it was', FAST, async (what, make) => {
    const { path } = setup();
    const lock = lockPathFor(path);
    make(lock);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lock, old, old);
    const modified = lstatSync(lock).mtimeMs;
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('dev'))]) {
      const error = await refusal(attempt());
      expect(error.message).toBe(`${lock} is ${what}, not a lock folder`);
      expect(hintOf(error)).toContain(`remove ${lock}`);
    }
    expect(lstatSync(lock).mtimeMs).toBe(modified);
    if (what === 'a file') expect(readFileSync(lock, 'utf8')).toBe('mine');
    expect(readFileSync(path, 'utf8')).toBe(tab(config));
  });

  it('refuses a FIFO or socket named like a temp file of a dead writer, and leaves it', FAST, async () => {
    const { dir, path } = setup();
    const fifo = mkfifo(join(dir, `.config.json.${deadPid()}.0123456789ab.tmp`));
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('dev'))]) {
      expect((await refusal(attempt())).message).toBe(`${fifo} is a FIFO, not a file`);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    rmSync(fifo);
    const socket = await socketAt(join(dir, `.config.json.${deadPid()}.ba9876543210.tmp`));
    expect((await refusal(updateConfig(path, switchTo('dev')))).message).toBe(`${socket} is a socket, not a file`);
    expect(readFileSync(path, 'utf8')).toBe(tab(config));
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('opens for reading with a flag that does not wait for a FIFO writer', FAST, async () => {
    const { dir } = setup(null);
    const handle = await open(mkfifo(join(dir, 'pipe')), READ_NO_WAIT);
    expect((await handle.stat()).isFIFO()).toBe(true);
    await handle.close();
  });

  it('keeps saying "is a folder" for a folder at the config path', async () => {
    const { path } = setup(null);
    mkdirSync(path);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('ops'))]) {
      expect((await refusal(attempt())).message).toBe(`${path} is a folder, not a config file`);
    }
  });
});

describe('temp files left by a killed writer', () => {
  const tempOf = (dir: string, pid: number) => join(dir, `.config.json.${pid}.a1b2c3d4e5f6.tmp`);

  it('removes one whose process is gone, on the next update', async () => {
    const { dir, path } = setup();
    const temp = tempOf(dir, deadPid());
    writeFileSync(temp, '{"current": "half a file');
    await updateConfig(path, switchTo('dev'));
    expect(existsSync(temp)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('dev');
  });

  it('leaves one whose process lives, and removes it once it is older than 10 minutes', async () => {
    const { dir, path } = setup();
    const temp = tempOf(dir, process.pid);
    writeFileSync(temp, 'being written');
    await readConfig(path);
    await updateConfig(path, switchTo('dev'));
    expect(readFileSync(temp, 'utf8')).toBe('being written');
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(temp, old, old);
    await updateConfig(path, switchTo('ops'));
    expect(existsSync(temp)).toBe(false);
  });
});

describe('a lock held by a live process', () => {
  it('says once, after a second, which pid it waits for, then updates when the lock goes', async () => {
    const { path } = setup();
    const holder = spawn('sleep', ['30']);
    try {
      mkdirSync(lockPathFor(path));
      const owner = { pid: holder.pid, host: hostname(), token: 'planted', since: new Date().toISOString() };
      writeFileSync(join(lockPathFor(path), 'owner'), JSON.stringify(owner));
      setTimeout(() => rmSync(lockPathFor(path), { recursive: true, force: true }), 1_500);
      const told: string[] = [];
      const store = new ProfileStore(path, { onWait: (message) => told.push(message) });
      await store.update(switchTo('dev'));
      expect(told).toEqual([`waiting for the lock held by pid ${holder.pid}`]);
      expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('dev');
    } finally {
      holder.kill();
    }
  });
});

describe('nothing rewritten that did not change', () => {
  it.each([
    ['4-space indentation (the Node credentials SDK)', JSON.stringify(config, null, 4)],
    ['a trailing newline', `${tab(config)}\n`],
    ['no "current" and no "meta_path"', JSON.stringify({ profiles: config.profiles })],
  ])('leaves a file with %s byte for byte alone on a no-op, and rewrites it on a real change', async (_what, text) => {
    const { path } = setup(text);
    const old = new Date('2024-01-02T03:04:05Z');
    utimesSync(path, old, old);
    const parsed = (await readConfig(path)).config;
    await updateConfig(path, switchTo(parsed.current));
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).mtimeMs).toBe(old.getTime());

    await updateConfig(path, switchTo('dev'));
    expect(readFileSync(path, 'utf8')).toBe(tab({ ...parsed, current: 'dev' }));
  });
});

describe('duplicate profile names', () => {
  it('refuses a file where two profiles share a name, naming both, and never overwrites it', async () => {
    const text = tab({ current: 'a', profiles: ['a', 'ops', 'b', 'ops'].map((name) => ({ name, mode: 'AK' })) });
    const { path } = setup(text);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('b'))]) {
      const error = await refusal(attempt());
      expect(error.message).toBe(`${path}: profiles[1] and profiles[3] are both named "ops"`);
      expect(hintOf(error)).toMatch(/rename or remove one .* by hand/);
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('deeply nested values under unknown keys', () => {
  const deep = (open: string, close: string, inner = '') => `${open.repeat(100_000)}${inner}${close.repeat(100_000)}`;

  it.each([
    ['nested arrays', `{"current": "ops", "profiles": [], "x_deep": ${deep('[', ']')}}`],
    ['nested objects', `{"current": "ops", "profiles": [], "x_deep": ${deep('{"a": ', '}', '1')}}`],
    ['nested arrays in a broken file', `{"current": "ops", "profiles": [], "x_deep": ${'['.repeat(100_000)}`],
    ['nested arrays inside a profile', `{"profiles": [{"name": "ops", "mode": "AK", "x": ${deep('[', ']')}}]}`],
  ])('refuses 100,000 %s with the depth limit, and never overwrites the file', async (_what, text) => {
    const { path } = setup(text);
    for (const attempt of [() => readConfig(path), () => updateConfig(path, switchTo('ops'))]) {
      expect((await refusal(attempt())).message).toMatch(new RegExp(`^${escape(path)}:1:\\d+: nested more than 64 levels deep`));
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps a value nested 60 deep through a rewrite, and counts no bracket inside a string', async () => {
    const nested = JSON.parse(deep('[', ']').slice(99_940, 100_060)) as unknown;
    const initial = { ...config, x_deep: nested, x_text: '['.repeat(100) };
    const { path } = setup(initial);
    await updateConfig(path, switchTo('dev'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...initial, current: 'dev' });
  });
});

describe('paths that cannot hold a config file', () => {
  it.each([
    ['whose folder is a file', (dir: string) => join(dir, 'file', 'config.json')],
    ['below a file', (dir: string) => join(dir, 'file', 'aliyun', 'config.json')],
  ])('refuses a path %s, naming the file in the way', async (_what, pathIn) => {
    const { dir } = setup(null);
    writeFileSync(join(dir, 'file'), 'not a folder');
    const path = pathIn(dir);
    for (const [attempt, verb] of [[() => readConfig(path), 'read'], [() => updateConfig(path, switchTo('ops')), 'change']] as const) {
      const error = await refusal(attempt());
      expect(error.message).toBe(`cannot ${verb} ${path}: ${join(dir, 'file')} is not a folder`);
      expect(hintOf(error)).toContain('--config-path');
    }
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('not a folder');
  });

  it.runIf(process.platform === 'linux')('refuses a folder that cannot be made (under /proc) at once, with the reason', async () => {
    const path = '/proc/1/nope/aliyun/config.json';
    const error = await refusal(updateConfig(path, switchTo('ops')));
    expect(error.message).toBe(`cannot change ${path}: /proc/1/nope/aliyun cannot be created: /proc/1 does not take new folders (ENOENT)`);
    expect(hintOf(error)).toContain('--config-path');
  });

  it.runIf(unix)('refuses a symlink loop', async () => {
    const { path } = setup(null);
    symlinkSync(path, path);
    expect((await refusal(readConfig(path))).message).toBe(`cannot read ${path}: its symlinks form a loop`);
    expect((await refusal(updateConfig(path, switchTo('ops')))).message).toBe(`cannot change ${path}: its symlinks form a loop`);
  });
});

describe.runIf(unix)('a config file the user made read-only', () => {
  /** What a refusal must leave: the file's bytes, mode and mtime, and nothing beside it. */
  function untouched(dir: string, path: string, text: string, mode: number) {
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).mode & 0o7777).toBe(mode);
    expect(statSync(path).mtimeMs).toBe(new Date('2024-01-02T03:04:05Z').getTime());
    expect(readdirSync(dir).sort()).toEqual(['config.json']);
  }

  function readOnly(mode: number) {
    const { dir, path } = setup();
    chmodSync(path, mode);
    const old = new Date('2024-01-02T03:04:05Z');
    utimesSync(path, old, old);
    return { dir, path, text: tab(config) };
  }

  it.each([0o400, 0o444, 0o555])('refuses to replace a %o file, even as root, naming it and the chmod, before the change or the lock', async (mode) => {
    const { dir, path, text } = readOnly(mode);
    let called = false;
    const error = await refusal(updateConfig(path, () => void (called = true)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`cannot change ${path}: it is read-only (mode 0${mode.toString(8)})`);
    expect(hintOf(error)).toBe(`chmod u+w ${path}, if you mean aliaudit to change it`);
    expect(called).toBe(false);
    untouched(dir, path, text, mode);
    // Reading is fine.
    expect((await readConfig(path)).config.current).toBe('ops');
  });

  it('refuses a change that would leave it as it is too: the refusal does not depend on what was asked', async () => {
    const { dir, path, text } = readOnly(0o400);
    expect((await refusal(updateConfig(path, switchTo('ops')))).message).toContain('is read-only');
    untouched(dir, path, text, 0o400);
  });

  it('refuses through a symlink, naming the link and the read-only file it leads to', async () => {
    const { dir, path, text } = readOnly(0o400);
    const link = join(mkdtempSync(join(tmpdir(), 'aliaudit-link-')), 'config.json');
    symlinkSync(path, link);
    const error = await refusal(updateConfig(link, switchTo('dev')));
    expect(error.message).toBe(`cannot change ${link}: the file it links to, ${path}, is read-only (mode 0400)`);
    expect(hintOf(error)).toContain(`chmod u+w ${path}`);
    untouched(dir, path, text, 0o400);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses a 0000 file as one it may not open, as root too', async () => {
    const { dir, path, text } = readOnly(0o000);
    const error = await refusal(updateConfig(path, switchTo('dev')));
    expect(error.message).toBe(`cannot change ${path}: permission denied`);
    expect(hintOf(error)).toContain(`chmod 600 ${path}`);
    untouched(dir, path, text, 0o000);
  });

  it('changes it once the user gives the write bit back, and writes it 0600', async () => {
    const { path } = readOnly(0o400);
    chmodSync(path, 0o600);
    await updateConfig(path, switchTo('dev'));
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('dev');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe.runIf(unix)('a symlink to a config file that does not exist yet', () => {
  it('refuses one into a folder that does not exist, naming the link and its target, and creates nothing', async () => {
    const { dir, path } = setup(null);
    const target = join(dir, 'dotfiles', 'aliyun', 'config.json');
    symlinkSync(target, path);
    let called = false;
    const error = await refusal(updateConfig(path, () => void (called = true)));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`cannot change ${path}: it is a symlink to ${target}, and ${dirname(target)} does not exist`);
    expect(hintOf(error)).toBe(`create the folder (mkdir -p ${dirname(target)}), or point the link at the file you mean (ln -sfn <file> ${path})`);
    expect(called).toBe(false);
    expect(readdirSync(dir)).toEqual(['config.json']);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    // Reading it is reading no file: an empty config.
    expect(await readConfig(path)).toMatchObject({ exists: false });
  });

  it('refuses a config path below a folder symlink that leads nowhere', async () => {
    const { dir } = setup(null);
    const folderLink = join(dir, '.aliyun');
    symlinkSync(join(dir, 'moved', 'aliyun'), folderLink);
    const path = join(folderLink, 'config.json');
    const error = await refusal(updateConfig(path, switchTo('ops')));
    expect(error.message).toBe(`cannot change ${path}: ${folderLink} is a symlink to ${join(dir, 'moved', 'aliyun')}, which does not exist`);
    expect(hintOf(error)).toContain(`ln -sfn <folder> ${folderLink}`);
    expect(readdirSync(dir)).toEqual(['.aliyun']);
  });

  it('creates the file a link points to when its folder is there (a dotfiles manager linked it first), and the link stays', async () => {
    const { dir, path } = setup(null);
    mkdirSync(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'aliyun.json');
    symlinkSync('dotfiles/aliyun.json', path);
    await updateConfig(path, (c) => void c.profiles.push({ name: 'ops', mode: 'AK' }));
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).profiles).toEqual([{ name: 'ops', mode: 'AK' }]);
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('follows a chain of links to the name that is missing, and replaces none of them', async () => {
    const { dir, path } = setup(null);
    mkdirSync(join(dir, 'real'));
    const middle = join(dir, 'middle.json');
    const target = join(dir, 'real', 'config.json');
    symlinkSync(middle, path);
    symlinkSync(target, middle);
    await updateConfig(path, (c) => void c.profiles.push({ name: 'ops', mode: 'AK' }));
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(lstatSync(middle).isSymbolicLink()).toBe(true);
    expect(lstatSync(target).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).current).toBe('');
  });
});

describe.runIf(unix)('permission denied', () => {
  /** A folder the unprivileged user can reach, holding config.json, with the given modes. */
  function locked(folderMode: number, fileMode?: number) {
    const base = mkdtempSync(join(tmpdir(), 'aliaudit-perm-'));
    chmodSync(base, 0o755);
    const folder = join(base, 'aliyun');
    mkdirSync(folder);
    const path = join(folder, 'config.json');
    writeFileSync(path, tab(config));
    if (fileMode !== undefined) chmodSync(path, fileMode);
    chmodSync(folder, folderMode);
    return { folder, path };
  }

  it('refuses a config file it may not read, naming the chmod that fixes it', async () => {
    const { path } = locked(0o777, 0o000);
    for (const [call, verb] of [['read', 'read'], ['update', 'change']] as const) {
      const outcome = await unprivileged(call, path);
      expect(outcome).toMatchObject({ name: 'InputError', exitCode: 2, message: `cannot ${verb} ${path}: permission denied` });
      expect(outcome.hint).toContain(`chmod 600 ${path}`);
    }
  });

  it('refuses to change a file in a folder it may not write, and still reads it', async () => {
    const { folder, path } = locked(0o555, 0o644);
    expect(await unprivileged('read', path)).toEqual({ ok: true });
    const outcome = await unprivileged('update', path);
    expect(outcome).toMatchObject({ name: 'InputError', exitCode: 2, message: `cannot change ${path}: permission denied` });
    expect(outcome.hint).toContain(`chmod 700 ${folder}`);
  });

  it('refuses a config file in a folder it may not enter', async () => {
    const { folder, path } = locked(0o000);
    for (const [call, verb] of [['read', 'read'], ['update', 'change']] as const) {
      const outcome = await unprivileged(call, path);
      expect(outcome).toMatchObject({ name: 'InputError', exitCode: 2, message: `cannot ${verb} ${path}: permission denied` });
      expect(outcome.hint).toContain(`chmod 700 ${folder}`);
    }
  });
});

interface Outcome {
  ok?: true;
  name?: string;
  message?: string;
  hint?: string;
  exitCode?: number;
}

const asRoot = process.getuid?.() === 0;
let runner: Promise<string> | undefined;

/**
 * readConfig, or an update that changes `current`, as a user file modes apply to. Root passes every permission
 * check, so as root the call runs in a child process as nobody, from a bundle of profiles/store.ts.
 */
async function unprivileged(call: 'read' | 'update', path: string): Promise<Outcome> {
  if (!asRoot) {
    const attempt = call === 'read' ? readConfig(path) : updateConfig(path, switchTo('dev'));
    return attempt.then(
      () => ({ ok: true }),
      (e: InputError) => ({ name: e.name, message: e.message, hint: hintOf(e), exitCode: e.exitCode }),
    );
  }
  runner ??= bundleRunner();
  const { stdout } = await promisify(execFile)(process.execPath, [await runner, call, path], { uid: 65534, gid: 65534, timeout: 10_000 });
  return JSON.parse(stdout) as Outcome;
}

async function bundleRunner(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-runner-'));
  chmodSync(dir, 0o755);
  const outfile = join(dir, 'runner.mjs');
  const contents = `
    import { readConfig, updateConfig } from './store.ts';
    const [call, path] = process.argv.slice(2);
    const attempt = call === 'read' ? readConfig(path) : updateConfig(path, (c) => void (c.current = 'dev'));
    const outcome = await attempt.then(
      () => ({ ok: true }),
      (e) => ({ name: e.name, message: e.message, hint: e.hint && [e.hint.text, e.hint.command].filter(Boolean).join(': aliaudit '), exitCode: e.exitCode }),
    );
    process.stdout.write(JSON.stringify(outcome));`;
  const resolveDir = resolve(import.meta.dirname, '..', '..', 'profiles');
  await build({ stdin: { contents, resolveDir, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  chmodSync(outfile, 0o644);
  return outfile;
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
