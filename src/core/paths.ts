import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** More missing folders than this is refused: no path a person types needs so many made at once. */
const MAX_MISSING = 64;

/** A folder that cannot be made: `path` as asked, and why, in words that read after it (`is not a directory`). */
export class DirectoryError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`${path} ${reason}`);
    this.name = 'DirectoryError';
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Why `mkdir(folder)` failed, read after the path asked for. */
function cannotMake(folder: string, code: string | undefined): string {
  const parent = dirname(folder);
  const why: Record<string, string> = {
    EACCES: `permission denied in ${parent}`,
    EPERM: `not permitted in ${parent}`,
    EROFS: `${parent} is on a read-only file system`,
    ENOSPC: `no space left in ${parent}`,
    EDQUOT: `the disk quota is used up in ${parent}`,
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'it goes round a loop of symbolic links',
    // mkdir answers ENOENT under /proc, /sys and the like although the parent exists: no folder can be made there.
    ENOENT: `${parent} does not take new folders`,
  };
  return `cannot be created: ${(code && why[code]) ?? 'the system refused'}${code ? ` (${code})` : ''}`;
}

/**
 * Makes `path` and whichever of its parents are missing, one folder at a time from the nearest one that exists:
 * bounded work, where Node's `mkdir(…, { recursive: true })` spins for ever on a path such as /proc/1/nope. A
 * folder another process makes meanwhile is fine. Answers the absolute path; throws a DirectoryError saying why not.
 */
export async function makeDirectories(path: string, options: { mode?: number } = {}): Promise<string> {
  const target = resolve(path);
  const missing: string[] = [];
  for (let at = target; ; ) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(at)).isDirectory();
    } catch (error) {
      const code = codeOf(error);
      // ENOTDIR: a file further up; going up finds it, and says which.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new DirectoryError(path, at === target ? `cannot be used (${code})` : `cannot be created: ${at} cannot be used (${code})`, code);
      const parent = dirname(at);
      if (parent === at) throw new DirectoryError(path, `cannot be created: ${at} does not exist`, code);
      if (missing.length >= MAX_MISSING) throw new DirectoryError(path, `cannot be created: more than ${MAX_MISSING} folders would have to be made`);
      missing.push(at);
      at = parent;
      continue;
    }
    if (!isDirectory) throw new DirectoryError(path, at === target ? 'is not a directory' : `cannot be created: ${at} is not a directory`, 'ENOTDIR');
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder, { mode: options.mode });
    } catch (error) {
      const code = codeOf(error);
      if (code === 'EEXIST' && (await stat(folder).then((stats) => stats.isDirectory(), () => false))) continue;
      if (code === 'EEXIST') throw new DirectoryError(path, folder === target ? 'is not a directory' : `cannot be created: ${folder} is not a directory`, 'ENOTDIR');
      throw new DirectoryError(path, cannotMake(folder, code), code);
    }
  }
  return target;
}
