import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from '../core/errors.js';
import type { GlobalArgs } from './command.js';
import { checkFlags, type DeclaredOptions } from './flags.js';
import { commands } from '../../commands/index.js';

/** A fresh parser for one command line (yargs keeps per-parse state, so the shell builds one per line). */
export function buildParser(version: string): Argv<GlobalArgs> {
  let parser = yargs()
    .scriptName('aliaudit')
    .usage('$0 <command> [options]\n\nA companion to the aliyun CLI: profiles, who am I, role one-liners, and a local emulator.')
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
    .recommendCommands()
    .exitProcess(false)
    .wrap(null)
    .fail((message, error) => {
      // yargs' own parse errors (a flag missing its argument) are usage errors too.
      if (error && error.name !== 'YError') throw error;
      throw new UsageError(error?.message ?? message);
    })
    .middleware(((argv: GlobalArgs, yargs: { getOptions(): DeclaredOptions }) => checkFlags(argv.line, yargs.getOptions())) as never, true) as unknown as Argv<GlobalArgs>;
  for (const command of commands) parser = parser.command(command as CommandModule<GlobalArgs, any>);
  parser = parser.completion('completion', 'Print a bash/zsh completion script (add it to your shell rc)');
  skipHelpCache(parser);
  return parser;
}

/** Options every command takes, which may also come before the command; the first list takes a value. */
const GLOBAL_VALUE_FLAGS = ['profile', 'p', 'region', 'endpoint', 'config-path', 'configPath'];
const GLOBAL_SWITCHES = ['color', 'no-color', 'help', 'h', 'version', 'V', 'show-completion'];

/**
 * An option before the command that is not one of the global ones would swallow the command as its value, and the
 * user would read "name a command": say what is wrong instead.
 */
export function checkLeadingOptions(args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--' || !token.startsWith('-')) return;
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
