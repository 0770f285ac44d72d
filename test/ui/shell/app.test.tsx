import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useProfilesEmulator } from '../../helpers/emulator.js';
import { ACCOUNT, ALICE } from '../../helpers/profiles.js';
import { type ShellAppOptions, startShell } from './harness.js';

const world = useProfilesEmulator();

/** The shell on the fixture world, as `profile` (the config's current one, alice, when none is given). */
function startShellAs(profile: string | undefined = 'alice', lines: string[] = [], options: ShellAppOptions = {}) {
  return startShell({ ...options, history: lines, selection: { configPath: world.configPath, endpoint: world.url, ...(profile ? { profile } : {}), ...options.selection } });
}

describe('the interactive shell', () => {
  it('takes keys at once, then shows who the profile is in the prompt, and a key bar', async () => {
    const shell = startShellAs('audit');
    await shell.until(() => shell.listening() > 0, 'the shell to listen for keys');
    // The first frame, before anything is known: the region comes from config.json, who that is from the cloud.
    expect(shell.app.frames[0]).toContain('audit (…) … ›');
    expect(shell.frame()).toContain('Tab complete · ↑↓ history · Ctrl-R search');
    await shell.until(() => shell.frame().includes('AuditRole @ 1234…3456'), 'the identity');
    expect(shell.frame()).toContain('audit (AuditRole @ 1234…3456) cn-hangzhou ›');
    shell.stop();
  });

  it('runs a typed command and shows its output; ↑ recalls it', async () => {
    const shell = startShellAs();
    await shell.typeLine('whoami --output json');
    await shell.until(() => shell.frame().includes(`"Arn": "acs:ram::${ACCOUNT}:user/alice"`), 'the whoami output');
    expect(shell.frame()).not.toContain(ALICE.secret);
    expect(shell.history.current.all).toEqual(['whoami --output json']);
    await shell.press('\u001B[A');
    expect(shell.frame().split('\n').filter((line) => line.includes('› whoami --output json')).length).toBe(2);
    shell.stop();
  });

  it('shows an error with its hint, and keeps going', async () => {
    const shell = startShellAs();
    await shell.typeLine('ram usr list');
    await shell.until(() => shell.frame().includes('aliaudit: error:'), 'the error');
    expect(shell.frame()).toContain('ram has no command "usr"');
    expect(shell.frame()).toContain('hint: did you mean ram user?');
    expect(shell.frame()).toContain('run: aliaudit ram --help');
    await shell.typeLine('region cn-shanghai');
    await shell.until(() => shell.frame().includes(') cn-shanghai ›'), 'the new region');
    shell.stop();
  });

  it('completes with Tab: one candidate fills in, several are listed with what they do', async () => {
    const shell = startShellAs();
    await shell.press('ram us');
    await shell.press('\t');
    await shell.press('list');
    expect(shell.frame()).toContain('› ram user list');
    await shell.press('\u0015');
    await shell.press('configure s');
    await shell.press('\t');
    expect(shell.frame()).toMatch(/^set +Create or update a profile/m);
    expect(shell.frame()).toMatch(/^switch +/m);
    shell.stop();
  });

  it('Ctrl-R finds an earlier line; Enter runs it', async () => {
    const shell = startShellAs('alice', ['ram user list', 'whoami --output json', 'ram role list']);
    await shell.press('\u0012');
    await shell.press('who');
    expect(shell.frame()).toContain('(history search) who');
    expect(shell.frame()).toContain('whoami --output json');
    await shell.press('\r');
    await shell.until(() => shell.frame().includes('"IdentityType": "RAMUser"'), 'the recalled command to run');
    shell.stop();
  });

  it('Ctrl-C cancels a running command without leaving the shell; Ctrl-D on an empty line leaves', async () => {
    const shell = startShellAs();
    await shell.typeLine('emulator --world test/fixtures/world.json --port 0');
    await shell.until(() => shell.frame().includes('listening http://127.0.0.1:'), 'the emulator to start');
    expect(shell.frame()).toContain('Ctrl-C cancel');
    await shell.press('\u0003');
    await shell.until(() => shell.frame().includes('Tab complete'), 'the prompt to come back');
    // `cancelling…`, said while it stops, is gone once it has.
    expect(shell.frame()).not.toContain('cancelling…');
    expect(shell.exited()).toBeUndefined();
    await shell.press('whoami');
    await shell.press('\u0003');
    expect(shell.frame()).toContain('› whoami^C');
    await shell.press('\u0004');
    await shell.until(() => shell.exited() === 0, 'the shell to leave');
    shell.stop();
  });

  it('answers a command\'s questions in place: a hidden secret never shows, a refused confirmation changes nothing', async () => {
    const shell = startShellAs();
    await shell.typeLine('configure set --profile typed --mode AK --access-key-id LTAItyped01 --access-key-secret --region cn-hangzhou');
    await shell.until(() => shell.frame().includes('AccessKey secret for profile typed:'), 'the secret prompt');
    await shell.press('hidden-secret-value-42');
    expect(shell.frame()).toContain('(hidden, 22 typed)');
    await shell.press('\r');
    await shell.until(() => shell.frame().includes('Created profile "typed" (AK)'), 'the profile to be saved');
    const all = shell.app.frames.join('\n');
    expect(all).not.toContain('hidden-secret-value-42');
    expect(readFileSync(world.configPath, 'utf8')).toContain('hidden-secret-value-42');
    expect(shell.history.current.all.at(-1)).toBe('configure set --profile typed --mode AK --access-key-id LTAItyped01 --access-key-secret --region cn-hangzhou');

    await shell.typeLine('ram user delete carol --force');
    await shell.until(() => shell.frame().includes('[y/N]'), 'the confirmation');
    await shell.press('n');
    await shell.until(() => shell.frame().includes('Cancelled: nothing was changed.'), 'the refusal');
    await shell.typeLine('ram user get carol --output json');
    await shell.until(() => shell.frame().includes('"UserName": "carol"'), 'carol, still there');
    shell.stop();
  });

  it('configure alone opens the wizard in the shell; Ctrl-C cancels it and the prompt comes back', async () => {
    const shell = startShellAs();
    const before = readFileSync(world.configPath, 'utf8');
    await shell.typeLine('configure');
    // The wizard reads its keys from its own effect, after its first frame: the shell and the wizard listen.
    await shell.until(() => shell.frame().includes('Configure a profile') && shell.listening() === 2, 'the wizard, listening for keys');
    expect(shell.frame()).not.toContain('Tab complete');
    await shell.press('\u0003');
    await shell.until(() => shell.frame().includes('Cancelled: nothing was changed.'), 'the wizard to be cancelled');
    await shell.until(() => shell.frame().includes('Tab complete'), 'the prompt to come back');
    expect(readFileSync(world.configPath, 'utf8')).toBe(before);
    await shell.typeLine('whoami --output json');
    await shell.until(() => shell.frame().includes('"IdentityType": "RAMUser"'), 'a command after the wizard');
    shell.stop();
  });

  it('keeps keys typed while a command runs, for the prompt after it (type-ahead)', async () => {
    const shell = startShellAs();
    await shell.press('whoami --output json\rregion cn-beijing\rwho');
    await shell.until(() => shell.frame().includes(') cn-beijing › who'), 'the typed-ahead lines to run and the rest to wait at the prompt');
    expect(shell.frame()).toContain('"IdentityType": "RAMUser"');
    shell.stop();
  });

  it('Ctrl-L clears the screen and draws the prompt again at once, the line being typed kept', async () => {
    const shell = startShellAs();
    await shell.press('whoami --out');
    const writes = shell.app.frames.length;
    await shell.press('\u000C');
    const after = shell.app.frames.slice(writes).join('');
    // One write: the clear, then the live area again (no key needed to bring it back).
    expect(after.indexOf('\u001b[2J')).toBeGreaterThanOrEqual(0);
    expect(after.slice(after.indexOf('\u001b[2J'))).toMatch(/alice \(.*\) .* › whoami --out/);
    expect(shell.frame()).toContain('Tab complete');
    shell.stop();
  });
});

