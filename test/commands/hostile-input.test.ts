import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ACCOUNT, ALICE, role, writeConfig } from '../helpers/profiles.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';

/** Careless and hostile input gets a clear refusal: never a silent success, a raw error or a lost file. */
let emulator: RunningEmulator;
let trap: TrapServer;
let configPath: string;
let dir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  trap = await startTrapServer();
  ({ configPath, dir } = writeConfig(emulator.url));
});
afterAll(async () => {
  await emulator?.stop();
  await trap?.close();
});

const run = (args: string[], options: { input?: string; tty?: boolean; env?: Record<string, string> } = {}) =>
  runMain(args, { env: cleanEnv(options.env), input: options.input, tty: options.tty });

/** Runs a line that must be refused as bad input: exit 2, the words, nothing on stdout, no call, the file as it was. */
async function refused(args: string[], words: string | RegExp) {
  const before = readFileSync(configPath);
  const requests = trap.requests();
  const result = await run([...args, '--config-path', configPath]);
  expect({ args, code: result.code }).toEqual({ args, code: 2 });
  if (typeof words === 'string') expect(result.stderr).toContain(words);
  else expect(result.stderr).toMatch(words);
  expect(result.stdout).toBe('');
  expect(trap.requests()).toBe(requests);
  expect(readFileSync(configPath).equals(before)).toBe(true);
  return result;
}

const AUDIT = role('AuditRole');

describe('1. flags given twice or empty', () => {
  it.each([
    [['whoami', '--profile', 'alice', '--profile', 'bob'], '--profile is given more than once'],
    [['whoami', '-p', 'alice', '--profile=bob'], '--profile is given more than once'],
    [['sts', 'assume-role', '--role-arn', AUDIT, '--format', 'env', '--format', 'json'], '--format is given more than once'],
    [['whoami', '--endpoint', 'http://127.0.0.1:1', '--endpoint', 'http://127.0.0.1:2'], '--endpoint is given more than once'],
    [['whoami', '--config-path', '/tmp/a.json'], '--config-path is given more than once'],
    [['sts', 'assume-role', '--role-arn', AUDIT, '--duration-seconds', '900', '--duration-seconds', '1800'], '--duration-seconds is given more than once'],
    [['ram', 'user', 'list', '-o', 'json', '--output', 'table'], '--output is given more than once'],
  ])('%j: exit 2 naming the flag', async (args, words) => {
    await refused(args.includes('--endpoint') ? args : [...args, '--endpoint', trap.url], words);
  });

  it.each([
    [['whoami', '--profile', ''], '--profile is empty'],
    [['whoami', '--endpoint', ''], '--endpoint is empty'],
    [['whoami', '--region', '  '], '--region is empty'],
    [['configure', 'set', '--profile', 'alice', '--region', ''], '--region is empty'],
    [['sts', 'assume-role', '--role-arn', ''], '--role-arn is empty'],
    [['configure', 'set', '--profile', 'alice', '--access-key-secret', ''], '--access-key-secret is empty'],
  ])('%j: an empty value is refused, never a silent fallback', async (args, words) => {
    await refused(args, words);
  });

  it.each([
    [['sts', 'assume-role', '--role-arn', AUDIT, '--duration-seconds', 'abc', '--endpoint', 'http://127.0.0.1:1'], '--duration-seconds: "abc" is not a number'],
    [['ram', 'role', 'create', 'R', '--trusted-account', ACCOUNT, '--max-session-duration', '1h'], '--max-session-duration: "1h" is not a number'],
    [['ram', 'password-policy', 'set', '--minimum-length', 'twelve'], '--minimum-length: "twelve" is not a number'],
  ])('%j: a number flag given text names the text', async (args, words) => {
    const result = await refused(args, words);
    expect(result.stderr).not.toContain('NaN');
  });

  it('a flag that needs a value and has none says so', async () => {
    await refused(['whoami', '--region'], '--region needs a value');
  });

  it('--unset removes a field that an empty value no longer can', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aliaudit-unset-'));
    const path = join(folder, 'config.json');
    const base = ['configure', 'set', '--profile', 'p', '--config-path', path];
    expect((await run([...base, '--mode', 'RamRoleArn', '--access-key-id', 'LTAI5tX', '--access-key-secret', 's3cret-value', '--ram-role-arn', AUDIT,
      '--role-session-name', 'me', '--external-id', 'abcd1234', '--region', 'cn-hangzhou'])).code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0].external_id).toBe('abcd1234');
    expect((await run([...base, '--unset', 'external-id'])).code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0]).not.toHaveProperty('external_id');
    const both = await run([...base, '--unset', 'region', '--region', 'cn-beijing']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--region is both set and unset');
  });
});

