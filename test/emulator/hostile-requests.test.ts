/**
 * Hostile or careless requests: each gets a clear refusal in the API's own error shape with a 4xx status (or
 * InternalError 500 for a fault of the emulator's own), never a raw exception, a hang or a crash; and a refused
 * request changes nothing. Raw bytes go through net.connect, as fetch() will not send most of them.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadWorldFile } from '../../src/emulator/world.js';
import { bufferContext } from '../helpers/context.js';
import { KEYS, WORLD_FILE, acs3Call, startWorld } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startWorld();
});
afterAll(() => emulator.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Writes `bytes` on a fresh connection and reads the answer until the server closes it. */
function exchange(bytes: string | Buffer, on = emulator): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(on.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text)}`));
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      const body = text.slice(split + 4);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: headers['content-type']?.startsWith('application/json') ? JSON.parse(body) : body });
    });
    socket.end(bytes);
  });
}

/** A request line and headers, the connection closed after the answer. */
function raw(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: emulator.test', 'Connection: close'];
  for (const [name, value] of Object.entries({ 'Content-Length': String(Buffer.byteLength(body)), ...headers })) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function expectApiError(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(answer.body).toEqual({
    RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    HostId: expect.any(String),
    Code: code,
    Message: expect.any(String),
    Recommend: expect.stringContaining(`q=${encodeURIComponent(code)}`),
  });
  expect(answer.headers['x-acs-request-id']).toBe(answer.body.RequestId);
}

async function stillServes(on = emulator): Promise<void> {
  expect(await (await fetch(`${on.url}/_emulator/health`)).json()).toEqual({ ok: true });
}

describe('the clock control', () => {
  const clock = (query: string, method = 'POST') => exchange(raw(method, `/_emulator/clock${query}`));

  it.each(['-5', 'NaN', 'Infinity', '1e999', '1e3', 'abc', '', '+5', '0x10', ' 90', '1.', '%2D5', '9'.repeat(400), '3153600001'])(
    'refuses advance=%j with InvalidParameter and leaves the clock alone',
    async (value) => {
      const before = emulator.state.clockOffsetMs;
      const answer = await clock(`?advance=${value === ' 90' ? '%2090' : value}`);
      expectApiError(answer, 400, 'InvalidParameter');
      expect(answer.body.Message).toContain('"advance"');
      expect(answer.body.Message).toContain('finite, non-negative number of seconds');
      expect(emulator.state.clockOffsetMs).toBe(before);
    },
  );

  it('refuses a missing advance (MissingParameter) and a repeated one, and the clock has not moved', async () => {
    const missing = await clock('');
    expectApiError(missing, 400, 'MissingParameter');
    expect(missing.body.Message).toContain('"advance"');
    expect(missing.body.Message).toContain('decimal text');
    const repeated = await clock('?advance=5&advance=5');
    expectApiError(repeated, 400, 'InvalidParameter');
    expect(repeated.body.Message).toContain('2 times');
    // The clock's own answer: advancing by 0 shows it still reads the real time.
    const now = await clock('?advance=0');
    expect(now.status).toBe(200);
    expect(Math.abs(Date.parse(now.body.now) - Date.now())).toBeLessThan(5000);
    expect(emulator.state.clockOffsetMs).toBe(0);
  });

  it('accepts decimal seconds such as 1.5 and moves the clock by exactly that', async () => {
    const before = emulator.state.clockOffsetMs;
    try {
      const answer = await clock('?advance=1.5');
      expect(answer.status).toBe(200);
      expect(emulator.state.clockOffsetMs - before).toBe(1500);
    } finally {
      emulator.state.clockOffsetMs = before;
    }
  });

  it('answers a wrong method 405 UnsupportedHTTPMethod with Allow, and an unknown control 404, in the API shape', async () => {
    const get = await clock('?advance=5', 'GET');
    expectApiError(get, 405, 'UnsupportedHTTPMethod');
    expect(get.headers.allow).toBe('POST');
    const postHealth = await exchange(raw('POST', '/_emulator/health'));
    expectApiError(postHealth, 405, 'UnsupportedHTTPMethod');
    expect(postHealth.headers.allow).toBe('GET');
    const unknown = await exchange(raw('GET', '/_emulator/nothing'));
    expectApiError(unknown, 404, 'InvalidAction.NotFound');
    expect(unknown.body.Message).toContain('/_emulator/clock');
    expect(emulator.state.clockOffsetMs).toBe(0);
  });
});

describe('malformed paths and percent-encoding', () => {
  it.each([
    ['a lone %', 'GET', '/%', 'InvalidParameter', 400],
    ['a bad escape', 'GET', '/%zz', 'InvalidParameter', 400],
    ['// with a bad escape (new URL used to throw)', 'GET', '//%', 'InvalidParameter', 400],
    ['a bare // (new URL used to throw)', 'GET', '//', 'InvalidAction.NotFound', 404],
    ['a truncated UTF-8 escape in Action', 'POST', '/?Action=%E0%A4%A&Version=2015-04-01', 'InvalidParameter', 400],
    ['a lone % in a query value', 'GET', '/?a=%', 'InvalidParameter', 400],
    ['a bad escape in a query name', 'GET', '/?%zz=1', 'InvalidParameter', 400],
    ['an encoded surrogate', 'GET', '/?Action=%ED%A0%80', 'InvalidParameter', 400],
    ['a .. segment', 'POST', '/a/../?Action=GetCallerIdentity&Version=2015-04-01', 'InvalidParameter', 400],
    ['an encoded .. segment into the metadata', 'GET', '/x/%2e%2E/latest/meta-data/instance-id', 'InvalidParameter', 400],
    ['a . segment', 'GET', '/./latest/meta-data/instance-id', 'InvalidParameter', 400],
    ['a bad escape in a metadata role name (decodeURIComponent used to throw)', 'GET', '/latest/meta-data/ram/security-credentials/%E0', 'InvalidParameter', 400],
    ['a target that is no path', 'OPTIONS', '*', 'InvalidParameter', 400],
    ['a long path', 'GET', `/${'a'.repeat(20_000)}`, 'InvalidAction.NotFound', 404],
    ['a path over the header limit', 'GET', `/${'a'.repeat(70_000)}`, 'InvalidParameter.HeaderTooLarge', 431],
  ])('%s: %s %s answers %s', async (_why, method, target, code, status) => {
    const answer = await exchange(raw(method, target));
    expectApiError(answer, status, code);
  });

  it('names the parameter whose encoding is bad, in the query and in a form body', async () => {
    const query = await exchange(raw('POST', '/?Action=%E0%A4%A&Version=2015-04-01'));
    expect(query.body.Message).toContain('"Action"');
    const form = await exchange(
      raw('POST', '/?Action=AssumeRole&Version=2015-04-01', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'RoleArn=x&RoleSessionName=%ZZ'),
    );
    expectApiError(form, 400, 'InvalidParameter');
    expect(form.body.Message).toContain('"RoleSessionName"');
    expect(form.body.Message).toContain('form body');
  });

  it('answers bytes that are not HTTP with BadRequest in the API shape', async () => {
    expectApiError(await exchange('hello\r\n\r\n'), 400, 'BadRequest');
    expectApiError(await exchange(Buffer.from('GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')), 400, 'BadRequest');
    expectApiError(await exchange(Buffer.from('GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')), 400, 'BadRequest');
  });

  it('ignores a header value that is not UTF-8, and keeps serving after all of the above', async () => {
    const answer = await exchange(Buffer.from(`${raw('GET', '/_emulator/health').slice(0, -2)}X-Odd: \xff\xfe\r\n\r\n`, 'latin1'));
    expect([answer.status, answer.body]).toEqual([200, { ok: true }]);
    await stillServes();
    expect((await acs3Call(emulator, { action: 'GetCallerIdentity', keys: KEYS.alice })).status).toBe(200);
  });
});

describe('an oversized body', () => {
  it('is refused 413 from its Content-Length alone, before a byte of it is sent', async () => {
    const answer = await exchange(raw('POST', '/?Action=GetCallerIdentity&Version=2015-04-01', { 'Content-Length': String(5 * 1024 * 1024) }).replace(/Content-Length: 0\r\n/, ''));
    expectApiError(answer, 413, 'InvalidParameter.BodyTooLarge');
    expect(answer.headers.connection).toBe('close');
  });

  it('is refused 413 once a chunked body passes the limit; the rest is never read and the client is not left hanging', async () => {
    const planned = 64 * 1024 * 1024;
    let written = 0;
    let responded = false;
    const call = request(`${emulator.url}/?Action=GetCallerIdentity&Version=2015-04-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      call.on('response', (res) => {
        responded = true;
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        res.on('error', reject);
      });
      call.on('close', () => responded || reject(new Error('the connection closed without an answer')));
    });
    // Writes fail once the server closes the connection: expected, the answer is out by then.
    call.on('error', () => {});
    const closed = new Promise<void>((resolve) => call.on('close', () => resolve()));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (written < planned && !call.destroyed) {
        written += chunk.length;
        if (!call.write(chunk)) return void call.once('drain', pump);
      }
      if (!call.destroyed) call.end();
    };
    pump();
    const [result] = await Promise.all([answer, closed]);
    expect(result.status).toBe(413);
    expect(result.body.Code).toBe('InvalidParameter.BodyTooLarge');
    // Reading stopped at the limit: the client could only fill the socket buffers, never send the 64 MiB.
    expect(written).toBeLessThan(planned);
    await stillServes();
  });
});

