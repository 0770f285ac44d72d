import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNumber, type NumberRule } from '../../src/cli/numbers.js';
import { UsageError } from '../../src/core/errors.js';
import { runMain } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { ACCOUNT, role, writeConfig } from '../helpers/profiles.js';
import { startTrapServer, type TrapServer } from '../helpers/trap.js';

/** One rule for every number flag: finite, whole when it must be, in range; refused with exit 2 otherwise. */

const RULE: NumberRule = { min: 1, max: 256, integer: true, default: 32 };

describe('checkNumber', () => {
  it('passes a value in range, and a flag not given', () => {
    expect(checkNumber('--concurrency', 1, RULE)).toBe(1);
    expect(checkNumber('--concurrency', 256, RULE)).toBe(256);
    expect(checkNumber('--concurrency', undefined, RULE)).toBeUndefined();
    expect(checkNumber('--region-timeout', 0.5, { min: 0.001, max: 86_400, unit: 'seconds', default: 600 })).toBe(0.5);
  });

  it.each([
    [0, '--concurrency 0 is out of range: it takes a whole number from 1 to 256'],
    [257, '--concurrency 257 is out of range: it takes a whole number from 1 to 256'],
    [-1, '--concurrency -1 is out of range'],
    [2.5, '--concurrency 2.5 is not a whole number: it takes a whole number from 1 to 256'],
    [Number.NaN, '--concurrency is not a number: it takes a whole number from 1 to 256'],
    [Number.POSITIVE_INFINITY, '--concurrency Infinity is out of range'],
    ['12', '--concurrency is not a number'],
  ])('%s is refused as bad usage, naming the flag, the value, the range and the default', (value, message) => {
    let error: unknown;
    try {
      checkNumber('--concurrency', value, RULE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toContain(message);
    expect((error as UsageError).hint?.text).toBe('leave --concurrency out for the default, 32');
  });
});

describe('every number flag of every command', () => {
  let trap: TrapServer;
  let configPath: string;
  beforeAll(async () => {
    trap = await startTrapServer();
    ({ configPath } = writeConfig(trap.url));
  });
  afterAll(() => trap?.close());

  const AUDIT = role('AuditRole');
  const output = () => mkdtempSync(join(tmpdir(), 'aliaudit-numbers-'));

  it.each([
    [['scan', '--region-timeout', '-1'], '--region-timeout -1 is out of range: it takes a number of seconds from 0.001 to 86400', 'the default, 600'],
    [['scan', '--region-timeout', '0'], '--region-timeout 0 is out of range', 'the default, 600'],
    [['scan', '--region-timeout', '1e9'], '--region-timeout 1000000000 is out of range', 'the default, 600'],
    [['scan', '--region-timeout', 'abc'], '--region-timeout: "abc" is not a number', '--region-timeout'],
    [['scan', '--concurrency', '2.5'], '--concurrency 2.5 is not a whole number: it takes a whole number from 1 to 256', 'the default, 32'],
    [['scan', '--concurrency', '0'], '--concurrency 0 is out of range', 'the default, 32'],
    [['scan', '--concurrency', '-3', '--list-checks'], '--concurrency -3 is out of range', 'the default, 32'],
    [['emulator', '--world', 'demo', '--port', '-1'], '--port -1 is out of range: it takes a whole number from 0 to 65535', '0, any free port'],
    [['emulator', '--world', 'demo', '--port', '70000'], '--port 70000 is out of range', '0, any free port'],
    [['emulator', '--world', 'demo', '--port', '80.5'], '--port 80.5 is not a whole number', '0, any free port'],
    [['sts', 'assume-role', '--role-arn', AUDIT, '--duration-seconds', '899'], '--duration-seconds 899 is out of range: it takes a whole number of seconds from 900 to 43200', 'the default, 3600'],
    [['sts', 'assume-role', '--role-arn', AUDIT, '--duration-seconds', '1000.5'], '--duration-seconds 1000.5 is not a whole number', 'the default, 3600'],
    [['sts', 'assume-role-with-oidc', '--role-arn', AUDIT, '--oidc-provider-arn', 'acs:ram::1:oidc-provider/x', '--oidc-token', 'x', '--duration-seconds', '-900'], '--duration-seconds -900 is out of range', 'the default, 3600'],
    [['ram', 'role', 'create', 'R', '--trusted-account', ACCOUNT, '--max-session-duration', '3600.5'], '--max-session-duration 3600.5 is not a whole number: it takes a whole number of seconds from 3600 to 43200', "RAM's default, 3600"],
    [['ram', 'role', 'update', 'R', '--max-session-duration', '-1'], '--max-session-duration -1 is out of range', "the role's current value"],
    [['ram', 'password-policy', 'set', '--minimum-length', '8.5'], '--minimum-length 8.5 is not a whole number: it takes a whole number from 8 to 32', 'its current value'],
    [['ram', 'password-policy', 'set', '--max-login-attempts', '-1'], '--max-login-attempts -1 is out of range', 'its current value'],
  ])('%j: exit 2, naming the flag, and no call made', async (args, message, hint) => {
    const requests = trap.requests();
    const dir = output();
    const extra = args[0] === 'scan' ? ['--output-directory', dir] : [];
    const result = await runMain([...args, ...extra, '--endpoint', trap.url, '--config-path', configPath], { env: cleanEnv() });
    expect({ args, code: result.code }).toEqual({ args, code: 2 });
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toContain('NaN');
    expect(result.stdout).toBe('');
    expect(trap.requests()).toBe(requests);
    expect(readdirSync(dir)).toEqual([]);
  });
});
