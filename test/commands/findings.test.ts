import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEMO_ACCOUNT_ID, DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { ScanMemory } from '../../src/scan/memory.js';
import { runMain } from '../helpers/cli.js';
import { bufferContext } from '../helpers/context.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';

describe('findings, why and rescan on the command line', () => {
  for (const line of [['findings'], ['why', 'sg-1'], ['rescan', '--check', 'ram_root_mfa_enabled']]) {
    it(`${line[0]} says it works in the shell, with exit 2`, async () => {
      const result = await runMain(line, { env: cleanEnv() });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${line[0]} works in the shell, on the scans run there`);
      expect(result.stderr).toContain('start the shell with aliaudit, run scan, then findings, why or rescan');
      expect(result.stdout).toBe('');
    });
  }

  it('rescan without --check names what is missing', async () => {
    const result = await runMain(['rescan'], { env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the checks to run again with --check');
  });
});

/** The session's scans, as the shell keeps them, run in-process against the demo world. */
describe("a session's scans", () => {
  let emulator: RunningEmulator;
  let slow: RunningEmulator;
  let home: string;
  let config: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'aliaudit-findings-'));
    const world = join(home, 'demo-world.json');
    writeFileSync(world, JSON.stringify(demoWorld()));
    emulator = await startTestEmulator(world);
    slow = await startTestEmulator(world, { latencyMs: 150 });
    config = join(home, 'config.json');
    const profile = (name: string) => ({ name, mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' });
    writeFileSync(config, JSON.stringify({ current: 'demo', profiles: [profile('demo'), profile('other')] }), { mode: 0o600 });
  });
  afterAll(async () => {
    await emulator?.stop();
    await slow?.stop();
  });

  /** A shell's worth of context: one ScanMemory across the lines, each line's output apart. */
  function session() {
    const scans = new ScanMemory();
    const run = async (args: string[]) => {
      // A terminal's streams, as in the shell: tables by default.
      const { ctx, stdout, stderr } = bufferContext({ env: cleanEnv({ HOME: home }), homedir: home, tty: true });
      const code = await main([...args, '--config-path', config], ctx.derive({ scans }));
      return { code, stdout: stdout(), stderr: stderr() };
    };
    return { scans, run };
  }

  it('an interrupted scan never takes the place of a complete one: the session keeps it, and names the partial one', async () => {
    const { scans, run } = session();
    const out = mkdtempSync(join(home, 'out-'));
    const complete = await run(['scan', '--endpoint', emulator.url, '--services', 'ram', '--output-directory', out, '--output-filename', 'monday', '--progress', 'quiet']);
    expect(complete.code).toBe(3);
    expect(scans.base?.name).toBe('monday');

    // The same scan, stopped as soon as it started.
    const controller = new AbortController();
    const { ctx, stderr } = bufferContext({ env: cleanEnv({ HOME: home }), homedir: home, signal: controller.signal });
    const running = main(['scan', '--endpoint', slow.url, '--output-directory', out, '--output-filename', 'tuesday', '--progress', 'plain', '--config-path', config], ctx.derive({ scans }));
    while (!stderr().includes(': started')) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await running).toBe(130);
    expect(stderr()).toContain('The session keeps the findings of the complete scan monday; this one is set aside: findings --scan tuesday (and why … --scan tuesday) answer from it.');
    expect(scans.base?.name).toBe('monday');

    // findings says which scan its rows are from, whether it was complete, and what was set aside.
    const listed = await run(['findings', '--output', 'json']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain(`From scan monday (complete; account ${DEMO_ACCOUNT_ID}, profile demo).`);
    expect(listed.stderr).toContain(`Set aside: tuesday (incomplete: interrupted; account ${DEMO_ACCOUNT_ID}, profile demo): --scan tuesday answers from it.`);
    const rows = JSON.parse(listed.stdout);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((f: { service: string }) => f.service === 'ram')).toBe(true);
    const partial = await run(['findings', '--scan', 'tuesday', '--status', 'FAIL', 'PASS', 'MANUAL', '--output', 'json']);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain('From scan tuesday alone (incomplete: interrupted;');
    expect(JSON.parse(partial.stdout).length).toBeLessThan(rows.length + 1000);
    const unknown = await run(['findings', '--scan', 'tusday']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--scan: no scan of this session is named "tusday"; the scans are: monday, tuesday');
    expect(unknown.stderr).toContain('did you mean tuesday?');
    scans.dispose();
  }, 60_000);

  it('findings --summary counts the session by service and says each CIS section as the scan\'s summary did', async () => {
    const { scans, run } = session();
    const out = mkdtempSync(join(home, 'out-'));
    const scanned = await run(['scan', '--endpoint', emulator.url, '--services', 'ram', '--output-directory', out, '--progress', 'plain']);
    expect(scanned.code).toBe(3);
    const sectionLines = (text: string) => text.split('\n').filter((line) => /^ {2}[1-8] [A-Z].*: automated \d+ of \d+/.test(line));
    expect(sectionLines(scanned.stdout)).toHaveLength(8);

    const summary = await run(['findings', '--summary']);
    expect(summary.code).toBe(0);
    expect(summary.stderr).toMatch(/^From scan \S+ \(complete; /m);
    expect(summary.stdout).toMatch(/^SERVICE +PASS +FAIL CRIT +FAIL HIGH +FAIL MED +FAIL LOW +MANUAL +MUTED$/m);
    expect(summary.stdout).toMatch(/^ram +\d+ +\d+ /m);
    // The same eight lines as the scan's own summary: one function counts both.
    expect(sectionLines(summary.stdout)).toEqual(sectionLines(scanned.stdout));
    expect(summary.stdout).toContain('  1 Identity and Access Management: automated 16 of 16\n');
    // The ECS checks did not run: their rows are "not run", not "not covered".
    expect(summary.stdout).toMatch(/^ {2}4 Virtual Machines: automated 0 of 6, not run 6$/m);

    const json = JSON.parse((await run(['findings', '--summary', '--output', 'json'])).stdout);
    expect(json.services.map((s: { service: string }) => s.service)).toEqual(['ram']);
    expect(json.sections).toHaveLength(8);
    expect(json.sections[0]).toMatchObject({ id: '1', title: 'Identity and Access Management', requirements: 16, states: { automated: 16 } });
    expect(json.coverage).toHaveLength(85);
    const csv = (await run(['findings', '--summary', '--output', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('section,title,requirements,automated,manual,blocked,not run,not covered yet,not covered');
    expect(csv[1]).toMatch(/^1,Identity and Access Management,16,16,0,0,0,0,0$/);

    // A rescan keeps the checks of the scan it updates in the count.
    expect((await run(['rescan', '--check', 'ram_root_mfa_enabled'])).code).toBe(0);
    expect(sectionLines((await run(['findings', '--summary'])).stdout)).toEqual(sectionLines(scanned.stdout));

    const narrowed = await run(['findings', '--summary', '--region', 'global']);
    expect(narrowed.code).toBe(2);
    expect(narrowed.stderr).toContain('--summary counts every finding, so it takes no --region');
    scans.dispose();
  }, 60_000);

  it('rescan runs with the profile and endpoint of the scan it updates, and refuses others', async () => {
    const { scans, run } = session();
    const out = mkdtempSync(join(home, 'out-'));
    expect((await run(['scan', '--endpoint', emulator.url, '--services', 'ram', '--output-directory', out, '--progress', 'quiet'])).code).toBe(3);
    const name = scans.base!.name;
    for (const flag of [['--profile', 'other'], ['--endpoint', slow.url]]) {
      const refused = await run(['rescan', '--check', 'ram_root_mfa_enabled', ...flag]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`rescan updates scan ${name}, made with profile demo at ${emulator.url}: ${flag.join(' ')} is another`);
    }
    expect(scans.current).toHaveLength(1);
    // Asked for no profile on its line, it takes the scan's, not the shell's (`use other`), and says so.
    const { ctx, stderr } = bufferContext({ env: cleanEnv({ HOME: home }), homedir: home });
    const code = await main(['rescan', '--check', 'ram_root_mfa_enabled'], ctx.derive({ scans, selection: { configPath: config, profile: 'other' } }));
    expect(code).toBe(0);
    expect(stderr()).toContain(`rescan: with profile demo at ${emulator.url}, as scan ${name} was made`);
    expect(scans.current.map((scan) => scan.source.profile)).toEqual(['demo', 'demo']);
    scans.dispose();
  }, 60_000);

  it("rescan refuses, before it scans, when the scan's profile now signs in to another account", async () => {
    const { scans, run } = session();
    const out = mkdtempSync(join(home, 'out-'));
    expect((await run(['scan', '--endpoint', emulator.url, '--services', 'ram', '--output-directory', out, '--progress', 'quiet'])).code).toBe(3);
    // As if the profile had been edited to another account's keys since: the scan says it was of account 1111….
    const base = scans.base!;
    (base.info as { accountUid: string }).accountUid = '1111222233334444';
    const files = readdirSync(out).length;
    const refused = await run(['rescan', '--check', 'ram_root_mfa_enabled']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`rescan updates scan ${base.name} of account 1111222233334444, but profile "demo" now signs in to account ${DEMO_ACCOUNT_ID}: the two accounts' findings would mix`);
    expect(readdirSync(out)).toHaveLength(files);
    expect(scans.current).toHaveLength(1);
    scans.dispose();
  }, 60_000);

  it('why with many findings leads with a summary and each fix command once; --check explains one in full', async () => {
    const { scans, run } = session();
    const out = mkdtempSync(join(home, 'out-'));
    expect((await run(['scan', '--endpoint', emulator.url, '--regions', 'cn-shanghai', '--services', 'ecs', '--output-directory', out, '--progress', 'quiet'])).code).toBe(3);
    const why = await run(['why', 'staging-wide-open']);
    expect(why.code).toBe(0);
    const lines = why.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^staging-wide-open in cn-shanghai: \d+ FAIL \(1 critical, \d+ high\)(, \d+ MANUAL)?(; it passes \d+ other checks?)?; one command fixes them all:$/);
    const commands = lines.filter((line) => line.startsWith('  fix command  '));
    expect(commands).toEqual([expect.stringMatching(/^ {2}fix command {2}aliyun ecs RevokeSecurityGroup --RegionId cn-shanghai --SecurityGroupId sg-\w+ --SecurityGroupRuleId\.1 sgr-\w+$/)]);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.filter((line) => /^ {2}FAIL (critical|high) +ecs_securitygroup_\w+/.test(line)).length).toBeGreaterThan(5);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}… \d+ more$/));
    expect(lines.at(-1)).toBe('why staging-wide-open --check <check> explains one in full, --all every one; --output json has them all.');

    const one = await run(['why', 'staging-wide-open', '--check', 'ecs_securitygroup_restrict_ssh_internet']);
    expect(one.stdout).toMatch(/^FAIL high {2}ecs_securitygroup_restrict_ssh_internet$/m);
    expect(one.stdout).toMatch(/^ {2}evidence {5}sg-\w+ opens tcp 22 /m);
    const all = await run(['why', 'staging-wide-open', '--all']);
    expect(all.stdout.match(/^ {2}fix command {2}/gm)!.length).toBe(commands.length + lines.filter((line) => /^ {2}FAIL /.test(line)).length - 1 + Number(/… (\d+) more/.exec(why.stdout)![1]));
    scans.dispose();
  }, 60_000);

  it('why writes every value whole, on one line, at any width: a command is never broken inside', async () => {
    const { scans } = session();
    const out = mkdtempSync(join(home, 'out-'));
    const { ctx, stdout } = bufferContext({ env: cleanEnv({ HOME: home }), homedir: home, tty: true, columns: 60 });
    const lineCtx = ctx.derive({ scans });
    expect(await main(['scan', '--endpoint', emulator.url, '--services', 'ram', '--output-directory', out, '--progress', 'quiet', '--config-path', config], lineCtx)).toBe(3);
    const before = stdout().length;
    expect(await main(['why', 'intern.chen', '--all', '--config-path', config], lineCtx)).toBe(0);
    const explained = stdout().slice(before);
    const command = explained.split('\n').find((line) => line.includes('DetachPolicyFromUser'));
    expect(command).toBe('  fix command  aliyun ram DetachPolicyFromUser --PolicyType System --PolicyName AliyunOSSFullAccess --UserName intern.chen');
    expect(explained).toMatch(/^ {2}risk {9}.{60,}$/m);
    // A label starts every line of a finding: no value goes on under the one before.
    for (const line of explained.split('\n').filter((text) => text.startsWith('  ') && !text.startsWith('  FAIL'))) expect(line).toMatch(/^ {2}\S/);
    scans.dispose();
  }, 60_000);
});
