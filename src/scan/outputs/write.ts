import { randomUUID } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Text is handed to the file in pieces of about this many UTF-16 units, so no report is ever held whole as bytes. */
const PIECE = 1 << 20;

/**
 * Writes generated text to a new temporary file in `directory` (hidden, named after `hint`), flushed to disk, and
 * answers its path; removed again on failure. Reports tell where an account is weak, so it is the owner's only (0600).
 */
export async function writeTemporary(directory: string, hint: string, chunks: Iterable<string>): Promise<string> {
  const temporary = join(directory, `.${hint}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  let closed = false;
  try {
    let pending = '';
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= PIECE) {
        await handle.write(pending);
        pending = '';
      }
    }
    if (pending) await handle.write(pending);
    await handle.datasync();
    await handle.close();
    closed = true;
    return temporary;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** What a claim on a name came to: the file is there whole, the name is held by an empty file of ours, or it is taken. */
export type Claim = 'linked' | 'placeholder' | 'taken';

/** Errors of file systems that have no hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/**
 * Gives `temporary`'s content the name `path` only if no file has that name: a hard link, which appears whole and
 * fails with EEXIST when the name is taken, so no file is ever replaced. Where the file system has no hard links, an
 * empty file made with O_EXCL holds the name instead, and {@link fillPlaceholder} moves the content in.
 */
export async function claimName(temporary: string, path: string): Promise<Claim> {
  try {
    await link(temporary, path);
    return 'linked';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return 'taken';
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  try {
    await (await open(path, 'wx', 0o600)).close();
    return 'placeholder';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'taken';
    throw error;
  }
}

/** Replaces the empty file that holds a name with the content: only ever our own placeholder is replaced. */
export async function fillPlaceholder(temporary: string, path: string): Promise<void> {
  await rename(temporary, path);
}
