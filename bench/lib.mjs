// What the benchmarks share: a scratch HOME without cloud credentials, the emulator, an AK profile, medians.
// Not a benchmark itself (bench/run.mjs skips it).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cli = join(root, 'bin', 'aliaudit.js');
export const fixtureWorld = join(root, 'test/fixtures/world.json');

/** A scratch folder as HOME and an environment without the user's cloud credentials or aliaudit settings. */
export function scratch() {
  const work = mkdtempSync(join(tmpdir(), 'aliaudit-bench-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(ALIBABA_CLOUD_|ALICLOUD_|ALIBABACLOUD_|ALIAUDIT_)/.test(key)),
  );
  env.HOME = work;
  env.NO_COLOR = '1';
  return { work, env, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/** Starts `aliaudit emulator` on port 0 (with no --world when `world` is null); answers its URL and a stop(). */
export async function startEmulator(env, world = fixtureWorld, extraArgs = []) {
  const worldArgs = world === null ? [] : ['--world', world];
  const emulator = spawn(process.execPath, [cli, 'emulator', ...worldArgs, '--port', '0', ...extraArgs], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    emulator.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    emulator.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return { url, stop: () => emulator.kill('SIGTERM') };
}

/** An aliyun CLI config in `work` whose current profile is the AK profile given; answers its path. */
export function writeAkConfig(work, { name, keyId, secret }) {
  const config = join(work, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      current: name,
      profiles: [{ name, mode: 'AK', access_key_id: keyId, access_key_secret: secret, region_id: 'cn-hangzhou' }],
      meta_path: '',
    }),
    { mode: 0o600 },
  );
  return config;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
