import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, type View } from '../../src/ui/dashboard/frame.js';
import { runMain } from '../helpers/cli.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { EVIL, EVIL_SHOWN, expectSafe, writeHostileWorld } from '../helpers/hostile-world.js';
import { boardOf, finding } from '../ui/dashboard/harness.js';

/** Names from the cloud, a world file and config.json reach every table, CSV, JSON, report and the dashboard shown visibly. */

let emulator: RunningEmulator;
let home: string;
let configPath: string;

beforeAll(async () => {
  let worldFile: string;
  ({ home, worldFile, configPath } = writeHostileWorld());
  emulator = await startTestEmulator(worldFile);
});
afterAll(() => emulator?.stop());

function run(args: string[], options: { tty?: boolean; color?: boolean } = {}) {
  const env = cleanEnv({ HOME: home });
  return runMain([...args, options.color ? '--color' : '--no-color', '--config-path', configPath, '--endpoint', emulator.url], { env, tty: options.tty });
}

describe('names with escape sequences', () => {
  it.each([
    ['a table on a terminal, in colour', ['ram', 'user', 'list'], { tty: true, color: true }],
    ['a table on a terminal', ['ram', 'user', 'list'], { tty: true }],
    ['tab-separated for a pipe', ['ram', 'user', 'list', '--output', 'table'], {}],
    ['CSV', ['ram', 'user', 'list', '--output', 'csv'], { tty: true }],
    ['one user as facts', ['ram', 'user', 'get', 'intern.chen'], { tty: true, color: true }],
    ['one user as CSV', ['ram', 'user', 'get', 'intern.chen', '--output', 'csv'], {}],
  ])('%s: the display name is shown, never obeyed', async (_, args, options) => {
    const result = await run(args, options);
    expect(result.code).toBe(0);
    // In colour, aliaudit's own escape sequences are there, and only they.
    if ('color' in options) expect(result.stdout).toContain('\u001b[1m');
    expectSafe(result.stdout, 'stdout');
    expectSafe(result.stderr, 'stderr');
    expect(result.stdout).toContain(EVIL_SHOWN);
  });

  it('JSON keeps the exact value, every control character escaped', async () => {
    const result = await run(['ram', 'user', 'list', '--output', 'json'], { tty: true });
    expectSafe(result.stdout, 'stdout');
    const users = JSON.parse(result.stdout) as { DisplayName?: string }[] | { Users: { User: { DisplayName?: string }[] } };
    const names = (Array.isArray(users) ? users : users.Users.User).map((user) => user.DisplayName);
    expect(names).toContain(EVIL);
  });

  it('a profile name from config.json: in configure list, and quoted in an error', async () => {
    const list = await run(['configure', 'list'], { tty: true, color: true });
    expectSafe(list.stdout, 'configure list');
    expect(list.stdout).toContain(`ops${EVIL_SHOWN}`);
    const csv = await run(['configure', 'list', '--output', 'csv']);
    expectSafe(csv.stdout, 'configure list csv');
    const refused = await run(['whoami', '--profile', `nope${EVIL}`], { tty: true, color: true });
    expect(refused.code).toBe(2);
    expectSafe(refused.stderr, 'the error');
    expect(refused.stderr).toContain(`"nope${EVIL_SHOWN}"`);
  });

  it('a world file whose key is an escape sequence is refused with the key shown', async () => {
    const file = join(home, 'bad-world.json');
    writeFileSync(file, JSON.stringify({ Accounts: [{ AccountId: '1234567890123456', [EVIL]: 1 }] }));
    const refused = await run(['emulator', '--world', file], { tty: true, color: true });
    expect(refused.code).toBe(2);
    expectSafe(refused.stderr, 'the error');
    expect(refused.stderr).toContain('^[]0;pwned');
  });

  it('an error quotes a bounded prefix of a 100 kB value', async () => {
    const refused = await run(['whoami', '--profile', `${'p'.repeat(100_000)}${EVIL}`], { tty: true });
    expect(refused.code).toBe(2);
    expect(refused.stderr.length).toBeLessThan(2_000);
    expect(refused.stderr).toContain(`(${100_000 + EVIL.length} characters)`);
    expectSafe(refused.stderr, 'the error');
  });

  it('a security group name reaches the summary, the plain progress and all four report files shown visibly', async () => {
    const dir = mkdtempSync(join(home, 'out-'));
    const result = await run(['scan', '--regions', 'cn-hangzhou', '--services', 'ecs', '--output-formats', 'json-ocsf', 'csv', 'html', 'sarif', '--output-directory', dir, '--progress', 'plain']);
    expect([0, 3]).toContain(result.code);
    expectSafe(result.stdout, 'stdout');
    expectSafe(result.stderr, 'stderr');
    const files = readdirSync(dir);
    expect(files.map((file) => file.replace(/^.*?\./, ''))).toEqual(expect.arrayContaining(['ocsf.json', 'csv', 'html', 'sarif']));
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expectSafe(text, file);
      if (file.endsWith('.csv')) expect(text).toContain(`web${EVIL_SHOWN}`);
      // In the page's data block, where `<` is written \u003c.
      if (file.endsWith('.html')) expect(text).toContain('web^[]0;pwned^G^[[2J^[[31mEVIL\\u003cU+009B>');
      if (file.endsWith('.json') || file.endsWith('.sarif')) expect(text).toContain('\\u001b]0;pwned\\u0007');
    }
  });

  it('the dashboard shows a hostile finding visibly, on the region list and in its details', () => {
    const board = boardOf(['cn-hangzhou'], [
      { type: 'region-started', region: 'cn-hangzhou' },
      { type: 'finding', finding: finding('cn-hangzhou', 'critical', `web${EVIL}`) },
    ]);
    const view: View = { screen: 'regions', selected: 'cn-hangzhou', scroll: 0, paused: false, stopping: false, activeMs: 1_000 };
    for (const screen of ['regions', 'details'] as const) {
      const text = frame(board, { ...view, screen }, { columns: 200, rows: 30 })
        .map((line) => line.map((segment) => segment.text).join(''))
        .join('\n');
      expectSafe(text, screen);
      expect(text).toContain('web^[]0;pwned');
    }
  });
});
