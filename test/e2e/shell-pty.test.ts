import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { useProfilesEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { ALICE } from '../helpers/profiles.js';
import { inTerminal } from '../helpers/tmux.js';

const world = useProfilesEmulator();

const lines = (screen: string) => screen.split('\n');

describe('the shell in a real terminal, 80×24', () => {
  it('starts with a prompt, runs whoami, recalls it with ↑, and leaves with Ctrl-D', async () => {
    const terminal = await inTerminal([process.execPath, cliPath, '--config-path', world.configPath, '--endpoint', world.url], { env: cleanEnv() });
    try {
      await terminal.waitFor((s) => s.includes('alice (alice @ 1234…3456) cn-hangzhou ›'), 'the prompt with the identity');
      await terminal.keys('whoami', 'Enter');
      let screen = await terminal.waitFor((s) => s.includes('arn        acs:ram::1234567890123456:user/alice'), 'the whoami output');
      expect(screen).not.toContain(ALICE.secret);
      await terminal.keys('Up');
      screen = await terminal.waitFor((s) => lines(s).filter((l) => l.endsWith('› whoami')).length === 2, 'whoami recalled at the prompt');
      // Nothing is drawn past the screen, and the key bar sits under the prompt.
      const visible = lines(screen).filter((l) => l.trim() !== '');
      expect(visible.at(-1)).toContain('Tab complete');
      expect(lines(screen).every((l) => l.length <= 80)).toBe(true);
      await terminal.keys('C-u', 'configure', 'Enter');
      screen = await terminal.waitFor((s) => s.includes('Configure a profile'), 'the wizard');
      expect(lines(screen).every((l) => l.length <= 80)).toBe(true);
      await terminal.keys('C-c');
      await terminal.waitFor((s) => s.includes('Cancelled: nothing was changed.') && s.includes('Tab complete'), 'the wizard to be cancelled');
      await terminal.keys('C-d');
      screen = await terminal.waitFor((s) => s.includes('[exited 0]'), 'the shell to exit');
      expect(screen).not.toContain('Tab complete');
    } finally {
      await terminal.close();
    }
  });

  it('aliaudit configure alone is the wizard; cancelled, it writes nothing and gives the terminal back', async () => {
    const before = readFileSync(world.configPath, 'utf8');
    const terminal = await inTerminal([process.execPath, cliPath, 'configure', '--config-path', world.configPath, '--endpoint', world.url], { env: cleanEnv() });
    try {
      await terminal.waitFor((s) => s.includes('Configure a profile'), 'the wizard');
      await terminal.keys('C-c');
      const screen = await terminal.waitFor((s) => s.includes('[exited 130]'), 'the wizard to exit');
      expect(screen).toContain('Cancelled: nothing was changed.');
      expect(screen).not.toContain('error');
      expect(readFileSync(world.configPath, 'utf8')).toBe(before);
    } finally {
      await terminal.close();
    }
  });

  it('help fits 60 columns with no word cut; Ctrl-L redraws the prompt at once, the typed line kept', async () => {
    const { runMain } = await import('../helpers/cli.js');
    const { shellHelp } = await import('../../src/cli/shell/session.js');
    const reference = `${(await runMain(['--help'], { env: cleanEnv() })).stdout}\n${shellHelp(100)}`;
    const whole = new Set(reference.split(/\s+/));
    const terminal = await inTerminal([process.execPath, cliPath, '--config-path', world.configPath, '--endpoint', world.url], { env: cleanEnv(), columns: 60 });
    try {
      await terminal.waitFor((s) => s.includes('cn-hangzhou ›'), 'the prompt');
      await terminal.keys('help', 'Enter');
      await terminal.waitFor((s) => s.includes('Ctrl-D leaves') && lines(s).some((l) => l.startsWith('Tab complete')), 'the help');
      const shown = await terminal.scrollback();
      const help = shown.slice(shown.indexOf('› help'), shown.lastIndexOf('Ctrl-D leaves'));
      expect(help).toContain('In the shell:');
      const cut = help
        .split(/\s+/)
        .slice(2)
        .filter((word) => word && !whole.has(word));
      expect(cut).toEqual([]);
      await terminal.keys('whoam', 'C-l');
      // No other key: the cleared screen shows the prompt and the line at once.
      const screen = await terminal.waitFor((s) => lines(s)[0].endsWith('› whoam'), 'the prompt on a cleared screen');
      expect(screen).not.toContain('In the shell:');
      expect(lines(screen)[1]).toContain('Tab complete');
    } finally {
      await terminal.close();
    }
  });
});
