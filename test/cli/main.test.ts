import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorAllowed } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
import { bufferContext, type BufferContextOptions } from '../helpers/context.js';

const ESC = '\u001B[';

async function run(args: string[], options: BufferContextOptions = {}) {
  const { ctx, stdout, stderr } = bufferContext(options);
  const code = await main(args, ctx);
  return { code, stdout: stdout(), stderr: stderr(), ctx };
}

describe('aliaudit main', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('--version prints the version in package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-V']) {
      expect(await run([flag])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('--help lists every top-level command on stdout and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const command of ['configure', 'whoami', 'sts', 'exec', 'emulator', 'completion']) {
      expect(result.stdout).toMatch(new RegExp(`^ +aliaudit ${command}\\b`, 'm'));
    }
  });

  it('an unknown command exits 2, says so on stderr and points at --help', async () => {
    const result = await run(['bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Unknown argument: bogus');
    expect(result.stderr).toMatch(/^ {2}run: aliaudit .*--help$/m);
  });

  it('the --help line names the command path and never a flag value', async () => {
    const result = await run(['whoami', '--endpoint', 'http://x', 'bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown argument: bogus');
    expect(result.stderr).toMatch(/^ {2}run: aliaudit whoami --help$/m);
    expect(result.stderr).not.toContain('http://x');
  });

  it('no command is the shell: without a terminal it runs the lines of stdin, here none, and exits 0', async () => {
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
  });

  it('completion prints a bash completion script for aliaudit and exits 0', async () => {
    // yargs picks the shell from the process environment, not from ctx.env.
    vi.stubEnv('SHELL', '/bin/bash');
    vi.stubEnv('ZSH_NAME', undefined);
    const result = await run(['completion']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('_aliaudit_yargs_completions');
    expect(result.stdout).toMatch(/^complete .*-F _aliaudit_yargs_completions aliaudit$/m);
  });
});

describe('colour', () => {
  it('wraps the error: label in ANSI escapes when colour is on', async () => {
    const result = await run(['bogus'], { color: true });
    expect(result.stderr).toContain(`aliaudit: ${ESC}31merror:${ESC}0m Unknown argument: bogus`);
  });

  it('prints the label plain when colour is off', async () => {
    const result = await run(['bogus'], { color: false });
    expect(result.stderr).toContain('aliaudit: error: Unknown argument: bogus');
    expect(result.stderr).not.toContain(ESC);
  });

  it('--no-color turns colour off even when the context allowed it', async () => {
    const result = await run(['--no-color', 'bogus'], { color: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aliaudit: error: Unknown argument: bogus');
    expect(result.stderr).not.toContain(ESC);
    // The flag is for that line only: the context it ran in keeps its own setting.
    expect(result.ctx.io.color).toBe(true);
  });
});

describe('colorAllowed', () => {
  it('allows colour on a terminal with nothing saying otherwise', () => {
    expect(colorAllowed({}, true)).toBe(true);
    expect(colorAllowed({}, true, true)).toBe(true);
  });

  it('refuses colour when NO_COLOR is set to anything', () => {
    expect(colorAllowed({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorAllowed({ NO_COLOR: '0' }, true)).toBe(false);
  });

  it('refuses colour on a dumb terminal', () => {
    expect(colorAllowed({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('FORCE_COLOR=1 allows colour on a pipe', () => {
    expect(colorAllowed({ FORCE_COLOR: '1' }, false)).toBe(true);
  });

  it('refuses colour when output is not a terminal', () => {
    expect(colorAllowed({}, false)).toBe(false);
  });

  it('--no-color (flag false) wins over everything', () => {
    expect(colorAllowed({}, true, false)).toBe(false);
    expect(colorAllowed({ FORCE_COLOR: '1' }, true, false)).toBe(false);
  });
});
