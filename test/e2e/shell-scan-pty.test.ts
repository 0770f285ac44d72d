import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { cliPath } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { inTerminal } from '../helpers/tmux.js';

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'aliaudit-shell-scan-pty-'));
  writeFileSync(join(home, 'demo-world.json'), JSON.stringify(demoWorld()));
  // Slow enough that the dashboard is on the screen for a few frames.
  emulator = await startTestEmulator(join(home, 'demo-world.json'), { latencyMs: 150 });
  const profile = { name: 'demo', mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' };
  writeFileSync(join(home, 'config.json'), JSON.stringify({ current: 'demo', profiles: [profile] }), { mode: 0o600 });
});
afterAll(() => emulator?.stop());

describe('a scan in the shell, in a real terminal at 80×24', () => {
  it('draws the dashboard in place, comes back to the prompt, then findings and why answer from it', async () => {
    const recording = join(home, 'terminal.bytes');
    const terminal = await inTerminal([process.execPath, cliPath, '--config-path', join(home, 'config.json'), '--endpoint', emulator.url], {
      env: cleanEnv({ HOME: home, NO_COLOR: undefined }),
      record: recording,
    });
    try {
      await terminal.waitFor((s) => s.includes('demo (auditor @ 1357…5792) cn-hangzhou ›'), 'the prompt with the identity');
      await terminal.keys(`scan --regions cn-hangzhou --output-directory ${join(home, 'out')}`, 'Enter');
      const live = await terminal.waitFor((s) => s.includes('↑↓ region · Enter details'), 'the dashboard');
      expect(live).toMatch(/^› global /m);
      expect(live).not.toContain('Tab complete');
      await terminal.waitFor((s) => s.includes('unmuted FAIL; exit 3') && s.trimEnd().endsWith('Tab complete · ↑↓ history · Ctrl-R search · help · Ctrl-D exit'), 'the prompt again', 60_000);

      await terminal.keys('findings --severity high', 'Enter');
      const table = await terminal.waitFor((s) => /^SEVERITY +CHECK +REGION +RESOURCE$/m.test(s), 'the findings');
      expect(table).toMatch(/^high +ecs_securitygroup_restrict_ssh_internet +cn-hangzhou +web$/m);
      await terminal.keys('clear', 'Enter');
      await terminal.keys('why web', 'Enter');
      await terminal.waitFor((s) => /passes +\d+ other checks/.test(s), 'the explanation');
      const why = await terminal.scrollback();
      expect(why).toMatch(/^FAIL high {2}ecs_securitygroup_restrict_ssh_internet$/m);
      expect(why).toMatch(/^ {2}fix command {2}aliyun ecs RevokeSecurityGroup /m);

      // The live frames never reached the terminal's height: nothing was drawn by clearing the screen but `clear`.
      const bytes = readFileSync(recording, 'latin1');
      expect(bytes.split('\u001b[2J').length - 1).toBe(1);
      await terminal.keys('C-d');
      expect(await terminal.waitFor((s) => s.includes('[exited '), 'the shell to end')).toContain('[exited 0]');
    } finally {
      await terminal.close();
    }
  }, 90_000);
});
