import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

/** Root passes every permission check: a test of a permission refusal runs its call as nobody when the suite is root. */
export const asRoot = process.getuid?.() === 0;

const NOBODY = 65534;

/**
 * Runs `code`, an ES module in TypeScript whose imports resolve from `resolveDir`, in a child process as the user
 * nobody, and answers what it wrote to stdout, parsed as JSON. It gets `args` as process.argv.slice(2). Every file the
 * call is to meet must be reachable by nobody (a folder from mkdtemp is not: chmod it 755).
 */
export async function asNobody<T>(code: string, resolveDir: string, args: string[] = []): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-nobody-'));
  chmodSync(dir, 0o755);
  const outfile = join(dir, 'run.mjs');
  await build({ stdin: { contents: code, resolveDir, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  chmodSync(outfile, 0o644);
  const { stdout } = await promisify(execFile)(process.execPath, [outfile, ...args], { uid: NOBODY, gid: NOBODY, timeout: 20_000 });
  return JSON.parse(stdout) as T;
}
