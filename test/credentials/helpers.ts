import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Env } from '../../src/cli/context.js';
import { bufferContext } from '../helpers/context.js';

/** An in-process context with buffers, its own HOME and the given environment (nothing from process.env). */
export function testContext(env: Env = {}, options: { now?: () => Date; homedir?: string } = {}): Context {
  return bufferContext({ env, ...options }).ctx;
}

/** Writes an aliyun CLI config.json by hand (tabs, as the aliyun CLI does) and returns its path. */
export function writeConfig(profiles: object[], current = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-cred-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ current, profiles, meta_path: '' }, null, '\t'));
  return path;
}

export function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aliaudit-cred-file-')), name);
  writeFileSync(path, content);
  return path;
}
