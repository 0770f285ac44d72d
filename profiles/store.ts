import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AliauditError, InputError } from '../src/core/errors.js';
import { DirectoryError, makeDirectories } from '../src/core/paths.js';
import { findDeepNesting, findJsonSyntaxProblem } from '../src/core/json-syntax.js';
import { type ConfigFile, emptyConfig, findProfile, PROFILE_KEYS, type ProfileKeyType } from './model.js';
import { isWrittenNumber, parseKeepingNumbers, stringifyKeepingNumbers, wholeNumber } from './json-numbers.js';
import { acquireLock, checkLockPath, fileType, processAlive, READ_NO_WAIT } from './lock.js';

export interface StoreOptions {
  /** Told once when an update has waited a second for another process's lock (see LockOptions). */
  onWait?: (message: string) => void;
}

/** Reads config.json. A missing (or empty) file is an empty config; a broken one is an InputError with its position. */
export async function readConfig(path: string): Promise<{ config: ConfigFile; exists: boolean }> {
  const text = await checkAndRead(path).catch(failure(path, 'read'));
  if (text === undefined) return { config: emptyConfig(), exists: false };
  return { config: parseConfig(text, path), exists: true };
}

/** A lock path or temp file that an update would refuse fails a read too, so the problem shows at once. */
async function checkAndRead(path: string): Promise<string | undefined> {
  const text = await readText(path);
  const target = await followLink(path);
  await checkLockPath(target);
  await leftTempFiles(target);
  return text;
}

/**
 * Changes config.json under a lock: re-reads it, applies `change` (which throws to refuse: nothing is written), keeps
 * `current` naming a profile, and replaces the file atomically. Keys aliaudit does not know keep their place.
 */
export async function updateConfig(
  path: string,
  change: (config: ConfigFile) => void | Promise<void>,
  options: StoreOptions = {},
): Promise<ConfigFile> {
  const target = await followLink(path).catch(failure(path, 'change'));
  // Before any lock is made beside it: /dev/null.lock is not ours to create.
  if (await isFile(target).catch(failure(target, 'change'))) {
    // Before the lock too: nothing is made beside a file the user made read-only.
    await mustBeWritable(path, target).catch(failure(target, 'change'));
  }
  const folder = dirname(target);
  if (!(await isFolder(folder).catch(failure(target, 'change')))) {
    await refuseDanglingLink(path, target).catch(failure(path, 'change'));
    // Try the change first, so that a refused one leaves nothing behind, not even an empty folder.
    await change(emptyConfig());
    await makeDirectories(folder, { mode: 0o700 }).catch(failure(target, 'change'));
  }
  const release = await acquireLock(target, { onWait: options.onWait }).catch(failure(target, 'change'));
  try {
    await removeStaleTempFiles(target).catch(failure(target, 'change'));
    const before = await readText(target).catch(failure(target, 'change'));
    const config = before === undefined ? emptyConfig() : parseConfig(before, target);
    // The file as parsed, not as it is written: a file in another layout (4 spaces, a final newline) that the change
    // leaves alone keeps its bytes and its mtime.
    const unchanged = before === undefined ? undefined : serializeConfig(config);
    await change(config);
    keepCurrentValid(config);
    const after = serializeConfig(config);
    if (after !== unchanged) await writeAtomically(target, after).catch(failure(target, 'change'));
    return config;
  } finally {
    await release();
  }
}

/**
 * The aliyun CLI's layout: tabs, no trailing newline, and Go's escapes for < > & so its next save changes nothing.
 * Numbers aliaudit does not own are written as they were read (see parseConfig).
 */
