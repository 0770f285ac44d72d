import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { inTerminal } from '../helpers/tmux.js';
import { ZSH } from '../system-setup.js';

/**
 * `source <(aliaudit completion)` as the README says, in a real bash and a real zsh in a pseudo-terminal: Tab runs
 * `aliaudit --get-yargs-completions …` and the line is completed (it used to print "unknown option" on every Tab).
 */

/** A folder on PATH where `aliaudit` is the built CLI, as npm link or a global install puts it. */
function aliauditOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'aliaudit-bin-'));
  symlinkSync(cliPath, join(bin, 'aliaudit'));
  return `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`;
}

const lastLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

describe('shell completion in a real terminal', () => {
  it('bash: aliaudit ram us<Tab> becomes aliaudit ram user, and a second Tab lists its commands', async () => {
    const env = cleanEnv({ PATH: aliauditOnPath(), SHELL: '/bin/bash', TERM: 'xterm' });
    const terminal = await inTerminal(['bash', '--norc', '--noprofile', '-i'], { env });
    try {
      await terminal.keys(`PS1='$ '; source <(aliaudit completion)`, 'Enter');
      await terminal.waitFor((s) => lastLine(s) === '$', 'the script to load');
      await terminal.keys('aliaudit ram us', 'Tab');
      const screen = await terminal.waitFor((s) => lastLine(s) === '$ aliaudit ram user', 'the completed line');
      expect(screen).not.toContain('unknown option');
      await terminal.keys('Tab', 'Tab');
      const listed = await terminal.waitFor((s) => /create\s+delete\s+get\s+list\s+update/.test(s), 'the commands of ram user');
      expect(listed).not.toContain('error');
    } finally {
      await terminal.close();
    }
  });

  it('zsh: the same, with the descriptions zsh shows', async () => {
    const zsh = inject('zsh') ?? { path: ZSH, ...(existsSync(ZSH) ? {} : { problem: `${ZSH} is missing (test/system-setup.ts did not run)` }) };
    if (zsh.problem) throw new Error(`this test needs zsh: ${zsh.problem}`);
    const env = cleanEnv({ PATH: aliauditOnPath(), SHELL: zsh.path, TERM: 'xterm' });
    const terminal = await inTerminal([zsh.path, '-f', '-i'], { env });
    try {
      await terminal.keys(`PS1='%% '; autoload -U compinit && compinit -u; source <(aliaudit completion)`, 'Enter');
      await terminal.waitFor((s) => lastLine(s) === '%', 'the script to load');
      await terminal.keys('aliaudit ram us', 'Tab');
      const screen = await terminal.waitFor((s) => lastLine(s) === '% aliaudit ram user', 'the completed line');
      expect(screen).not.toContain('unknown option');
      await terminal.keys('Tab');
      await terminal.waitFor((s) => /^create +-- Create a RAM user$/m.test(s), 'the commands of ram user, described');
    } finally {
      await terminal.close();
    }
  });
});
