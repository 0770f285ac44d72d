import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Text is handed to the file in pieces of about this many UTF-16 units, so no report is ever held whole as bytes. */
const PIECE = 1 << 20;

/**
 * Writes generated text to `path` so that a reader sees the old file or the whole new one, never half of it: into a
 * temporary file beside it, flushed to disk, then renamed over it. The temporary file is removed on failure.
 * Reports tell where an account is weak, so the file is readable by its owner only (0600).
 */
export async function writeFileAtomically(path: string, chunks: Iterable<string>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
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
    await rename(temporary, path);
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