/** A loopback HTTP server that answers every request with `status` and `body`. */
async function answering(status: number, body: string, contentType = 'application/json'): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer((_req, res) => res.writeHead(status, { 'content-type': contentType }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('2. answers that are not what the API returns', () => {
  it.each([
    ['{}', ['whoami', '--profile', 'alice'], /sts:GetCallerIdentity at http:\/\/127\.0\.0\.1:\d+ answered without RequestId, AccountId, Arn, IdentityType, PrincipalId/],
    ['{"RequestId":"r-1"}', ['whoami', '--profile', 'alice'], /answered without AccountId, Arn, IdentityType, PrincipalId/],
    ['{"RequestId":"r-1"}', ['ram', 'user', 'list', '--profile', 'alice'], /ram:ListUsers at http:\/\/127\.0\.0\.1:\d+ answered without Users/],
    ['{"RequestId":"r-1","User":{}}', ['ram', 'user', 'get', 'alice', '--profile', 'alice'], /ram:GetUser .* answered without User\.UserName/],
    ['{"RequestId":"r-1","AssumedRoleUser":{"Arn":"x"}}', ['sts', 'assume-role', '--profile', 'alice', '--role-arn', AUDIT], /sts:AssumeRole .* answered without Credentials\.AccessKeyId/],
  ])('a 200 with %s is an error naming the API and the endpoint, never an empty success', async (body, args, message) => {
    const server = await answering(200, body);
    try {
      const result = await run([...args, '--endpoint', server.url, '--config-path', configPath]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain("that is not an Alibaba Cloud answer\n  hint: check --endpoint / ALIAUDIT_ENDPOINT");
    } finally {
      await server.close();
    }
  });

  it('a 200 that is not JSON at all', async () => {
    const server = await answering(200, '<html>login page</html>', 'text/html');
    try {
      const result = await run(['whoami', '--profile', 'alice', '--endpoint', server.url, '--config-path', configPath]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^aliaudit: error: http:\/\/127\.0\.0\.1:\d+ answered something that is not an API response\n/);
    } finally {
      await server.close();
    }
  });
});

describe('5. secrets kept off the command line', () => {
  const secretFile = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aliaudit-secret-')), 'secret');
    writeFileSync(file, 'from-a-file-0001\n');
    return file;
  };
  const saved = (path: string, name: string) => JSON.parse(readFileSync(path, 'utf8')).profiles.find((p: { name: string }) => p.name === name);
  const fresh = () => join(mkdtempSync(join(tmpdir(), 'aliaudit-secrets-')), 'config.json');
  const setAk = (path: string, secretArgs: string[], options: { input?: string; tty?: boolean } = {}) =>
    run(['configure', 'set', '--profile', 'k', '--mode', 'AK', '--access-key-id', 'LTAI5tKey', ...secretArgs, '--region', 'cn-hangzhou', '--config-path', path], options);

  it('@file reads the secret from a file, without its line break', async () => {
    const path = fresh();
    expect((await setAk(path, ['--access-key-secret', `@${secretFile()}`])).code).toBe(0);
    expect(saved(path, 'k').access_key_secret).toBe('from-a-file-0001');
  });

  it('- reads it from stdin', async () => {
    const path = fresh();
    const result = await setAk(path, ['--access-key-secret', '-'], { input: 'piped-secret-0001\n' });
    expect(result.code).toBe(0);
    expect(saved(path, 'k').access_key_secret).toBe('piped-secret-0001');
  });

  it('no value at a terminal asks for it; no value and no terminal refuses, naming the flag', async () => {
    const path = fresh();
    const asked = await setAk(path, ['--access-key-secret'], { input: 'typed-secret-0001\n', tty: true });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toContain('AccessKey secret for profile k: ');
    expect(asked.stderr).not.toContain('typed-secret-0001');
    expect(saved(path, 'k').access_key_secret).toBe('typed-secret-0001');
    const other = fresh();
    const noTerminal = await setAk(other, ['--access-key-secret']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('AccessKey secret for profile k: needs an answer, and there is no terminal to ask on');
    expect(noTerminal.stderr).toContain('hint: pass --access-key-secret <value>|@file|-');
  });

  it('--sts-token takes them too; an empty file is refused', async () => {
    const path = fresh();
    const result = await run(
      ['configure', 'set', '--profile', 't', '--mode', 'StsToken', '--access-key-id', 'STS.x', '--access-key-secret', `@${secretFile()}`,
        '--sts-token', '-', '--region', 'cn-hangzhou', '--config-path', path],
      { input: 'token-from-stdin' },
    );
    expect(result.code).toBe(0);
    expect(saved(path, 't').sts_token).toBe('token-from-stdin');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    const refusedEmpty = await setAk(fresh(), ['--access-key-secret', `@${empty}`]);
    expect(refusedEmpty.code).toBe(2);
    expect(refusedEmpty.stderr).toContain('--access-key-secret is empty');
  });

  it('a process_command is shown with its secrets masked by list, get and whoami', async () => {
    const printer = join(dir, 'print-alice.mjs');
    writeFileSync(printer, `console.log(JSON.stringify({ mode: 'AK', access_key_id: '${ALICE.id}', access_key_secret: '${ALICE.secret}' }))`);
    const command = `${process.execPath} ${printer} --client-secret hunter2-secret API_TOKEN=tok-0001`;
    const extra = writeConfig(emulator.url, [{ name: 'sso', mode: 'External', process_command: command, region_id: 'cn-hangzhou' }]).configPath;
    const list = await run(['configure', 'list', '-o', 'table', '--config-path', extra]);
    const get = await run(['configure', 'get', '--profile', 'sso', '--config-path', extra]);
    const whoami = await run(['whoami', '--profile', 'sso', '-o', 'table', '--endpoint', emulator.url, '--config-path', extra]);
    expect(whoami.code).toBe(0);
    for (const shown of [list.stdout, get.stdout, whoami.stdout]) {
      expect(shown).toContain('--client-secret ****');
      expect(shown).not.toContain('hunter2-secret');
      expect(shown).not.toContain('tok-0001');
    }
    expect(JSON.parse(get.stdout).process_command).toContain('API_TOKEN=****');
  });
});

describe('6. raw errors become one plain sentence', () => {
  let tcp: Server | undefined;
  afterAll(() => tcp?.close());

  it('https to a plain-http port names the likely mistake', async () => {
    const http = await answering(200, '{}');
    try {
      const result = await run(['whoami', '--profile', 'alice', '--endpoint', http.url.replace('http:', 'https:'), '--config-path', configPath]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^aliaudit: error: could not reach https:\/\/127\.0\.0\.1:\d+: the TLS handshake failed \(is that a plain-http port\? then use http:\/\/\)\n {2}hint: check --endpoint/);
    } finally {
      await http.close();
    }
  });

  it('a server that does not speak HTTP', async () => {
    tcp = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    await new Promise<void>((resolve) => tcp!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    const result = await run(['whoami', '--profile', 'alice', '--endpoint', url, '--config-path', configPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^aliaudit: error: could not reach http:\/\/127\.0\.0\.1:\d+: what answered there does not speak HTTP\n/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an endpoint host that does not resolve', async () => {
    const result = await run(['whoami', '--profile', 'alice', '--endpoint', 'https://no-such-emulator.invalid', '--config-path', configPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^aliaudit: error: could not reach https:\/\/no-such-emulator\.invalid: host (not found|name lookup failed)\n {2}hint: check --endpoint/);
  });
});

describe('4. files', () => {
  it('a lock held by a live process: after a second, the wait is said on stderr, then the change goes through', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aliaudit-locked-'));
    const path = join(folder, 'config.json');
    writeFileSync(path, JSON.stringify({ current: 'a', profiles: [{ name: 'a', mode: 'EcsRamRole', region_id: 'cn-hangzhou' }, { name: 'b', mode: 'EcsRamRole', region_id: 'cn-hangzhou' }] }));
    mkdirSync(`${path}.lock`);
    writeFileSync(join(`${path}.lock`, 'owner'), JSON.stringify({ pid: process.pid, host: hostname(), token: 'held-by-the-test', since: new Date().toISOString() }));
    setTimeout(() => rmSync(`${path}.lock`, { recursive: true, force: true }), 1500);
    const result = await run(['configure', 'switch', '--profile', 'b', '--config-path', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`waiting for the lock held by pid ${process.pid}\nSwitched to profile "b" (EcsRamRole).\n`);
  });

  it('a config path that is a FIFO is refused at once, and left as it is', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aliaudit-fifo-'));
    const path = join(folder, 'config.json');
    execFileSync('mkfifo', [path]);
    for (const args of [['configure', 'list'], ['configure', 'switch', '--profile', 'a'], ['whoami']]) {
      const result = await run([...args, '--config-path', path]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${path} is a FIFO, not a file`);
    }
    expect(statSync(path).isFIFO()).toBe(true);
  }, 10_000);
});

describe('9. papercuts', () => {
  it('an unknown profile gets "did you mean"', async () => {
    const result = await refused(['whoami', '--profile', 'Alic'], 'unknown profile "Alic"');
    expect(result.stderr).toContain("hint: did you mean 'alice'? (--profile alice)");
  });

  it('plain http to a non-loopback credentials URI is refused at configure set, not first at use', async () => {
    await refused(
      ['configure', 'set', '--profile', 'broker', '--mode', 'CredentialsURI', '--credentials-uri', 'http://10.0.0.5/creds', '--region', 'cn-hangzhou'],
      '--credentials-uri refuses plain http to 10.0.0.5',
    );
  });

  it('an unknown option before the command is named as such', async () => {
    const result = await refused(['--bogus', 'whoami'], 'unknown option --bogus before the command');
    expect(result.stderr).not.toContain('Name a command');
  });

  it('configure switch to the current profile leaves the file byte for byte alone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aliaudit-switch-'));
    const path = join(folder, 'config.json');
    // Written by another tool, with four-space indentation and a trailing newline.
    writeFileSync(path, `${JSON.stringify({ current: 'a', profiles: [{ name: 'a', mode: 'EcsRamRole', region_id: 'cn-hangzhou' }] }, null, 4)}\n`);
    const before = readFileSync(path);
    const result = await run(['configure', 'switch', '--profile', 'a', '--config-path', path]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('is already current');
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
