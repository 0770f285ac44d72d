import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, Env } from '../../src/cli/context.js';
import { type CloudApi, CloudClients } from '../../src/cloud/clients.js';
import type { Session } from '../../src/credentials/types.js';
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

/** The STS client of a session, as commands get it from their context. */
export async function stsOf(session: Session): Promise<CloudApi> {
  const { region, endpoint, stsEndpoint, timeouts } = session;
  return new CloudClients({ credentials: session, region, endpoint, stsEndpoint, ...timeouts }, { call: { signer: session.signer } }).sts();
}
