import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A process environment with no credential variables and a fresh HOME, for child processes. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(ALIBABA_CLOUD_|ALICLOUD_|ALIBABACLOUD_|ALIAUDIT_)/.test(key)) continue;
    env[key] = value;
  }
  env.HOME = mkdtempSync(join(tmpdir(), 'aliaudit-home-'));
  env.NO_COLOR = '1';
  delete env.CI;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