describe('the shell, issue 15: what a new user trips over', () => {
  /** What a line printed: the transcript after its echo, up to the prompt and key bar under it. */
  async function outputOf(shell: ReturnType<typeof startShellAs>, line: string): Promise<string> {
    await shell.typeLine(line);
    const echo = `› ${line}\n`;
    await shell.until(() => shell.frame().includes(echo) && (shell.frame().trimEnd().split('\n').at(-1) ?? '').startsWith('Tab complete'), `${line} to end`);
    const frame = shell.frame();
    return frame.slice(frame.lastIndexOf(echo) + echo.length).split('\n').slice(0, -2).join('\n');
  }

  const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

  /** The same help laid out at 100 columns, where no word needs cutting: every word of a narrower one must be in it. */
  async function wideHelp(line: string): Promise<Set<string>> {
    const { bufferContext } = await import('../../helpers/context.js');
    const { main } = await import('../../../src/cli/main.js');
    const { shellHelp } = await import('../../../src/cli/shell/session.js');
    const { ctx, stdout } = bufferContext({ columns: 100 });
    await main(line === 'help' ? ['--help'] : line.replace(/^help /, '').split(' ').concat(line.startsWith('help ') ? ['--help'] : []), ctx);
    return words(`${stdout()}\n${line === 'help' ? shellHelp(100) : ''}`);
  }

  it.each([60, 80])('help and a command\'s --help fit %i columns and never cut a word', async (columns) => {
    const shell = startShellAs('alice', [], { columns });
    for (const line of ['help', 'scan --help', 'ram user create --help', 'help configure set']) {
      const text = await outputOf(shell, line);
      expect(text.split('\n').length).toBeGreaterThan(3);
      for (const row of text.split('\n')) expect(row.length, `${line}: ${row}`).toBeLessThanOrEqual(columns);
      const whole = await wideHelp(line);
      const cut = [...words(text)].filter((word) => !whole.has(word));
      expect(cut, `${line} at ${columns} columns`).toEqual([]);
    }
    shell.stop();
  });

  it('did you mean: wh offers whoami before why (why needs a scan first), and --help only for a real command', async () => {
    const shell = startShellAs();
    const text = await outputOf(shell, 'wh');
    expect(text).toContain('aliaudit: error: there is no command "wh"');
    expect(text).toContain('hint: did you mean whoami or why?');
    expect(text).toContain('run: aliaudit --help');
    expect(text).not.toContain('aliaudit wh --help');
    shell.stop();
  });

  it('region refuses an id that is no region, listing the ones there are, and the prompt keeps its region', async () => {
    const shell = startShellAs();
    await shell.until(() => shell.frame().includes('alice (alice @ 1234…3456) cn-hangzhou ›'), 'the identity');
    const text = await outputOf(shell, 'region xx-fake-9');
    expect(text).toContain('aliaudit: error: region "xx-fake-9" is not an Alibaba Cloud region; the regions are: cn-qingdao, cn-beijing,');
    expect(text).toContain('ap-southeast-1');
    expect(shell.frame().trimEnd().split('\n').at(-2)).toContain('alice (alice @ 1234…3456) cn-hangzhou ›');
    expect(shell.frame()).not.toContain('xx-fake-9 ›');
    expect(await outputOf(shell, 'region cn-hangzou')).toContain('hint: did you mean cn-hangzhou? (region cn-hangzhou)');
    shell.stop();
  });

  it('the prompt names the current profile when whoami cannot answer (an endpoint nobody serves)', async () => {
    const shell = startShell({ selection: { configPath: world.configPath, endpoint: 'http://127.0.0.1:9' }, lookupTimeoutMs: 3000 });
    await shell.until(() => shell.session.identity.state === 'failed', 'whoami to fail', 15_000);
    const { current } = JSON.parse(readFileSync(world.configPath, 'utf8'));
    await shell.until(() => shell.frame().includes(`${current} (?) cn-hangzhou ›`), 'the prompt to name the profile');
    expect(shell.frame()).not.toContain('(environment)');
    shell.stop();
  });

  it('says a notice (a history file replaced) once, above the prompt', async () => {
    const shell = startShellAs('alice', [], { notice: 'the shell\'s history /x/history.json could not be used' });
    await shell.until(() => shell.frame().includes('aliaudit: the shell\'s history /x/history.json could not be used'), 'the notice');
    await outputOf(shell, 'region cn-shanghai');
    expect(shell.frame().split('could not be used').length).toBe(2);
    shell.stop();
  });
});
