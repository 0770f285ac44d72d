import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { selectionOf } from './args.js';
import type { Context, IO } from './context.js';
import type { Selection } from '../credentials/types.js';
import { type OutputFormat, outputFormat } from './records.js';

/** What running one command line came to: its exit code and, for the shell, the data the command returned. */
export interface Outcome {
  exitCode: number;
  data?: unknown;
}

/** Options every command takes, plus what main hands each handler (`ctx`, `outcome`), which are not flags. */
export interface GlobalArgs {
  profile?: string;
  region?: string;
  endpoint?: string;
  'config-path'?: string;
  configPath?: string;
  color?: boolean;
  output?: OutputFormat;
  ctx: Context;
  outcome: Outcome;
  /** The command line as typed, for checks yargs' parsed values can no longer make. */
  line: string[];
}

export type Command<Args = object> = CommandModule<GlobalArgs, GlobalArgs & Args>;

/** A command's parsed arguments: its own, the global ones, and the positionals left over (`_`). */
export type CommandArgs<Args> = ArgumentsCamelCase<GlobalArgs & Args>;

/**
 * A command as options → run → present: `run` calls services and returns data (the shell and tests use it as it is),
 * `present` prints it, `exitCode` says what the data means for the exit code (exec's child, a scan's findings).
 */
export interface CommandSpec<Args, Data> {
  command: string;
  describe: string;
  builder?: (yargs: Argv<GlobalArgs>) => Argv<any>;
  run(args: CommandArgs<Args>, ctx: Context): Promise<Data>;
  present?(data: Data, io: IO, format: OutputFormat): void;
  exitCode?(data: Data): number;
}

export function defineCommand<Args, Data>(spec: CommandSpec<Args, Data>): Command<Args> {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: spec.builder as Command<Args>['builder'],
    handler: async (argv) => {
      // The line's flags over what the context already selects (the shell's `use` and `region`).
      const ctx = argv.ctx.derive({ selection: withFlags(argv.ctx.selection, selectionOf(argv)), announces: true });
      const data = await spec.run(argv, ctx);
      spec.present?.(data, ctx.io, outputFormat(ctx.io, argv.output));
      argv.outcome.exitCode = spec.exitCode?.(data) ?? 0;
      argv.outcome.data = data;
    },
  };
}

function withFlags(base: Selection, flags: Selection): Selection {
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return { ...base, ...given };
}

/** `<group> <command>`: a verb that only holds subcommands, and asks for one of them by name. */
export function commandGroup(group: { command: string; describe: string; subcommands: readonly Command<any>[] }): Command {
  const names = group.subcommands.map((sub) => String(sub.command).split(' ')[0]);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
  return {
    command: `${group.command} <command>`,
    describe: group.describe,
    builder: (yargs) => {
      for (const sub of group.subcommands) yargs.command(sub as CommandModule<GlobalArgs, any>);
      const article = /^[aeiou]/i.test(group.command) ? 'an' : 'a';
      return yargs.demandCommand(1, `Name ${article} ${group.command} command: ${listed}.`);
    },
    handler: () => {},
  };
}
