import { confirm } from '../../src/cli/confirm.js';
import { note } from '../../src/cli/output.js';
import type { Command } from '../../src/cli/parser.js';
import type { RamApi } from '../../src/cloud/ram-client.js';
import { type Blockers, safeDelete } from '../../src/ram/attachments.js';
import { connectRam } from '../../src/ram/connect.js';

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
 * removes each dependent (listing it) after one confirmation.
 */
export function deleteCommandFor(deletion: Deletion): Command<DeleteArgs> {
  return {
    command: 'delete <name>',
    describe: deletion.describe,
    builder: (yargs) =>
      yargs
        .positional('name', { type: 'string', describe: deletion.nameHelp })
        .option('force', { type: 'boolean', describe: deletion.forceHelp })
        .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
    handler: async (argv) => {
      const { ctx } = argv;
      const name = deletion.checkName(argv.name);
      const ram = await connectRam(argv);
      await safeDelete({
        entity: `${deletion.noun} ${name}`,
        ...(await deletion.blockers(ram, name)),
        force: Boolean(argv.force),
        byHand: deletion.byHand(name),
        confirm: (action) => confirm(ctx, action, { yes: argv.yes }),
        onStep: (done) => note(ctx, `  ${done}`),
        remove: () => deletion.remove(ram, name),
      });
      note(ctx, `Deleted ${deletion.noun} ${name}.`);
    },
  };
}