export function serializeConfig(config: ConfigFile): string {
  return stringifyKeepingNumbers(config, '\t').replace(/\\(?:u[0-9a-fA-F]{4}|[^u])|[<>&\u2028\u2029]/g, (token) => {
    if (token === '\\b') return '\\u0008';
    if (token === '\\f') return '\\u000c';
    if (token.length === 1) return `\\u${token.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return token;
  });
}

/** The file's value; numbers keep their written form (12345678901234567890 stays, 1.0 stays 1.0), see json-numbers. */
export function parseConfig(text: string, path: string): ConfigFile {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = text.slice(bom);
  if (body.trim() === '') return emptyConfig();
  const deep = findDeepNesting(body);
  if (deep) throw new InputError(`${path}:${deep.line}:${deep.column}: ${deep.problem}`, brokenFileHint(path));
  let value: unknown;
  try {
    value = parseKeepingNumbers(body);
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
  const named = new Map<string, number>();
  (value.profiles as unknown[]).forEach((profile, index) => {
    const where = `profiles[${index}]`;
    if (!isObject(profile)) throw wrong(`${where} must be an object, not ${kind(profile)}`);
    if (typeof profile.name !== 'string') throw wrong(`${where} has no "name" string`);
    const first = named.get(profile.name);
    if (first !== undefined) {
      throw new InputError(
        `${path}: profiles[${first}] and ${where} are both named "${profile.name}"`,
        `rename or remove one of them in ${path} by hand (aliaudit will not overwrite the file until then)`,
      );
    }
    named.set(profile.name, index);
    const label = `${where} ("${profile.name}")`;
    if (typeof profile.mode !== 'string') throw wrong(`${label} has no "mode" string`);
    for (const [key, field] of Object.entries(profile)) {
      const type = KEY_TYPES.get(key);
      if (!type || field === null) continue;
      if (type === 'string' && typeof field !== 'string') throw wrong(`${label}: ${key} must be a string, not ${kind(field)}`);
      if (type === 'int') profile[key] = ownedInteger(field, `${label}: ${key}`, wrong);
      if (type === 'bool' && typeof field !== 'boolean') throw wrong(`${label}: ${key} must be true or false, not ${kind(field)}`);
    }
  });
  return value as ConfigFile;
}

/**
 * An int key aliaudit owns, as the plain number the model code expects: 3600.0 or 3.6e3 (by hand) is 3600, which is
 * also how a rewrite writes it, the only form the aliyun CLI's Go decoder reads into an int.
 */
function ownedInteger(field: unknown, where: string, wrong: (problem: string) => InputError): number {
  const whole = typeof field === 'number' || isWrittenNumber(field) ? wholeNumber(field) : 'not a number';
  if (typeof whole === 'number') return whole;
  if (whole === 'too large') throw wrong(`${where} must be a whole number between -9007199254740991 and 9007199254740991`);
  throw wrong(`${where} must be a whole number, not ${kind(field)}`);
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
  if (typeof value === 'number' || isWrittenNumber(value)) return wholeNumber(value) === 'fraction' ? 'a fraction' : 'a number';
  return { string: 'a string', boolean: 'true/false', object: 'an object' }[typeof value as string] ?? typeof value;
}

/** An fs error on the config path as one sentence with a fix; any other error as it is. */
async function fileProblem(path: string, error: unknown, verb: 'read' | 'change'): Promise<unknown> {
  if (error instanceof AliauditError) return error;
  const { code, syscall, path: at = path } = error as NodeJS.ErrnoException;
  // mkdir -p says EEXIST when a file stands where a folder should.
  if (code === 'ENOTDIR' || (code === 'EEXIST' && syscall === 'mkdir')) {
    const file = await notAFolder(path);
    return new InputError(`cannot ${verb} ${path}: ${file} is not a folder`, `move ${file} away, or pass another path with --config-path`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const hint = at === path && syscall === 'open'
      ? `make it yours and readable: chmod 600 ${path}`
      : `make its folder yours: chmod 700 ${dirname(at)}`;
    return new InputError(`cannot ${verb} ${path}: permission denied`, hint);
  }
  if (code === 'ELOOP') {
    return new InputError(`cannot ${verb} ${path}: its symlinks form a loop`, 'point the symlink at a file, or pass another path with --config-path');
  }
  // A folder that cannot be made for another reason (under /proc, a read-only or full disk): said as it is.
  if (error instanceof DirectoryError) return new InputError(`cannot ${verb} ${path}: ${error.message}`, 'pass another path with --config-path');
  return error;
}

function failure(path: string, verb: 'read' | 'change') {
  return async (error: unknown): Promise<never> => {
    throw await fileProblem(path, error, verb);
  };
}

/** The nearest folder on the path that is in fact something else. */
async function notAFolder(path: string): Promise<string> {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const stats = await stat(dir).catch(() => undefined);
    if (stats && !stats.isDirectory()) return dir;
  }
  return dirname(path);
}

/** The file's text, or undefined if there is none. Checked before and after open, so a FIFO or device is never read. */
async function readText(path: string): Promise<string | undefined> {
  if (!(await isFile(path))) return undefined;
  const handle = await open(path, READ_NO_WAIT).catch(ifMissing);
  if (!handle) return undefined;
  try {
    mustBeAFile(path, await handle.stat());
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** False when there is nothing at the path; refuses anything but a plain file. */
async function isFile(path: string): Promise<boolean> {
  const stats = await stat(path).catch(ifMissing);
  if (stats) mustBeAFile(path, stats);
  return stats !== undefined;
}

function mustBeAFile(path: string, stats: Stats): void {
  if (stats.isDirectory()) throw new InputError(`${path} is a folder, not a config file`, 'pass the path of config.json with --config-path');
  if (!stats.isFile()) {
    throw new InputError(`${path} is ${fileType(stats)}, not a file`, 'aliaudit reads and writes a plain file only: pass another path with --config-path, or replace this one');
  }
}

function ifMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

const STALE_TEMP_MS = 10 * 60_000;

/**
 * The temp files of writeAtomically beside `target` (one is left when a writer is killed between create and rename).
 * Anything but a plain file at such a name is refused: not ours to remove.
 */
async function leftTempFiles(target: string): Promise<{ file: string; pid: number; modified: number }[]> {
  const prefix = `.${basename(target)}.`;
  const found = [];
  for (const name of (await readdir(dirname(target)).catch(ifMissing)) ?? []) {
    const pid = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (pid === undefined) continue;
    const file = join(dirname(target), name);
    const stats = await lstat(file).catch(ifMissing);
    if (!stats) continue;
    if (!stats.isFile()) {
      throw new InputError(`${file} is ${fileType(stats)}, not a file`, `aliaudit writes its temp files there: remove ${file} if nothing else uses it`);
    }
    found.push({ file, pid: Number(pid), modified: stats.mtimeMs });
  }
  return found;
}

/**
 * Removes the temp files of writers that died. Runs under the lock, so a temp file belongs to a killed writer, or to
 * a live one whose lock was broken as stale: its pid tells them apart, and after 10 minutes it is abandoned anyway.
 */
async function removeStaleTempFiles(target: string): Promise<void> {
  for (const temp of await leftTempFiles(target)) {
    if (processAlive(temp.pid) && Date.now() - temp.modified < STALE_TEMP_MS) continue;
    await unlink(temp.file).catch(ifMissing);
  }
}

/**
 * A config.json that is a symlink (dotfiles) stays one: write to the file it points at. A link to a file not made
 * yet is followed link by link to the name that is missing (renaming over a link on the way would replace the link).
 */
async function followLink(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let at = path;
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    if (!(await lstat(at).catch(ifMissing))?.isSymbolicLink()) return at;
    at = resolve(dirname(at), await readlink(at));
  }
  throw Object.assign(new Error(`too many symlinks from ${path}`), { code: 'ELOOP' });
}

const MAX_LINK_HOPS = 40;

/**
 * A file the user made read-only (no owner write bit) is not replaced, even where the rename would succeed: in a
 * folder the user may write, and always as root, whom no permission stops.
 */
async function mustBeWritable(path: string, target: string): Promise<void> {
  const mode = (await stat(target)).mode;
  if (mode & 0o200) return;
  // Not even readable (0000): the refusal a user who may not open it gets, so the fix (chmod 600) is the same.
  if (!(mode & 0o400)) throw Object.assign(new Error('permission denied'), { code: 'EACCES', syscall: 'open', path: target });
  const octal = (mode & 0o7777).toString(8).padStart(4, '0');
  throw new InputError(
    path === target
      ? `cannot change ${path}: it is read-only (mode ${octal})`
      : `cannot change ${path}: the file it links to, ${target}, is read-only (mode ${octal})`,
    `chmod u+w ${target}, if you mean aliaudit to change it`,
  );
}

/**
 * The folders of a missing config file are made as `aliyun configure` makes ~/.aliyun, but not at the far end of a
 * symlink: a link into a folder that is not there is a mistake (a moved dotfiles checkout, a typo) to point out, for
 * the config path and for a folder on the way. A link into a folder that is there may name a file not made yet,
 * which is then created where the link points.
 */
async function refuseDanglingLink(path: string, target: string): Promise<void> {
  if ((await lstat(path).catch(ifMissing))?.isSymbolicLink()) {
    const folder = dirname(target);
    throw new InputError(
      `cannot change ${path}: it is a symlink to ${target}, and ${folder} does not exist`,
      `create the folder (mkdir -p ${folder}), or point the link at the file you mean (ln -sfn <file> ${path})`,
    );
  }
  for (let dir = dirname(target); dir !== dirname(dir); dir = dirname(dir)) {
    const stats = await lstat(dir).catch(ifMissing);
    if (!stats) continue;
    if (!stats.isSymbolicLink() || (await stat(dir).catch(ifMissing))) return;
    const points = resolve(dirname(dir), await readlink(dir));
    throw new InputError(
      `cannot change ${path}: ${dir} is a symlink to ${points}, which does not exist`,
      `create it (mkdir -p ${points}), or point the link at the folder you mean (ln -sfn <folder> ${dir})`,
    );
  }
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
  constructor(
    readonly path: string,
    private readonly options: StoreOptions = {},
  ) {}

  read(): Promise<{ config: ConfigFile; exists: boolean }> {
    return readConfig(this.path);
  }

  update(change: (config: ConfigFile) => void | Promise<void>): Promise<ConfigFile> {
    return updateConfig(this.path, change, this.options);
  }
}