describe('unexpected exceptions', () => {
  let broken: RunningEmulator;
  beforeAll(async () => {
    const state = loadWorldFile(WORLD_FILE);
    broken = await startEmulator({ state, port: 0 });
    state.now = () => {
      throw new Error('the clock fell off the wall');
    };
  });
  afterAll(() => broken.close());

  it.each([
    ['the clock control', 'POST', '/_emulator/clock?advance=1'],
    ['the ECS metadata credentials', 'GET', '/latest/meta-data/ram/security-credentials/EcsScanRole'],
    ['a credentials URI', 'GET', '/credentials/ci'],
    ['an OpenAPI call', 'POST', '/?Action=AssumeRoleWithOIDC&Version=2015-04-01'],
  ])('in %s answer InternalError 500 in the API shape', async (_where, method, target) => {
    const answer = await exchange(raw(method, target), broken);
    expectApiError(answer, 500, 'InternalError');
    await stillServes(broken);
  });
});

describe('binding beyond loopback', () => {
  async function run(host: string): Promise<{ stdout: string; stderr: string }> {
    const stop = new AbortController();
    const cli = bufferContext({ signal: stop.signal });
    const exited = main(['emulator', '--world', WORLD_FILE, '--host', host, '--port', '0'], cli.ctx);
    while (!cli.stdout().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const seen = { stdout: cli.stdout(), stderr: cli.stderr() };
    stop.abort();
    expect(await exited).toBe(0);
    return seen;
  }

  it('warns on stderr that metadata and credentials URIs hand out credentials, for 0.0.0.0', async () => {
    const { stdout, stderr } = await run('0.0.0.0');
    expect(stdout).toMatch(/^listening http:\/\/0\.0\.0\.0:\d+\n$/);
    expect(stderr).toMatch(/^warning: /);
    expect(stderr).toContain('0.0.0.0 is not a loopback address');
    expect(stderr).toContain('ECS metadata');
    expect(stderr).toContain('credentials-URI');
    expect(stderr).toContain('without authentication');
  });

  it('says nothing for 127.0.0.1', async () => {
    const { stdout, stderr } = await run('127.0.0.1');
    expect(stdout).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(stderr).toBe('');
  });
});
