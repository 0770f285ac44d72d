import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IO } from '../../src/cli/context.js';
import { terminalPrompter } from '../../src/cli/prompter.js';
import { InputError, InterruptedError, UserError } from '../../src/core/errors.js';
import { hintOf } from '../helpers/hint.js';

/** A terminal: what the user types goes to stdin, prompts come back on stderr; raw mode is recorded. */
function terminal(options: { tty?: boolean; raw?: boolean } = {}) {
  const stdin = new PassThrough() as PassThrough & { setRawMode?: (on: boolean) => void; isRaw?: boolean };
  const modes: boolean[] = [];
  if (options.raw) stdin.setRawMode = (on) => void modes.push(on);
  let stderr = '';
  const io: IO = {
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    stdin,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    stdinIsTTY: options.tty ?? true,
    color: false,
    columns: 80,
    inheritable: false,
  };
  return { io, type: (text: string) => stdin.write(text), end: () => stdin.end(), stderr: () => stderr, modes };
}

const never = new AbortController().signal;

describe('without a terminal', () => {
  it('every prompt is refused with exit 2, naming the flag that answers it', async () => {
    const { io } = terminal({ tty: false });
    const ask = terminalPrompter(io, never);
    const confirm = await ask.confirm('Delete user dora', { flag: '--yes' }).catch((e) => e);
    expect(confirm).toBeInstanceOf(InputError);
    expect(confirm.message).toBe('Delete user dora: needs confirmation, and there is no terminal to ask on');
    expect(hintOf(confirm)).toBe('pass --yes to confirm');
    const choose = await ask.choose('Mode', [{ value: 'AK', label: 'AK' }], { flag: '--mode' }).catch((e) => e);
    expect(choose).toMatchObject({ exitCode: 2, message: 'Mode: needs an answer, and there is no terminal to ask on' });
    expect(hintOf(choose)).toBe('pass --mode');
    const text = await ask.text('AccessKey secret', { flag: '--access-key-secret', secret: true }).catch((e) => e);
    expect(hintOf(text)).toBe('pass --access-key-secret');
  });
});

describe('on a terminal', () => {
  it('confirm: y or yes is yes; anything else, or the end of input, is no', async () => {
    for (const [typed, answer] of [['y\n', true], ['YES\n', true], ['n\n', false], ['\n', false], ['yep\n', false]] as const) {
      const t = terminal();
      const asked = terminalPrompter(t.io, never).confirm('Delete user dora', { flag: '--yes' });
      t.type(typed);
      expect(await asked).toBe(answer);
      expect(t.stderr()).toBe('Delete user dora? [y/N] ');
    }
    const eof = terminal();
    const asked = terminalPrompter(eof.io, never).confirm('Delete', { flag: '--yes' });
    eof.end();
    expect(await asked).toBe(false);
  });

  it('choose: by number or by value; anything else asks again', async () => {
    const t = terminal();
    const choices = [
      { value: 'AK', label: 'AK: a workstation' },
      { value: 'OIDC', label: 'OIDC: ACK / Kubernetes' },
    ];
    const picked = terminalPrompter(t.io, never).choose('Mode', choices, { flag: '--mode' });
    t.type('7\n');
    await until(() => t.stderr().includes('"7" is not one of the choices'));
    t.type('2\n');
    expect(await picked).toBe('OIDC');
    expect(t.stderr()).toContain('  1) AK: a workstation\n  2) OIDC: ACK / Kubernetes\nchoose 1-2: ');
    expect(t.stderr()).toContain('"7" is not one of the choices');
    const byValue = terminal();
    const again = terminalPrompter(byValue.io, never).choose('Mode', choices, { flag: '--mode' });
    byValue.type('AK\n');
    expect(await again).toBe('AK');
  });

  it('text: asks again until the validator is satisfied; the end of input cancels', async () => {
    const t = terminal();
    const answer = terminalPrompter(t.io, never).text('Region', { flag: '--region', validate: (v) => (/^[a-z]+-[a-z]+$/.test(v) ? undefined : `"${v}" is not a region id`) });
    t.type('Hangzhou\n');
    await until(() => t.stderr().includes('"Hangzhou" is not a region id'));
    t.type('cn-hangzhou\n');
    expect(await answer).toBe('cn-hangzhou');
    expect(t.stderr()).toContain('"Hangzhou" is not a region id');
    const eof = terminal();
    const cancelled = terminalPrompter(eof.io, never).text('Region', { flag: '--region' });
    eof.end();
    await expect(cancelled).rejects.toBeInstanceOf(UserError);
  });

  it('a secret is read in raw mode: nothing typed is echoed, backspace edits, raw mode is left after', async () => {
    const t = terminal({ raw: true });
    const secret = terminalPrompter(t.io, never).text('AccessKey secret', { flag: '--access-key-secret', secret: true });
    t.type('s3cretX\u007f!\r');
    expect(await secret).toBe('s3cret!');
    expect(t.stderr()).toBe('AccessKey secret: \n');
    expect(t.modes).toEqual([true, false]);
  });

  it('Ctrl-C during a secret interrupts; an aborted command stops asking', async () => {
    const t = terminal({ raw: true });
    const secret = terminalPrompter(t.io, never).text('AccessKey secret', { flag: '--access-key-secret', secret: true });
    t.type('abc\u0003');
    await expect(secret).rejects.toBeInstanceOf(InterruptedError);
    expect(t.modes).toEqual([true, false]);

    const stop = new AbortController();
    const waiting = terminal();
    const asked = terminalPrompter(waiting.io, stop.signal).confirm('Delete', { flag: '--yes' });
    stop.abort();
    await expect(asked).rejects.toBeInstanceOf(InterruptedError);
  });
});

/** Turns of the event loop until `condition` holds (the test's timeout ends a wait that never does). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
