import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from '../core/errors.js';
import type { GlobalArgs } from './command.js';
import { checkFlags, type DeclaredOptions } from './flags.js';
import { explainUsage, type Usable } from './usage.js';
import type { Command } from './command.js';

export interface ParserOptions {
  /** The commands to parse against. */
  commands: readonly Command<any>[];
  /** The terminal's width: help is laid out for it, so nothing has to wrap it again (the shell would cut words). */
  columns?: number;
  /** The line being parsed, so that a usage error can name what on it is wrong. */
  line?: readonly string[];
  /** Which commands can run here, so that did-you-mean offers those first. */
  usable?: Usable;
}

/** The widest help is laid out: wider lines are hard to read. */
const MAX_HELP_WIDTH = 100;

/** The width help is laid out for, on a terminal `columns` wide. */
export function helpWidth(columns: number | undefined): number {
  return Math.max(20, Math.min(columns || 80, MAX_HELP_WIDTH));
}

/** A fresh parser for one command line (yargs keeps per-parse state, so the shell builds one per line). */
export function buildParser(version: string, options: ParserOptions): Argv<GlobalArgs> {
  let parser = yargs()
    .scriptName('aliaudit')
    .usage(
      '$0 <command> [options]\n\nA shell for Alibaba Cloud accounts: security scans, RAM, profiles and roles.\n\n' +
        'Works beside the aliyun CLI and shares its config.json. Run aliaudit alone for the interactive shell, or any ' +
        'command below as a one-liner; aliaudit demo tries it all on a local emulator, with no account.',
    )
    .version(version)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .option('profile', { alias: 'p', type: 'string', describe: 'Profile from the aliyun CLI config to use', global: true })
    .option('region', { type: 'string', describe: 'Region id to use instead of the profile\'s', global: true })
    .option('endpoint', {
      type: 'string',
      describe: 'Send every API call to this endpoint (e.g. the emulator); also ALIAUDIT_ENDPOINT',
      global: true,
    })
    .option('config-path', { type: 'string', describe: 'Path of the aliyun CLI config.json', global: true })
    .option('color', { type: 'boolean', describe: 'Colour output (--no-color or NO_COLOR turns it off)', global: true })
    .strict()
    .demandCommand(1, 'Name a command: run aliaudit --help to list them.')
    .exitProcess(false)
    .wrap(helpWidth(options.columns))
    .fail((message, error) => {
      // yargs' own parse errors (a flag missing its argument) are usage errors too, said for the line as typed.
      if (error && error.name !== 'YError') throw error;
      throw explainUsage(error?.message ?? message, options.line ?? [], options.commands, options.usable);
    })
    .middleware(((argv: GlobalArgs, yargs: { getOptions(): DeclaredOptions }) => {
      // Tab in bash or zsh asks for candidates with the line typed so far, which need not be a valid one yet.
      if (!argv.line.includes(COMPLETION_REQUEST)) checkFlags(argv.line, yargs.getOptions());
    }) as never, true) as unknown as Argv<GlobalArgs>;
  for (const command of options.commands) parser = parser.command(command as CommandModule<GlobalArgs, any>);
  parser = parser.completion('completion', 'Print a bash/zsh completion script (add it to your shell rc)');
  skipHelpCache(parser);
  stackExamples(parser);
  return parser;
}

/*
 * yargs puts an example's command in a column half the width wide, so at 60 columns an ARN in it is cut in two. Each
 * example is a `# what it does` line over the whole command instead, as gh prints them: a command then breaks only
 * between words, and the comment line pastes harmlessly.
 */
function stackExamples(parser: Argv<GlobalArgs>): void {
  const example = parser.example.bind(parser) as (command: string, description: string) => unknown;
  (parser as unknown as { example: unknown }).example = function (this: unknown, command: string | [string, string?][], description?: string) {
    if (Array.isArray(command)) for (const [each, about] of command) parser.example(each, about ?? '');
    else {
      if (description) example(`# ${description}`, '');
      example(command, '');
    }
    return parser;
  };
}

/** Options every command takes, which may also come before the command; the first list takes a value. */
const GLOBAL_VALUE_FLAGS = ['profile', 'p', 'region', 'endpoint', 'config-path', 'configPath'];
const GLOBAL_SWITCHES = ['color', 'no-color', 'help', 'h', 'version', 'V', 'show-completion'];
/** What the script `aliaudit completion` prints calls on every Tab: yargs answers it with the candidates. */
const COMPLETION_REQUEST = '--get-yargs-completions';

/**
 * An option before the command that is not one of the global ones would swallow the command as its value, and the
 * user would read "name a command": say what is wrong instead.
 */
export function checkLeadingOptions(args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--' || token === COMPLETION_REQUEST || !token.startsWith('-')) return;
    const name = token.replace(/^--?/, '').replace(/=.*$/s, '');
    if (GLOBAL_VALUE_FLAGS.includes(name)) {
      if (!token.includes('=')) i++;
    } else if (!GLOBAL_SWITCHES.includes(name)) {
      throw new UsageError(`unknown option ${token.replace(/=.*$/s, '')} before the command`, 'options of a command go after it: run aliaudit --help to list commands and their options');
    }
  }
}

/** Whether a line names a command (or asks for help or the version), past the global options before it. */
export function namesCommand(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (!token.startsWith('-') || token === '--') return true;
    const name = token.replace(/^--?/, '').replace(/=.*$/s, '');
    if (['help', 'h', 'version', 'V', 'show-completion'].includes(name)) return true;
    if (GLOBAL_VALUE_FLAGS.includes(name) && !token.includes('=')) i++;
    else if (!GLOBAL_SWITCHES.includes(name)) return true;
  }
  return false;
}

/*
 * yargs renders a command's whole help text as the command starts, in case a later failure wants to show it. aliaudit
 * never shows it (errors point at `--help` instead), and rendering costs a one-liner ~10 ms of text measurement.
 */
function skipHelpCache(parser: Argv<GlobalArgs>): void {
  const usage = (parser as any).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
