import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShellSession, principalName, shortAccount } from '../../../src/cli/shell/session.js';
import { runMain } from '../../helpers/cli.js';
import { bufferContext } from '../../helpers/context.js';
import { useProfilesEmulator } from '../../helpers/emulator.js';
import { cleanEnv } from '../../helpers/env.js';
import { ACCOUNT, ALICE } from '../../helpers/profiles.js';

const world = useProfilesEmulator();

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function shell(profile?: string) {
  const buffers = bufferContext({ env: cleanEnv(), tty: true });
  const ctx = buffers.ctx.derive({ selection: { configPath: world.configPath, endpoint: world.url, ...(profile ? { profile } : {}) } });
  const session = new ShellSession(ctx);
  const line = async (text: string) => {
    const out = bufferContext({ env: cleanEnv(), tty: true });
    const result = await session.run(text, out.ctx.io, new AbortController().signal);
    return { ...result, stdout: out.stdout(), stderr: out.stderr() };
  };
  return { session, line };
}

describe('the shell session', () => {
  it('shows profile, identity and region in the prompt, usable before the identity arrives', async () => {
    const { session } = shell('audit');
    expect(session.prompt()).toBe('audit (…) … ›');
    session.start();
    await until(() => session.identity.state === 'known', 'the identity');
    expect(session.prompt()).toBe(`audit (AuditRole @ ${shortAccount(ACCOUNT)}) cn-hangzhou ›`);
    session.dispose();
  });

  it('runs commands through the same parser, with the session\'s profile and region', async () => {
    const { session, line } = shell('alice');
    const whoami = await line('whoami --output json');
    expect(whoami.exitCode).toBe(0);
    expect(JSON.parse(whoami.stdout).identity.Arn).toBe(`acs:ram::${ACCOUNT}:user/alice`);
    expect(whoami.stdout).not.toContain(ALICE.secret);
    expect((await line('region cn-shanghai')).exitCode).toBe(0);
    expect(JSON.parse((await line('whoami --output json')).stdout).region).toBe('cn-shanghai');
    // A flag on the line still wins over the session.
    expect(JSON.parse((await line('whoami --output json --region ap-southeast-1')).stdout).region).toBe('ap-southeast-1');
    session.dispose();
  });

  it('use switches the profile for the session only, and refuses one that does not exist with a suggestion', async () => {
    const { session, line } = shell('alice');
    session.start();
    expect((await line('use audit')).exitCode).toBe(0);
    await until(() => session.identity.state === 'known', 'the identity');
    expect(session.prompt()).toContain('audit (AuditRole @');
    expect(JSON.parse((await line('whoami --output json')).stdout).identity.Arn).toContain('assumed-role/AuditRole/');
    const bad = await line('use audti');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('there is no profile "audti"');
    expect(bad.stderr).toContain('did you mean audit?');
    expect(session.prompt()).toMatch(/^audit /);
    session.dispose();
  });

  it('refuses a bad region id and an open quote with exit 2, changing nothing', async () => {
    const { session, line } = shell('alice');
    const region = await line('region cn hangzhou');
    expect(region.exitCode).toBe(2);
    const bad = await line('region CN_HANGZHOU');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('is not a region id');
    const quote = await line(`ram user create 'half`);
    expect(quote.exitCode).toBe(2);
    expect(quote.stderr).toContain("the line ends inside a ' quote");
    expect((await line('shell')).exitCode).toBe(2);
    session.dispose();
  });

  it('refuses a well-formed id that names no region, as a scan\'s --regions does: the regions listed, the prompt kept', async () => {
    const { session, line } = shell('alice');
    expect((await line('region cn-shanghai')).exitCode).toBe(0);
    const before = session.prompt();
    const fake = await line('region xx-fake-9');
    expect(fake.exitCode).toBe(2);
    expect(fake.stderr).toContain('aliaudit: error: region "xx-fake-9" is not an Alibaba Cloud region; the regions are: cn-qingdao, cn-beijing,');
    expect(fake.stderr).toContain(', me-east-1\n');
    expect(session.prompt()).toBe(before);
    expect(before).toMatch(/ cn-shanghai ›$/);
    expect((await line('region cn-hangzou')).stderr).toContain('hint: did you mean cn-hangzhou? (region cn-hangzhou)');
    session.dispose();
  });

  it('names the selected profile and its region in the prompt when whoami fails (nothing answers at the endpoint)', async () => {
    const buffers = bufferContext({ env: cleanEnv(), tty: true });
    // No --profile: the config's current one is selected, as the aliyun CLI selects it.
    const session = new ShellSession(buffers.ctx.derive({ selection: { configPath: world.configPath, endpoint: 'http://127.0.0.1:9' } }), { lookupTimeoutMs: 3000 });
    session.start();
    await until(() => session.identity.state === 'failed', 'whoami to fail', 15_000);
    const { current } = JSON.parse(readFileSync(world.configPath, 'utf8'));
    expect(session.prompt()).toBe(`${current} (?) cn-hangzhou ›`);
    session.dispose();
  });

  it('did you mean: offers the commands a user can run first, and only real commands', async () => {
    const { session, line } = shell('alice');
    const wh = await line('wh');
    expect(wh.exitCode).toBe(2);
    expect(wh.stderr).toBe('aliaudit: error: there is no command "wh"\n  hint: did you mean whoami or why?\n  run: aliaudit --help\n');
    session.dispose();
  });

  it('help shows the command line\'s help and the shell\'s own verbs; exit and clear say so', async () => {
    const { session, line } = shell('alice');
    const help = await line('help');
    expect(help.stdout).toContain('aliaudit <command> [options]');
    expect(help.stdout).toMatch(/^ {2}use <profile> +Run the next commands as this profile/m);
    expect((await line('help ram user')).stdout).toContain('aliaudit ram user');
    expect(await line('exit')).toMatchObject({ exit: true, exitCode: 0 });
    expect(await line('clear')).toMatchObject({ clear: true });
    session.dispose();
  });

  it('fetches the RAM names it can see in the background, for completion', async () => {
    const { session } = shell('alice');
    session.start();
    await until(() => session.complete('ram user get ', 13).candidates.length > 0, 'the RAM users');
    expect(session.complete('ram user get ', 13).candidates.map((c) => c.value)).toEqual(['alice', 'bob', 'carol']);
    expect(session.complete('use a', 5).candidates.map((c) => c.value)).toEqual(['alice', 'audit']);
    session.dispose();
  });

  it('names principals and shortens accounts for the prompt', () => {
    expect(principalName(`acs:ram::${ACCOUNT}:user/alice`)).toBe('alice');
    expect(principalName(`acs:ram::${ACCOUNT}:assumed-role/AuditRole/s1`)).toBe('AuditRole');
    expect(principalName(`acs:ram::${ACCOUNT}:root`)).toBe('root');
    expect(shortAccount('1234567890123456')).toBe('1234…3456');
  });
});

describe('the shell without a terminal', () => {
  it('runs the lines of stdin in order; the exit code is the last failing line\'s', async () => {
    const env = cleanEnv();
    const script = ['# a comment', 'whoami --output json', '', 'region nowhere!', `use bob`, 'whoami --output json'].join('\n');
    const result = await runMain(['--config-path', world.configPath, '--endpoint', world.url, '--profile', 'alice'], { env, input: script });
    expect(result.code).toBe(2);
    const [first, second] = result.stdout.trim().split(/\n(?=\{)/).map((text) => JSON.parse(text));
    expect(first.identity.Arn).toContain('user/alice');
    expect(second.identity.Arn).toContain('user/bob');
    expect(result.stderr).toContain('"nowhere!" is not a region id');
  });

  it('stops at exit, and is 0 when every line worked', async () => {
    const result = await runMain(['shell', '--config-path', world.configPath, '--endpoint', world.url], { env: cleanEnv(), input: 'whoami --output json\nexit\nnot-a-command\n' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
