import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';

/** `aliaudit scan --mutelist-file`: what the user is told about a mutelist that mutes nothing, or is far too big. */

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'aliaudit-scan-mutelist-'));
  const world = join(home, 'demo-world.json');
  writeFileSync(world, JSON.stringify(demoWorld()));
  emulator = await startTestEmulator(world);
  writeFileSync(
    join(home, 'config.json'),
    JSON.stringify({
      current: 'demo',
      profiles: [{ name: 'demo', mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' }],
    }),
    { mode: 0o600 },
  );
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(home, { recursive: true, force: true });
});

function scan(args: string[]) {
  return runMain(['scan', ...args, '--endpoint', emulator.url, '--config-path', join(home, 'config.json'), '--output-directory', mkdtempSync(join(home, 'out-'))], {
    env: cleanEnv({ HOME: home }),
  });
}

describe('aliaudit scan --mutelist-file', () => {
  it('warns of a check key that names no check, with the nearest id, and scans all the same', async () => {
    const mutelist = join(home, 'typo.yaml');
    writeFileSync(
      mutelist,
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        ram_root_mfa_enabeld:\n          Regions: ["*"]\n          Resources: ["*"]\n',
    );
    const result = await scan(['--mutelist-file', mutelist, '--services', 'ram', '--progress', 'plain']);
    expect(result.stderr).toContain(
      `warning: mutelist ${mutelist} (line 5, column 9): Mutelist.Accounts."*".Checks.ram_root_mfa_enabeld names no check aliaudit has, so it mutes nothing (did you mean ram_root_mfa_enabled?)`,
    );
    // The scan ran: its summary is on stdout, and the FAILs it mutes nothing of still decide the exit code.
    expect(result.stdout).toMatch(/^ram\t\d+\t/m);
    expect(result.code).toBe(3);
  });

  it('refuses a mutelist over 4 MiB before the scan starts, exit 2, naming the file, its size and the limit', async () => {
    const mutelist = join(home, 'huge.yaml');
    writeFileSync(mutelist, `Mutelist:\n  Accounts: {}\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    const result = await scan(['--mutelist-file', mutelist, '--progress', 'quiet']);
    expect(result.code).toBe(2);
    const bytes = statSync(mutelist).size.toLocaleString('en-US');
    expect(result.stderr).toContain(`error: mutelist ${mutelist} is 5.0 MiB (${bytes} bytes), more than the 4.0 MiB a mutelist may be`);
    expect(result.stderr).toContain('hint: a mutelist names exceptions, not an inventory');
    expect(result.stdout).toBe('');
  });
});
