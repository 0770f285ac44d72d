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
    expect(result.stderr).toContain('there is no command "bogus"');
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
    expect(result.stderr).toContain(`aliaudit: ${ESC}31merror:${ESC}0m there is no command "bogus"`);
  });

  it('prints the label plain when colour is off', async () => {
    const result = await run(['bogus'], { color: false });
    expect(result.stderr).toContain('aliaudit: error: there is no command "bogus"');
    expect(result.stderr).not.toContain(ESC);
  });

  it('--no-color turns colour off even when the context allowed it', async () => {
    const result = await run(['--no-color', 'bogus'], { color: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aliaudit: error: there is no command "bogus"');
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

describe('help at the terminal\'s width', () => {
  const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));
  const lines = [['--help'], ['scan', '--help'], ['ram', 'user', 'create', '--help'], ['configure', 'set', '--help'], ['sts', 'assume-role', '--help']];

  it.each([60, 80])('is laid out for %i columns: no line longer, no word cut', async (columns) => {
    for (const line of lines) {
      const narrow = await run(line, { columns });
      const wide = await run(line, { columns: 100 });
      expect(narrow.code).toBe(0);
      for (const row of narrow.stdout.split('\n')) expect(row.length, `${line.join(' ')}: ${row}`).toBeLessThanOrEqual(columns);
      const whole = words(wide.stdout);
      expect([...words(narrow.stdout)].filter((word) => !whole.has(word)), line.join(' ')).toEqual([]);
    }
  });

  it('says first what aliaudit is today: the shell, scans and RAM', async () => {
    const help = (await run(['--help'], { columns: 80 })).stdout.split('\n');
    expect(help[0]).toBe('aliaudit <command> [options]');
    expect(help[2]).toBe('A shell for Alibaba Cloud accounts: security scans, RAM, profiles and roles.');
  });
});

describe('usage errors name what is wrong in the command\'s own words', () => {
  it('a missing positional is named, and shown to be positional, for every command that has one', async () => {
    const create = await run(['ram', 'user', 'create', '--user-name', 'dave']);
    expect(create.code).toBe(2);
    expect(create.stderr).toBe(
      'aliaudit: error: ram user create needs the user name, <name>\n' +
        '  hint: <name> is positional, not --user-name: aliaudit ram user create dave\n' +
        '  run: aliaudit ram user create --help\n',
    );
    expect(create.stderr).not.toContain('non-option');
    const addUser = await run(['ram', 'group', 'add-user', 'admins']);
    expect(addUser.stderr).toContain('ram group add-user needs the user name, <user>');
    expect(addUser.stderr).toContain('hint: <user> is positional: aliaudit ram group add-user admins <user>');
    expect((await run(['ram', 'group', 'add-user'])).stderr).toContain(
      'ram group add-user needs the group name and the user name, <group> <user>\n  hint: <group> <user> are positional: aliaudit ram group add-user <group> <user>',
    );
    expect((await run(['ram', 'access-key', 'delete'])).stderr).toContain('ram access-key delete needs the access key id, <key-id>');
    expect((await run(['why'])).stderr).toContain('why needs a resource name or id, <resource>');
  });

  it('a group with no command lists its commands', async () => {
    const result = await run(['ram', 'user']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('aliaudit: error: ram user needs a command: list, get, create, update or delete\n');
  });

  it('lists an unknown flag once, as typed, with the nearest one there is', async () => {
    const bogus = await run(['whoami', '--bogus-flag']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('aliaudit: error: Unknown option: --bogus-flag\n');
    expect(bogus.stderr).not.toContain('bogusFlag');
    expect((await run(['whoami', '--regoin', 'x'])).stderr).toContain('hint: did you mean --region?');
  });

  it('did you mean: ranks the commands that can run here first, and points --help only at a real command', async () => {
    const wh = await run(['wh']);
    expect(wh.code).toBe(2);
    expect(wh.stderr).toBe('aliaudit: error: there is no command "wh"\n  hint: did you mean whoami or why?\n  run: aliaudit --help\n');
    const usr = await run(['ram', 'usr', 'list']);
    expect(usr.stderr).toContain('ram has no command "usr"');
    expect(usr.stderr).toContain('hint: did you mean ram user?');
    expect(usr.stderr).toContain('run: aliaudit ram --help');
    expect((await run(['fin'])).stderr).toContain('did you mean findings?');
  });
});

describe('shell completion (aliaudit completion)', () => {
  it('answers the script\'s --get-yargs-completions, which comes before the command', async () => {
    const result = await run(['--get-yargs-completions', 'aliaudit', 'ram', 'us']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toContain('user');
    // A line that is not valid yet is still completed: its flags are not checked.
    const partial = await run(['--get-yargs-completions', 'aliaudit', 'configure', 'set', '--mode', '']);
    expect(partial.stderr).toBe('');
  });
});
