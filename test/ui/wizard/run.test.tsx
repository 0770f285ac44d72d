import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/cli/app.js';
import { main } from '../../../src/cli/main.js';
import { startTestEmulator, type RunningEmulator } from '../../helpers/emulator.js';
import { cleanEnv } from '../../helpers/env.js';
import { waitFor } from '../ink-input.js';
import { afterInkTurn, KEY } from './harness.js';

/** A terminal's stdin as Ink drives it: raw mode, readable chunks. */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  private readonly chunks: string[] = [];
  setRawMode(on: boolean) {
    this.rawModes.push(on);
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.chunks.shift() ?? null;
  }
  type(text: string) {
    this.chunks.push(text);
    this.emit('readable');
  }
  /** Chunks typed that Ink has not read yet. */
  pending(): number {
    return this.chunks.length;
  }
}

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  written = '';
  constructor(public rows: number) {
    super();
  }
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
  /** What the frames drew since the last call, escapes removed. */
  private seen = 0;
  fresh(): string {
    const text = this.written.slice(this.seen);
    this.seen = this.written.length;
    return text.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
  }
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

/** `aliaudit configure` through main(), as the launcher runs it, on a fake terminal. */
function terminal(options: { rows?: number; config?: object; text?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-wizard-run-'));
  const path = join(dir, 'config.json');
  if (options.config) writeFileSync(path, JSON.stringify(options.config, null, '\t'));
  if (options.text !== undefined) writeFileSync(path, options.text);
  const stdin = new FakeStdin();
  const stdout = new FakeStdout(options.rows ?? 24);
  let stderr = '';
  const interrupt = new AbortController();
  const ctx = createContext({
    io: {
      stdout,
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
      stdin: stdin as unknown as Readable,
      stdoutIsTTY: true,
      stderrIsTTY: true,
      stdinIsTTY: true,
      color: false,
      columns: 80,
      inheritable: false,
    },
    env: cleanEnv({ HOME: dir }),
    now: () => new Date(),
    homedir: dir,
    cwd: dir,
    signal: interrupt.signal,
  });
  const exit = main(['configure', '--config-path', path, '--endpoint', emulator.url], ctx);
  const until = async (text: string) => {
    let drawn = '';
    await waitFor(
      () => (drawn += stdout.fresh()).includes(text),
      () => `the wizard to draw ${text}:\n${drawn}`,
    );
    // The frame is drawn before the wizard listens for keys (in an effect), and Ink reads nothing until it does.
    await waitFor(() => stdin.listenerCount('readable') > 0, () => `the wizard to listen for keys:\n${drawn}`);
    return drawn;
  };
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      stdin.type(key);
      await waitFor(() => stdin.pending() === 0, () => `Ink to read ${JSON.stringify(key)}`);
      // A lone Esc is held by Ink until its next turn: the next key must not join it.
      if (key.endsWith(KEY.escape)) await afterInkTurn();
    }
  };
  return { dir, path, stdin, stdout, stderr: () => stderr, exit, until, press, interrupt };
}

/** The terminal as Ink must leave it: raw mode off, nothing listening on stdin, the cursor shown again. */
function expectRestored(t: ReturnType<typeof terminal>, rawModeUsed = true) {
  expect(t.stdin.rawModes.includes(true)).toBe(rawModeUsed);
  if (rawModeUsed) expect(t.stdin.rawModes.at(-1)).toBe(false);
  expect(t.stdin.listenerCount('readable')).toBe(0);
  expect(t.stdout.written.lastIndexOf('\u001B[?25h')).toBeGreaterThan(t.stdout.written.lastIndexOf('\u001B[?25l'));
}

describe('aliaudit configure on a terminal', () => {
  it('runs the wizard, saves as configure set does, prints one line and restores the terminal', async () => {
    const t = terminal();
    await t.until('step 1 of 5');
    await t.press(KEY.ctrlU, 'alice-ak', KEY.enter);
    await t.until('step 2 of 5');
    await t.press(KEY.enter);
    await t.until('step 3 of 5');
    await t.press('LTAI5tAliceKey', KEY.enter, 'AliceSecretValue0123456789', KEY.enter, 'cn-hangzhou', KEY.enter);
    await t.until('step 4 of 5');
    await t.press('s');
    await t.until('step 5 of 5');
    await t.press(KEY.enter);
    expect(await t.exit).toBe(0);
    expect(t.stderr()).toBe('Created profile "alice-ak" (AK) and made it current.\n');
    expect(JSON.parse(readFileSync(t.path, 'utf8'))).toMatchObject({ current: 'alice-ak', profiles: [{ name: 'alice-ak', mode: 'AK' }] });
    expect(t.stdout.written).not.toContain('AliceSecretValue0123456789');
    expectRestored(t);
  });

  it('a cancelled wizard is a quiet cancel: one plain line that nothing was changed, exit 130, nothing written', async () => {
    const t = terminal();
    await t.until('step 1 of 5');
    await t.press(KEY.enter);
    await t.until('step 2 of 5');
    await t.press(KEY.ctrlC);
    expect(await t.exit).toBe(130);
    expect(t.stderr()).toBe('Cancelled: nothing was changed.\n');
    expect(readdirSync(t.dir)).toEqual([]);
    expectRestored(t);
  });

  it('interrupted (SIGTERM, SIGHUP) it exits 130, writes nothing, and restores the terminal', async () => {
    const t = terminal();
    await t.until('step 1 of 5');
    t.interrupt.abort();
    expect(await t.exit).toBe(130);
    expect(existsSync(t.path)).toBe(false);
    expectRestored(t);
  });

  it('keeps the frame below the terminal\'s height, and follows a resize', async () => {
    const profiles = Array.from({ length: 40 }, (_, i) => ({ name: `p${i}`, mode: 'EcsRamRole', region_id: 'cn-hangzhou' }));
    const t = terminal({ rows: 10, config: { current: 'p0', profiles } });
    const first = await t.until('step 1 of 5');
    expect(first).toMatch(/↓ \d+ more/);
    t.stdout.rows = 60;
    t.stdout.emit('resize');
    const resized = await t.until('p39');
    expect(resized).not.toContain('more');
    await t.press(KEY.ctrlC);
    expect(await t.exit).toBe(130);
  });

  it('a config.json it cannot read ends it with that error (exit 2), the file untouched', async () => {
    const t = terminal({ text: '{ "current": ' });
    expect(await t.exit).toBe(2);
    expect(t.stderr()).toContain(`${t.path}:1:`);
    expect(t.stderr()).toContain('will not overwrite');
    expect(readFileSync(t.path, 'utf8')).toBe('{ "current": ');
    // It ended before it asked anything: raw mode was never turned on.
    expectRestored(t, false);
  });
});
