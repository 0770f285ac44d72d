import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Context, Signals } from '../../src/cli/context.js';
import { bufferContext } from '../helpers/context.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ACCOUNT, ALICE, writeConfig } from '../helpers/profiles.js';

const PROCESS_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning'];

/** What a command line could leave behind in this process: listeners, and open handles by kind. */
function processState() {
  const listeners = Object.fromEntries(PROCESS_EVENTS.map((event) => [event, process.listenerCount(event)]));
  const streams = { stdout: process.stdout.listenerCount('error'), stderr: process.stderr.listenerCount('error') };
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return { listeners, streams, handles };
}

interface Line {
  args: string[];
  code: number;
  /** A check of what the line printed. */
  check?(out: { stdout: string; stderr: string }): void;
}

/** Runs one line in the long-lived context, with its own buffers, as the shell will. */
async function runLine(ctx: Context, line: Line) {
  const run = bufferContext({ color: true });
  const code = await main(line.args, ctx.derive({ io: run.ctx.io }));
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('one process, many command lines', () => {
  it('runs 500 mixed lines through main() with every exit code right and nothing left behind', async () => {
    const before = processState();
    const emulator = await startTestEmulator();
    const { configPath } = writeConfig(emulator.url);
    const global = ['--endpoint', emulator.url, '--config-path', configPath];
    // Signals as the launcher hands them out: exec traps them while its child runs, and must let go after.
    let trapped = 0;
    const signals: Signals = {
      trap: () => {
        trapped += 1;
        return () => (trapped -= 1);
      },
    };
    const { ctx } = bufferContext({ env: cleanEnv(), color: true, signals });

    const expirations = new Set<string>();
    const kinds: ((i: number) => Line)[] = [
      () => ({
        args: ['whoami', '--profile', 'hop3', '-o', 'json', ...global],
        code: 0,
        check: ({ stdout }) => {
          const out = JSON.parse(stdout);
          expect(out.identity.Arn).toBe(`acs:ram::${ACCOUNT}:assumed-role/DeployRole/hop3`);
          expirations.add(out.chain.map((hop: { expiration: string }) => hop.expiration).join());
        },
      }),
      (i) => ({
        args: ['exec', '--profile', 'alice', ...global, '--', 'sh', '-c', `echo "$ALIBABA_CLOUD_ACCESS_KEY_ID"; exit ${i % 7}`],
        code: i % 7,
        check: ({ stdout }) => expect(stdout).toBe(`${ALICE.id}\n`),
      }),
      (i) => ({
        args: ['configure', 'set', '--profile', `p${Math.floor(i / 5) % 20}`, '--mode', 'AK', '--access-key-id', `LTAIp${i}`, '--access-key-secret', `s-${i}`,
          '--region', 'cn-hangzhou', '--config-path', configPath],
        code: 0,
        check: ({ stderr }) => expect(stderr).toMatch(/^(Created|Saved) profile "p\d+" \(AK\) and made it current\.\n$/),
      }),
      (i) => ({
        ...[
          { args: ['configure', 'set', '--profile', 'x', '--mode', 'Password', '--no-color', '--config-path', configPath], code: 2 },
          { args: ['whoami', '--no-such-flag', ...global], code: 2 },
          { args: ['sts', 'assume-role', '--role-arn', 'AuditRole', ...global], code: 2 },
          { args: ['whoami', '--profile', 'ghost', ...global], code: 2 },
        ][i % 4],
        // --no-color is for its own line only: the next error is coloured again.
        check: ({ stdout, stderr }) => {
          expect(stdout).toBe('');
          expect(stderr).toMatch(i % 4 === 0 ? /^aliaudit: error: / : /^aliaudit: \u001B\[31merror:\u001B\[0m /);
        },
      }),
      (i) => (i % 2 === 0
        ? { args: ['--help'], code: 0, check: ({ stdout }) => expect(stdout).toContain('aliaudit whoami') }
        : { args: ['configure', 'set', '--help'], code: 0, check: ({ stdout }) => expect(stdout).toContain('--ram-role-arn') }),
    ];

    const failures: string[] = [];
    for (let i = 0; i < 500; i++) {
      const line = kinds[i % kinds.length](i);
      const result = await runLine(ctx, line);
      if (result.code !== line.code) failures.push(`${line.args.join(' ')} → ${result.code}, not ${line.code}: ${result.stderr}`);
      line.check?.(result);
    }
    expect(failures).toEqual([]);
    expect(trapped).toBe(0);

    // The role chain (three AssumeRole calls) was resolved once and reused by all hundred whoami lines.
    expect(expirations.size).toBe(1);
    // Twenty profiles written, none lost, and the file still the aliyun CLI's.
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    expect(config.profiles.filter((p: { name: string }) => /^p\d+$/.test(p.name))).toHaveLength(20);

    await emulator.stop();
    // Keep-alive sockets to the emulator close as it closes them; then nothing is open that was not open before.
    const leftBehind = () => {
      const { handles, ...rest } = processState();
      const extra = Object.entries(handles).filter(([kind, count]) => count > (before.handles[kind] ?? 0));
      return { ...rest, extra };
    };
    for (let i = 0; i < 100 && leftBehind().extra.length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const { handles: _, ...listeners } = before;
    expect(leftBehind()).toEqual({ ...listeners, extra: [] });
  }, 120_000);
});
