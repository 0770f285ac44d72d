import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../src/core/errors.js';
import { findJsonSyntaxProblem } from '../src/core/json-syntax.js';
import { type ConfigFile, emptyConfig, findProfile, PROFILE_KEYS, type ProfileKeyType } from './model.js';
import { withLock } from './lock.js';

/** Reads config.json. A missing (or empty) file is an empty config; a broken one is an InputError with its position. */
export async function readConfig(path: string): Promise<{ config: ConfigFile; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: emptyConfig(), exists: false };
    throw unreadable(path, error);
  }
  return { config: parseConfig(text, path), exists: true };
}

/**
 * Changes config.json under a lock: re-reads it, applies `change` (which throws to refuse: nothing is written), keeps
 * `current` naming a profile, and replaces the file atomically. Keys aliaudit does not know keep their place.
 */
export async function updateConfig(
  path: string,
  change: (config: ConfigFile) => void | Promise<void>,
): Promise<ConfigFile> {
  const target = await followLink(path);
  const folder = dirname(target);
  if (!(await isFolder(folder))) {
    // Try the change first, so that a refused one leaves nothing behind, not even an empty folder.
    await change(emptyConfig());
    await mkdir(folder, { recursive: true, mode: 0o700 });
  }
  return withLock(target, async () => {
    let before: string | undefined;
    try {
      before = await readFile(target, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(target, error);
    }
    const config = before === undefined ? emptyConfig() : parseConfig(before, target);
    await change(config);
    keepCurrentValid(config);
    const after = serializeConfig(config);
    if (after !== before) await writeAtomically(target, after);
    return config;
  });
}

/** The aliyun CLI's layout: tabs, no trailing newline, and Go's escapes for < > & so its next save changes nothing. */
export function serializeConfig(config: ConfigFile): string {
  return JSON.stringify(config, null, '\t').replace(/\\(?:u[0-9a-fA-F]{4}|[^u])|[<>&\u2028\u2029]/g, (token) => {
    if (token === '\\b') return '\\u0008';
    if (token === '\\f') return '\\u000c';
    if (token.length === 1) return `\\u${token.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return token;
  });
}

export function parseConfig(text: string, path: string): ConfigFile {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = text.slice(bom);
  if (body.trim() === '') return emptyConfig();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const found = findJsonSyntaxProblem(body) ?? { line: 1, column: 1, problem: 'not valid JSON' };
    throw new InputError(`${path}:${found.line}:${found.column}: ${found.problem}`, brokenFileHint(path));
  }
  return checkShape(value, path);
}

/** Deleting or renaming profiles must never leave `current` naming nothing (the aliyun CLI's issues #254, #65). */
function keepCurrentValid(config: ConfigFile): void {
  if (typeof config.current !== 'string') config.current = '';
  if (config.current !== '' && !findProfile(config, config.current)) config.current = config.profiles[0]?.name ?? '';
}

const KEY_TYPES = new Map<string, ProfileKeyType>(PROFILE_KEYS);

function checkShape(value: unknown, path: string): ConfigFile {
  const wrong = (problem: string) => new InputError(`${path}: ${problem}`, brokenFileHint(path));
  if (!isObject(value)) throw wrong(`the file must hold an object ({"current": …, "profiles": […]}), not ${kind(value)}`);
  if (value.current === undefined || value.current === null) value.current = '';
  else if (typeof value.current !== 'string') throw wrong(`"current" must be a string, not ${kind(value.current)}`);
  if (value.profiles === undefined || value.profiles === null) value.profiles = [];
  else if (!Array.isArray(value.profiles)) throw wrong(`"profiles" must be an array, not ${kind(value.profiles)}`);
  if (value.meta_path !== undefined && value.meta_path !== null && typeof value.meta_path !== 'string') {
    throw wrong(`"meta_path" must be a string, not ${kind(value.meta_path)}`);
  }
  (value.profiles as unknown[]).forEach((profile, index) => {
    const where = `profiles[${index}]`;
    if (!isObject(profile)) throw wrong(`${where} must be an object, not ${kind(profile)}`);
    if (typeof profile.name !== 'string') throw wrong(`${where} has no "name" string`);
    const label = `${where} ("${profile.name}")`;
    if (typeof profile.mode !== 'string') throw wrong(`${label} has no "mode" string`);
    for (const [key, field] of Object.entries(profile)) {
      const type = KEY_TYPES.get(key);
      if (!type || field === null) continue;
      if (type === 'string' && typeof field !== 'string') throw wrong(`${label}: ${key} must be a string, not ${kind(field)}`);
      if (type === 'int' && !Number.isInteger(field)) throw wrong(`${label}: ${key} must be a whole number, not ${kind(field)}`);
      if (type === 'bool' && typeof field !== 'boolean') throw wrong(`${label}: ${key} must be true or false, not ${kind(field)}`);
    }
  });
  return value as ConfigFile;
}

function brokenFileHint(path: string): string {
  return `fix ${path} by hand (aliaudit will not overwrite a file it cannot read)`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a value by its type only: the value itself may be a secret. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a number' : 'a fraction';
  return { string: 'a string', boolean: 'true/false', object: 'an object' }[typeof value as string] ?? typeof value;
}

function unreadable(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return new InputError(`${path} is a folder, not a config file`, 'pass the path of config.json with --config-path');
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError(`cannot read ${path}: permission denied`, `make it yours and readable: chmod 600 ${path}`);
  }
  return error as Error;
}

/** A config.json that is a symlink (dotfiles) stays one: write to the file it points at. */
async function followLink(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    if ((await lstat(path)).isSymbolicLink()) return resolve(dirname(path), await readlink(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return path;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Temp file in the same folder, 0600, fsync, rename over the target, fsync the folder: all or nothing. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename itself is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** One config.json: read it, or change it under the lock (see updateConfig). */
export class ProfileStore {
  constructor(readonly path: string) {}

  read(): Promise<{ config: ConfigFile; exists: boolean }> {
    return readConfig(this.path);
  }

  update(change: (config: ConfigFile) => void | Promise<void>): Promise<ConfigFile> {
    return updateConfig(this.path, change);
  }
}
