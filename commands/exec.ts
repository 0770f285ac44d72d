import { defineCommand } from '../src/cli/command.js';
import { runChild } from '../src/cli/child.js';
import { InputError } from '../src/core/errors.js';
import { EXEC_PROFILE_VARIABLE, execEnvironment } from '../src/credentials/exec-env.js';

interface ExecArgs {
  command?: string[];
}

/** How the child ended: aliaudit exits with its code. */
export interface ChildExit {
  exitCode: number;
}

export const execCommand = defineCommand<ExecArgs, ChildExit>({
  command: 'exec [command..]',
  describe: 'Run a command (default: your $SHELL) with the profile\'s credentials in its environment',
  builder: (yargs) =>
    yargs
      // Keep the child's arguments as typed: "007" must not become 7.
      .parserConfiguration({ 'parse-positional-numbers': false })
      .positional('command', { type: 'string', array: true, describe: 'Command and arguments, after --' })
      .example('aliaudit exec -p audit -- aliyun ecs DescribeInstances', 'one command as the audit profile')
      .example('aliaudit exec -p audit', 'a shell whose commands run as the audit profile'),
  run: async (argv, ctx) => {
    const running = ctx.env[EXEC_PROFILE_VARIABLE];
    if (running !== undefined) {
      throw new InputError(
        `aliaudit exec is already running (profile ${running || 'unknown'}); exit that shell first`,
        `nested sessions hide which identity a command runs as: type exit, then run aliaudit exec again`,
      );
    }
    const commandLine = [...(argv.command ?? []), ...argv._.slice(1).map(String)];
    const session = await ctx.session();
    const credentials = await ctx.unlessInterrupted(session.credentials());
    const env = execEnvironment(ctx.env, credentials, session.region, session.profileName ?? 'environment');
    const [file, ...args] = commandLine.length > 0 ? commandLine : [ctx.env.SHELL || '/bin/sh'];
    return { exitCode: await runChild(ctx, file, args, env) };
  },
  exitCode: (child) => child.exitCode,
});
