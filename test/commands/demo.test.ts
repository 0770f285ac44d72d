import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEMO_ACCOUNT_ID } from '../../src/emulator/worlds/demo.js';
import { bufferContext } from '../helpers/context.js';

/** `aliaudit demo` in-process: a home with a real-looking profile in it, which the demo must neither use nor touch. */
function demoHome(): { home: string; config: string; before: string } {
  const home = mkdtempSync(join(tmpdir(), 'aliaudit-demo-home-'));
  mkdirSync(join(home, '.aliyun'));
  const config = join(home, '.aliyun', 'config.json');
  const before = JSON.stringify({
    current: 'prod',
    profiles: [{ name: 'prod', mode: 'AK', access_key_id: 'LTAIprod', access_key_secret: 'prod-secret', region_id: 'cn-beijing' }],
  });
  writeFileSync(config, before, { mode: 0o600 });
  return { home, config, before };
}

async function demo(args: string[], options: { signal?: AbortSignal; cwd?: string } = {}) {
  const { home, config, before } = demoHome();
  // What would send a command elsewhere: the demo's own profile and endpoint must win over all of it.
  const env = { HOME: home, ALIBABA_CLOUD_PROFILE: 'prod', ALIAUDIT_ENDPOINT: 'http://127.0.0.1:9', ALIBABA_CLOUD_REGION_ID: 'eu-central-1' };
  const run = bufferContext({ env, homedir: home, cwd: options.cwd, signal: options.signal });
  const code = main(['demo', ...args], run.ctx);
  return { code, ...run, home, config, before };
}

function untouched(result: { home: string; config: string; before: string }): void {
  expect(readdirSync(result.home, { recursive: true }).sort()).toEqual(['.aliyun', join('.aliyun', 'config.json')]);
  expect(readFileSync(result.config, 'utf8')).toBe(result.before);
}

describe('aliaudit demo', () => {
  it('not on a terminal: whoami, the plain progress, the summary, and the report (HTML first) in a new temporary folder; exit 0', async () => {
    const result = await demo(['--latency', '0']);
    expect(await result.code).toBe(0);
    const stdout = result.stdout();
    const stderr = result.stderr();
    expect(stderr).toMatch(/^aliaudit demo: a made-up account served by a local emulator at http:\/\/127\.0\.0\.1:\d+; nothing leaves this machine/);
    // whoami, as JSON since stdout is a pipe, then the scan's tables.
    expect(stdout).toContain(`"Arn": "acs:ram::${DEMO_ACCOUNT_ID}:user/auditor"`);
    expect(stdout).toMatch(/^SERVICE\tPASS\t/m);
    expect(stdout).toMatch(/^ram\t\d+\t/m);
    for (const region of ['global', 'cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1']) {
      expect(stderr).toMatch(new RegExp(`^${region}: done, \\d+ finding\\(s\\)`, 'm'));
    }
    expect(stderr).toMatch(/^\d+ finding\(s\), [1-9]\d* unmuted FAIL; exit 0$/m);
    const wrote = [...stderr.matchAll(/^wrote (.+)$/gm)].map((match) => match[1]);
    expect(wrote.map((file) => file.replace(/^.*\.(?=(ocsf\.json|csv|html|sarif)$)/, ''))).toEqual(['html', 'ocsf.json', 'csv', 'sarif']);
    const folder = dirname(wrote[0]);
    try {
      expect(folder.startsWith(join(tmpdir(), 'aliaudit-demo-'))).toBe(true);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe(`Open the report: ${wrote[0]}`);
      for (const file of wrote) expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(wrote[0], 'utf8')).toContain('ram_no_root_access_key');
      untouched(result);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--output-directory puts the report there, relative to the working directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aliaudit-demo-cwd-'));
    const result = await demo(['--latency', '0', '--output-directory', 'reports/today'], { cwd });
    expect(await result.code).toBe(0);
    const files = readdirSync(join(cwd, 'reports', 'today'));
    expect(files.map((file) => file.replace(/^aliaudit-\d+-\d+\./, '')).sort()).toEqual(['csv', 'html', 'ocsf.json', 'sarif']);
    expect(result.stdout()).toContain(`Open the report: ${join(cwd, 'reports', 'today', files.find((f) => f.endsWith('.html'))!)}`);
    untouched(result);
  });

  describe('refuses bad values with exit 2, before starting anything', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aliaudit-demo-bad-')), 'a-file');
    writeFileSync(file, '');
    it.each([
      [['--latency', 'fast'], /--latency must be MS or MS:JITTER.*not "fast"/, /omit --latency for the default, 40:20/],
      [['--latency', '-5'], /--latency must be MS or MS:JITTER/, /omit --latency/],
      [['--latency', '40:x'], /--latency must be MS or MS:JITTER.*not "40:x"/, /omit --latency/],
      [['--latency', ''], /--latency is empty/, /give --latency a value/],
      [['--latency'], /--latency needs a value/, /run: aliaudit demo --help/],
      [['--latency', '0', '--latency', '40'], /--latency is given more than once/, /give --latency once/],
      [['--output-directory', file], /--output-directory .*a-file is not a directory/, /leave --output-directory out/],
      [['--output-directory', join(file, 'sub')], /--output-directory .*a-file\/sub cannot be created: .*a-file is not a directory/, /choose another folder/],
      ...(process.platform === 'linux' ? [[['--output-directory', '/proc/1/nope'], /--output-directory \/proc\/1\/nope cannot be created: \/proc\/1 does not take new folders/, /choose another folder/] as [string[], RegExp, RegExp]] : []),
      [['--profile', 'prod'], /the demo runs on its own emulator as its own profile: --profile has no place here/, /run aliaudit demo alone/],
      [['--endpoint', 'http://127.0.0.1:1'], /--endpoint has no place here/, /aliaudit scan takes --profile and --endpoint/],
    ])('%j', async (args, message, hint) => {
      const result = await demo(args);
      expect(await result.code).toBe(2);
      expect(result.stderr()).toMatch(message);
      expect(result.stderr()).toMatch(hint);
      expect(result.stderr()).not.toContain('aliaudit demo:');
      expect(result.stdout()).toBe('');
      untouched(result);
    });
  });

  it('Ctrl-C in the middle of the scan: exit 130, and the emulator is closed', async () => {
    const controller = new AbortController();
    const out = mkdtempSync(join(tmpdir(), 'aliaudit-demo-out-'));
    // The default latency and quotas: once the regions have started, the scan has half a minute of reads to go.
    const result = await demo(['--output-directory', out], { signal: controller.signal });
    await until(() => result.stderr().includes('cn-hangzhou: started'));
    controller.abort();
    expect(await result.code).toBe(130);
    expect(result.stdout()).not.toContain('Open the report');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(result.stderr())![1]);
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    untouched(result);
  });
});

function connectTo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
