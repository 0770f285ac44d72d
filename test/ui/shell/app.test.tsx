import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { History, memoryHistoryStore } from '../../../src/cli/shell/history.js';
import { ShellSession } from '../../../src/cli/shell/session.js';
import { ShellApp } from '../../../src/ui/shell/app.js';
import { bufferContext } from '../../helpers/context.js';
import { useProfilesEmulator } from '../../helpers/emulator.js';
import { cleanEnv } from '../../helpers/env.js';
import { ACCOUNT, ALICE } from '../../helpers/profiles.js';

const world = useProfilesEmulator();

const tick = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
};

let lastFrame = () => '';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${lastFrame()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startShell(profile = 'alice', lines: string[] = []) {
  const { ctx } = bufferContext({ env: cleanEnv(), tty: true });
  const session = new ShellSession(ctx.derive({ selection: { configPath: world.configPath, endpoint: world.url, profile } }));
  const history = { current: new History(memoryHistoryStore(lines)) };
  let exited: number | undefined;
  const app = render(<ShellApp session={session} history={history} color={false} onExit={(code) => (exited = code)} />);
  session.start();
  const frame = () => app.lastFrame() ?? '';
  lastFrame = frame;
  const press = async (keys: string) => {
    await tick();
    app.stdin.write(keys);
    await tick();
  };
  const typeLine = async (text: string) => {
    await press(text);
    await press('\r');
  };
  return { app, session, history, frame, press, typeLine, exited: () => exited };
}

describe('the interactive shell', () => {
  it('takes keys at once, then shows who the profile is in the prompt, and a key bar', async () => {
    const shell = startShell('audit');
    await tick();
    expect(shell.frame()).toContain('audit (…) … ›');
    expect(shell.frame()).toContain('Tab complete · ↑↓ history · Ctrl-R search');
    await until(() => shell.frame().includes('AuditRole @ 1234…3456'), 'the identity');
    expect(shell.frame()).toContain('audit (AuditRole @ 1234…3456) cn-hangzhou ›');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('runs a typed command and shows its output; ↑ recalls it', async () => {
    const shell = startShell();
    await shell.typeLine('whoami --output json');
    await until(() => shell.frame().includes(`"Arn": "acs:ram::${ACCOUNT}:user/alice"`), 'the whoami output');
    expect(shell.frame()).not.toContain(ALICE.secret);
    expect(shell.history.current.all).toEqual(['whoami --output json']);
    await shell.press('\u001B[A');
    expect(shell.frame().split('\n').filter((line) => line.includes('› whoami --output json')).length).toBe(2);
    shell.app.unmount();
    shell.session.dispose();
  });

  it('shows an error with its hint, and keeps going', async () => {
    const shell = startShell();
    await shell.typeLine('ram usr list');
    await until(() => shell.frame().includes('aliaudit: error:'), 'the error');
    expect(shell.frame()).toMatch(/did you mean user/i);
    await shell.typeLine('region cn-shanghai');
    await until(() => shell.frame().includes(') cn-shanghai ›'), 'the new region');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('completes with Tab: one candidate fills in, several are listed with what they do', async () => {
    const shell = startShell();
    await shell.press('ram us');
    await shell.press('\t');
    await shell.press('list');
    expect(shell.frame()).toContain('› ram user list');
    await shell.press('\u0015');
    await shell.press('configure s');
    await shell.press('\t');
    expect(shell.frame()).toMatch(/^set +Create or update a profile/m);
    expect(shell.frame()).toMatch(/^switch +/m);
    shell.app.unmount();
    shell.session.dispose();
  });

  it('Ctrl-R finds an earlier line; Enter runs it', async () => {
    const shell = startShell('alice', ['ram user list', 'whoami --output json', 'ram role list']);
    await shell.press('\u0012');
    await shell.press('who');
    expect(shell.frame()).toContain('(history search) who');
    expect(shell.frame()).toContain('whoami --output json');
    await shell.press('\r');
    await until(() => shell.frame().includes('"IdentityType": "RAMUser"'), 'the recalled command to run');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('Ctrl-C cancels a running command without leaving the shell; Ctrl-D on an empty line leaves', async () => {
    const shell = startShell();
    await shell.typeLine('emulator --world test/fixtures/world.json --port 0');
    await until(() => shell.frame().includes('listening http://127.0.0.1:'), 'the emulator to start');
    expect(shell.frame()).toContain('Ctrl-C cancel');
    await shell.press('\u0003');
    await until(() => shell.frame().includes('Tab complete'), 'the prompt to come back');
    expect(shell.exited()).toBeUndefined();
    await shell.press('whoami');
    await shell.press('\u0003');
    expect(shell.frame()).toContain('› whoami^C');
    await shell.press('\u0004');
    await until(() => shell.exited() === 0, 'the shell to leave');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('answers a command\'s questions in place: a hidden secret never shows, a refused confirmation changes nothing', async () => {
    const shell = startShell();
    await shell.typeLine('configure set --profile typed --mode AK --access-key-id LTAItyped01 --access-key-secret --region cn-hangzhou');
    await until(() => shell.frame().includes('AccessKey secret for profile typed:'), 'the secret prompt');
    await shell.press('hidden-secret-value-42');
    expect(shell.frame()).toContain('(hidden, 22 typed)');
    await shell.press('\r');
    await until(() => shell.frame().includes('Created profile "typed" (AK)'), 'the profile to be saved');
    const all = shell.app.frames.join('\n');
    expect(all).not.toContain('hidden-secret-value-42');
    expect(readFileSync(world.configPath, 'utf8')).toContain('hidden-secret-value-42');
    expect(shell.history.current.all.at(-1)).toBe('configure set --profile typed --mode AK --access-key-id LTAItyped01 --access-key-secret --region cn-hangzhou');

    await shell.typeLine('ram user delete carol --force');
    await until(() => shell.frame().includes('[y/N]'), 'the confirmation');
    await shell.press('n');
    await until(() => shell.frame().includes('Cancelled: nothing was changed.'), 'the refusal');
    await shell.typeLine('ram user get carol --output json');
    await until(() => shell.frame().includes('"UserName": "carol"'), 'carol, still there');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('configure alone opens the wizard in the shell; Ctrl-C cancels it and the prompt comes back', async () => {
    const shell = startShell();
    const before = readFileSync(world.configPath, 'utf8');
    await shell.typeLine('configure');
    await until(() => shell.frame().includes('Configure a profile'), 'the wizard');
    expect(shell.frame()).not.toContain('Tab complete');
    await shell.press('\u0003');
    await until(() => shell.frame().includes('Cancelled: nothing was changed.'), 'the wizard to be cancelled');
    await until(() => shell.frame().includes('Tab complete'), 'the prompt to come back');
    expect(readFileSync(world.configPath, 'utf8')).toBe(before);
    await shell.typeLine('whoami --output json');
    await until(() => shell.frame().includes('"IdentityType": "RAMUser"'), 'a command after the wizard');
    shell.app.unmount();
    shell.session.dispose();
  });

  it('keeps keys typed while a command runs, for the prompt after it (type-ahead)', async () => {
    const shell = startShell();
    await shell.press('whoami --output json\rregion cn-beijing\rwho');
    await until(() => shell.frame().includes(') cn-beijing › who'), 'the typed-ahead lines to run and the rest to wait at the prompt');
    expect(shell.frame()).toContain('"IdentityType": "RAMUser"');
    shell.app.unmount();
    shell.session.dispose();
  });
});
