import type { CommandModule } from 'yargs';
import { defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import type { Context } from '../../src/cli/context.js';
import { CancelledError, fix, UsageError } from '../../src/core/errors.js';
import type { SavedProfile } from '../../profiles/service.js';
import { presentSaved, setCommand } from './set.js';
import { listCommand } from './list.js';
import { getCommand } from './get.js';
import { switchCommand } from './switch.js';
import { deleteCommand } from './delete.js';

const subcommands = [setCommand, listCommand, getCommand, switchCommand, deleteCommand];

/** `configure <command>` manages profiles; `configure` alone, on a terminal, walks through making one. */
export const configureCommand = defineCommand<object, SavedProfile>({
  command: 'configure',
  describe: "Manage profiles in the aliyun CLI's config.json (shared with the aliyun CLI); alone, on a terminal, a wizard",
  builder: (yargs) => {
    for (const sub of subcommands) yargs.command(sub as CommandModule<GlobalArgs, any>);
    return yargs.epilog('With no command, on a terminal: a wizard that creates or edits a profile, checks it with whoami, and saves it as configure set does.');
  },
  run: async (_argv, ctx) => {
    checkTerminal(ctx);
    // Ink and React load here only: the other configure commands are one-liners.
    const { runWizard } = await import('../../src/ui/wizard/run.js');
    const saved = await runWizard(ctx);
    if (!saved) throw new CancelledError();
    return saved;
  },
  present: presentSaved,
});

function checkTerminal(ctx: Context): void {
  const { io, env } = ctx;
  const why = !io.stdinIsTTY || !io.stdoutIsTTY ? 'stdin and stdout must be a terminal' : env.TERM === 'dumb' ? 'TERM is dumb' : undefined;
  if (!why) return;
  throw new UsageError(
    `configure without a command opens a wizard, which needs a terminal (${why})`,
    fix(
      'set the profile with flags instead (list, get, switch and delete manage the others)',
      'configure set --profile <name> --mode AK --access-key-id <id> --access-key-secret @file --region cn-hangzhou',
    ),
  );
}
