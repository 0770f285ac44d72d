import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryError, makeDirectories } from '../../src/core/paths.js';
import { asNobody, asRoot } from '../helpers/unprivileged.js';

const root = () => mkdtempSync(join(tmpdir(), 'aliaudit-paths-'));

async function refusal(path: string): Promise<DirectoryError> {
  const error = await makeDirectories(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DirectoryError);
  return error as DirectoryError;
}

describe('makeDirectories', () => {
  it('makes every missing folder, from the nearest one that exists, and answers the absolute path', async () => {
    const base = root();
    const path = join(base, 'a', 'b', 'c');
    expect(await makeDirectories(path, { mode: 0o700 })).toBe(path);
    expect(statSync(path).isDirectory()).toBe(true);
    expect(statSync(join(base, 'a')).mode & 0o777).toBe(0o700);
    expect(await makeDirectories(path)).toBe(path);
  });

  it('takes a folder another caller makes at the same time', async () => {
    const base = root();
    const paths = Array.from({ length: 8 }, (_, i) => join(base, 'shared', 'deeper', String(i % 2)));
    await Promise.all(paths.map((path) => makeDirectories(path)));
    expect(readdirSync(join(base, 'shared', 'deeper')).sort()).toEqual(['0', '1']);
  });

  it.skipIf(process.platform !== 'linux')('refuses /proc/1/nope at once, where recursive mkdir spins for ever', async () => {
    // A call that spun would never return: the test's timeout catches it, no stopwatch needed.
    const error = await refusal('/proc/1/nope/deeper');
    expect(error.message).toBe('/proc/1/nope/deeper cannot be created: /proc/1 does not take new folders (ENOENT)');
    expect(error.code).toBe('ENOENT');
  });

  it('names a file in the way: the path itself, or a folder above it', async () => {
    const file = join(root(), 'a-file');
    writeFileSync(file, 'keep me');
    expect((await refusal(file)).message).toBe(`${file} is not a directory`);
    expect((await refusal(join(file, 'x', 'y'))).message).toBe(`${join(file, 'x', 'y')} cannot be created: ${file} is not a directory`);
  });

  it('refuses to make more than 64 folders in one go', async () => {
    const deep = join(root(), ...Array.from({ length: 65 }, (_, i) => `d${i}`));
    expect((await refusal(deep)).message).toMatch(/cannot be created: more than 64 folders would have to be made$/);
  });

  it.skipIf(process.platform === 'win32')('says permission denied, and where', async () => {
    const base = root();
    // Open to others, so that a call run as nobody meets the locked folder's own mode.
    chmodSync(base, 0o755);
    const locked = join(base, 'locked');
    await makeDirectories(locked);
    chmodSync(locked, 0o555);
    try {
      // Root may write anywhere: as root (CI's containers), the same call runs in a child process as nobody.
      const message = asRoot
        ? await asNobody<string>(
            `import { makeDirectories } from './paths.ts';
            await makeDirectories(process.argv[2]).then(
              () => process.stdout.write(JSON.stringify('made')),
              (error) => process.stdout.write(JSON.stringify(error.message)),
            );`,
            resolve(import.meta.dirname, '..', '..', 'src', 'core'),
            [join(locked, 'x')],
          )
        : (await refusal(join(locked, 'x'))).message;
      expect(message).toBe(`${join(locked, 'x')} cannot be created: permission denied in ${locked} (EACCES)`);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
