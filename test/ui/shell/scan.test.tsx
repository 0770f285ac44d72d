import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../../src/emulator/worlds/demo.js';
import { startTestEmulator, type RunningEmulator } from '../../helpers/emulator.js';
import { startShellApp } from './harness.js';

/** A scan typed at the shell's prompt: the dashboard while it runs, then its findings stay to be asked about. */

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'aliaudit-shell-scan-'));
  const worldFile = join(home, 'demo-world.json');
  writeFileSync(worldFile, JSON.stringify(demoWorld()));
  emulator = await startTestEmulator(worldFile, { latencyMs: 30 });
  const profile = { name: 'demo', mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' };
  writeFileSync(join(home, 'config.json'), JSON.stringify({ current: 'demo', profiles: [profile] }), { mode: 0o600 });
});
afterAll(() => emulator?.stop());

const startShell = () => startShellApp(home, emulator.url);

describe('scan in the shell', () => {
  it('shows the dashboard, returns to the prompt with the summary, then findings, why and rescan answer from what it found', async () => {
    const shell = startShell();
    await shell.until(() => shell.frame().includes('demo (auditor @ 1357…5792)'), 'the identity');
    const out = mkdtempSync(join(home, 'out-'));

    await shell.typeLine(`scan --regions cn-hangzhou --output-directory ${out}`);
    await shell.until(() => shell.frames().includes('↑↓ region · Enter details'), 'the dashboard');
    expect(shell.frames()).toMatch(/aliaudit scan · 1357924680135792 · user\/auditor/);
    await shell.until(() => shell.frame().includes('demo (auditor @ 1357…5792) cn-hangzhou ›') && shell.frame().includes('unmuted FAIL; exit 3'), 'the scan to end');
    // The summary is in the transcript; the dashboard is gone from the live area.
    expect(shell.frame()).toMatch(/SERVICE\s+PASS/);
    expect(shell.frame()).not.toContain('↑↓ region · Enter details');
    expect(readdirSync(out).some((file) => file.endsWith('.html'))).toBe(true);

    await shell.typeLine('findings --severity high');
    // At 100 columns: no evidence column (why shows it), and no status column when all are FAIL.
    await shell.until(() => /^SEVERITY\s+CHECK\s+REGION\s+RESOURCE$/m.test(shell.frame()), 'the findings');
    const table = shell.frame().split('\n');
    const rows = table.filter((line) => /^high\s+\w/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    const ssh = rows.find((line) => line.includes('ecs_securitygroup_restrict_ssh_internet'));
    expect(ssh).toBeDefined();
    const resource = ssh!.split(/\s{2,}/)[3];

    await shell.typeLine(`why ${resource}`);
    await shell.until(() => shell.frame().includes('fix command'), 'the explanation');
    expect(shell.frame()).toMatch(/^FAIL high {2}ecs_securitygroup_restrict_ssh_internet$/m);
    expect(shell.frame()).toMatch(/^ {2}evidence {5}sg-\w+ opens tcp 22 /m);
    // Whole on one line, wider than the terminal: the terminal wraps it, so it is copied as one command.
    expect(shell.frame()).toMatch(/^ {2}fix command {2}aliyun ecs RevokeSecurityGroup --RegionId cn-hangzhou --SecurityGroupId sg-\w+ --SecurityGroupRuleId\.1 sgr-\w+$/m);
    expect(shell.frame().split('\n').find((line) => line.startsWith('  fix command'))!.length).toBeGreaterThan(100);
    expect(shell.frame()).toMatch(/^ {2}passes {7}\d+ other checks$/m);

    await shell.typeLine('why no-such-thing');
    await shell.until(() => shell.frame().includes('no finding of this session is about "no-such-thing"'), 'the refusal');

    await shell.typeLine('rescan --check ecs_securitygroup_restrict_shh_internet');
    await shell.until(() => shell.frame().includes('--check: there is no check ecs_securitygroup_restrict_shh_internet'), 'the refusal naming --check');
    expect(shell.frame()).toContain('did you mean ecs_securitygroup_restrict_ssh_internet?');

    await shell.typeLine('rescan --check ecs_securitygroup_restrict_ssh_internet --region cn-hangzhou');
    await shell.until(() => (shell.frame().match(/unmuted FAIL; exit 3/g) ?? []).length >= 2, 'the rescan to end');
    // Its coverage is of what it ran again, not the whole benchmark marked "not covered".
    const rescanned = shell.frame().slice(shell.frame().lastIndexOf('rescan --check ecs_securitygroup_restrict_ssh_internet --region'));
    expect(rescanned.match(/^\d+\.\d+ +(automated|manual|blocked|not run|not covered) /gm)?.map((row) => row.split(' ')[0])).toEqual(['3.2', '4.3']);
    await shell.typeLine('findings --check ecs_securitygroup_restrict_ssh_internet --output json');
    await shell.until(() => shell.frame().includes('"checkId": "ecs_securitygroup_restrict_ssh_internet"'), 'the rescanned findings');
    // Which scans the rows come from: the scan, complete, and the rescan over it.
    expect(shell.frame()).toMatch(/^From scan aliaudit-1357924680135792-\d{14} \(complete; account 1357924680135792, profile demo\), with rescan aliaudit-1357924680135792-\d{14}(-\d+)? \(ecs_securitygroup_restrict_ssh_internet\)\.$/m);
    shell.app.unmount();
    shell.session.dispose();
  }, 60_000);
});
