import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { expect } from 'vitest';
import type { Context } from '../../../src/cli/context.js';
import type { Mode } from '../../../profiles/model.js';
import { SETTABLE_FIELDS } from '../../../profiles/modes.js';
import { Wizard, type WizardResult } from '../../../src/ui/wizard/wizard.js';
import { MODE_CHOICES } from '../../../src/ui/wizard/fields.js';
import { runMain } from '../../helpers/cli.js';
import { bufferContext } from '../../helpers/context.js';
import { cleanEnv } from '../../helpers/env.js';
import { InputProbe, waitFor, writeKeys } from '../ink-input.js';

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  up: '\u001B[A',
  down: '\u001B[B',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
  backspace: '\u007F',
} as const;

/**
 * One turn of the event loop, for code that drives Ink through a stream of its own (run.test.tsx): after a lone Esc,
 * Ink holds it until its own next turn, which this one follows (setImmediate callbacks run in the order they were
 * scheduled). An ordering, not a guess at how long anything takes.
 */
export async function afterInkTurn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

export interface Workspace {
  dir: string;
  path: string;
  /** A context as the configure command hands the wizard: the workspace's config.json, the endpoint, if any. */
  ctx: Context;
  env: Record<string, string>;
}

/** A temp folder (also HOME and the working folder) with config.json in it, written from `config` if given. */
export function workspace(options: { config?: object; endpoint?: string; env?: Record<string, string>; color?: boolean } = {}): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-wizard-'));
  const path = join(dir, 'config.json');
  if (options.config) writeFileSync(path, JSON.stringify(options.config, null, '\t'));
  const env = cleanEnv({ HOME: dir, ...options.env });
  const { ctx } = bufferContext({ env, homedir: dir, cwd: dir, tty: true, stdinTTY: true, color: options.color });
  return { dir, path, env, ctx: ctx.derive({ selection: { configPath: path, endpoint: options.endpoint } }) };
}

export interface Mounted {
  frames: string[];
  lastFrame(): string;
  press(...keys: string[]): Promise<void>;
  /** Waits until the frame shows `text` (the config is read, a check answers, a save lands). */
  until(text: string | RegExp, timeoutMs?: number): Promise<string>;
  result(): WizardResult | undefined;
  ended(timeoutMs?: number): Promise<WizardResult>;
  unmount(): void;
}

export async function mount(ctx: Context, height?: number): Promise<Mounted> {
  let result: WizardResult | undefined;
  let calls = 0;
  const probe = new InputProbe();
  const app = render(
    <>
      <probe.View />
      <Wizard
        ctx={ctx}
        height={height}
        onDone={(done) => {
          calls += 1;
          result = done;
        }}
      />
    </>,
  );
  const lastFrame = () => app.lastFrame() ?? '';
  const until = async (text: string | RegExp, timeoutMs = 10_000) => {
    const shows = () => (typeof text === 'string' ? lastFrame().includes(text) : text.test(lastFrame()));
    await waitFor(shows, () => `the frame to show ${String(text)}; last frame:\n${lastFrame()}`, timeoutMs);
    return lastFrame();
  };
  const mounted: Mounted = {
    frames: app.frames,
    lastFrame,
    async press(...keys) {
      for (const key of keys) await writeKeys(app, probe, key);
    },
    until,
    result: () => result,
    async ended(timeoutMs = 10_000) {
      await waitFor(() => result !== undefined, () => `the wizard to end; last frame:\n${lastFrame()}`, timeoutMs);
      // It ends once: no second call after the frame that ended it.
      await waitFor(() => lastFrame() === '', () => `the wizard to draw nothing once ended; last frame:\n${lastFrame()}`, timeoutMs);
      expect(calls).toBe(1);
      return result!;
    },
    unmount: () => app.unmount(),
  };
  // The first frame is drawn before the wizard listens for keys (in an effect): a key written before is lost.
  await until('step 1 of 5');
  await waitFor(() => probe.listening() > 0, () => `the wizard to listen for keys; last frame:\n${lastFrame()}`);
  return mounted;
}

/** Replaces the name field's text and goes on to the mode step. */
export async function enterName(wizard: Mounted, name: string): Promise<void> {
  await wizard.press(KEY.ctrlU, name, KEY.enter);
  await wizard.until('step 2 of 5');
}

/** Moves the mode cursor from wherever it is to `mode` and goes on to the fields. */
export async function chooseMode(wizard: Mounted, mode: Mode): Promise<void> {
  const target = MODE_CHOICES.findIndex((c) => c.mode === mode);
  const at = MODE_CHOICES.findIndex((c) => new RegExp(`^› ${c.mode} `, 'm').test(wizard.lastFrame()));
  for (let i = at; i !== target; i = (i + 1) % MODE_CHOICES.length) await wizard.press(KEY.down);
  expect(wizard.lastFrame()).toMatch(new RegExp(`^› ${mode} `, 'm'));
  await wizard.press(KEY.enter);
  await wizard.until('step 3 of 5');
}

/** The field under the cursor, by its flag. */
export function activeField(frame: string): string | undefined {
  return /^› (\S+)/m.exec(frame.split('\n').slice(2).join('\n'))?.[1];
}

/** Answers the field under the cursor: clears what is there, types `text` (if any) and presses Enter. */
export async function answer(wizard: Mounted, flag: string, text: string | undefined): Promise<void> {
  expect(activeField(wizard.lastFrame())).toBe(flag);
  await wizard.press(KEY.ctrlU, ...(text ? [text] : []), KEY.enter);
}

/** The same profile made by `configure set` in another copy of the starting file: its config.json text. */
export async function configureSet(
  start: string | undefined,
  name: string,
  mode: Mode,
  values: Record<string, string>,
  cwd: string,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-wizard-set-'));
  const path = join(dir, 'config.json');
  if (start && existsSync(start)) copyFileSync(start, path);
  const flags = Object.entries(values).flatMap(([key, value]) => [`--${SETTABLE_FIELDS.find((f) => f.key === key)!.flag}`, value]);
  const result = await runMain(['configure', 'set', '--profile', name, '--mode', mode, ...flags, '--config-path', path], { env: cleanEnv(), cwd });
  expect(result.stderr).toMatch(/profile ".*" \(.*\) and made it current\.\n$/);
  expect(result.code).toBe(0);
  return readFileSync(path, 'utf8');
}
