import { defineCommand } from '../../src/cli/command.js';
import { confirmChange } from '../../src/cli/confirm.js';
import { note } from '../../src/cli/output.js';
import type { RamApi } from '../../src/ram/api.js';
import { type Blockers, safeDelete } from '../../src/ram/attachments.js';
import { ramOf } from './connect.js';

interface DeleteArgs {
  name: string;
  force?: boolean;
  yes?: boolean;
}

/** How one kind of RAM entity is deleted; every `name` below is the checked one. */
export interface Deletion {
  /** The entity's kind as messages name it: "Deleted group ops." */
  noun: 'user' | 'group' | 'role' | 'policy';
  describe: string;
  /** Help for the <name> positional and for --force. */
  nameHelp: string;
  forceHelp: string;
  /** The name as typed, checked before any call (bad input). */
  checkName(value: string): string;
  blockers(ram: RamApi, name: string): Promise<Blockers>;
  /** How to remove the blockers without --force, for the refusal's hint. */
  byHand(name: string): string;
  remove(ram: RamApi, name: string): Promise<void>;
}

/**
 * `<noun> delete <name> [--force] [--yes]`: refused while something depends on the entity unless --force, which
 * removes each dependent (listing it as it goes) after one confirmation.
 */
export function deleteCommandFor(deletion: Deletion) {
  return defineCommand<DeleteArgs, { noun: string; name: string }>({
    command: 'delete <name>',
    describe: deletion.describe,
    builder: (yargs) =>
      yargs
        .positional('name', { type: 'string', describe: deletion.nameHelp })
        .option('force', { type: 'boolean', describe: deletion.forceHelp })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }),
    run: async (argv, ctx) => {
      const name = deletion.checkName(argv.name);
      const ram = await ramOf(ctx);
      await safeDelete({
        entity: `${deletion.noun} ${name}`,
        ...(await deletion.blockers(ram, name)),
        force: Boolean(argv.force),
        byHand: deletion.byHand(name),
        confirm: (action) => confirmChange(ctx, action, { yes: argv.yes }),
        onStep: (done) => note(ctx.io, `  ${done}`),
        remove: () => deletion.remove(ram, name),
      });
      return { noun: deletion.noun, name };
    },
    present: ({ noun, name }, io) => note(io, `Deleted ${noun} ${name}.`),
  });
}
