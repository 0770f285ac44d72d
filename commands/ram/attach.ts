import type { Argv } from 'yargs';
import type { Command } from '../../src/cli/parser.js';
import { confirm } from '../../src/cli/confirm.js';
import { note } from '../../src/cli/output.js';
import { type Holder, type PolicyType, attachPolicy, checkPolicyName, detachPolicy, holderOf } from '../../src/ram/attachments.js';
import { connectRam } from '../../src/ram/connect.js';
import { policyTypeOption } from './policy/list.js';

interface AttachArgs {
  policy: string;
  'policy-type'?: PolicyType;
  user?: string;
  group?: string;
  role?: string;
  yes?: boolean;
}

/** --policy, --policy-type and the one target (--user, --group or --role) of attach and detach. */
export function holderOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('user', { type: 'string', describe: 'RAM user' })
    .option('group', { type: 'string', describe: 'RAM user group' })
    .option('role', { type: 'string', describe: 'RAM role' });
}

function attachmentOptions<T>(yargs: Argv<T>) {
  return holderOptions(
    policyTypeOption(
      yargs.option('policy', { type: 'string', demandOption: true, describe: 'Policy name' }),
      'policy-type',
      'System or Custom (default: Custom if a custom policy has that name, else System)',
    ),
  );
}

/** The policy and its holder, checked before any call. */
function attachmentOf(argv: AttachArgs, command: string): { policy: { name: string; type?: PolicyType }; holder: Holder } {
  const policy = { name: checkPolicyName(argv.policy, '--policy'), type: argv['policy-type'] };
  return { policy, holder: holderOf({ user: argv.user, group: argv.group, role: argv.role }, command) };
}

export const attachCommand: Command<AttachArgs> = {
  command: 'attach',
  describe: 'Attach a policy to a user, group or role: it governs their next call',
  builder: (yargs) =>
    attachmentOptions(yargs)
      .example('$0 ram attach --policy AliyunRAMReadOnlyAccess --user alice', 'a system policy')
      .example('$0 ram attach --policy ops-admin --group admins', 'a custom policy') as any,
  handler: async (argv) => {
    const { policy, holder } = attachmentOf(argv, 'aliaudit ram attach');
    const type = await attachPolicy(await connectRam(argv), policy, holder);
    note(argv.ctx, `Attached ${type.toLowerCase()} policy ${policy.name} to ${holder.kind} ${holder.name}.`);
  },
};

export const detachCommand: Command<AttachArgs> = {
  command: 'detach',
  describe: 'Detach a policy from a user, group or role: it stops governing their next call',
  builder: (yargs) => attachmentOptions(yargs).option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const { policy, holder } = attachmentOf(argv, 'aliaudit ram detach');
    const ram = await connectRam(argv);
    await confirm(ctx, `Detach policy ${policy.name} from ${holder.kind} ${holder.name}`, { yes: argv.yes });
    const type = await detachPolicy(ram, policy, holder);
    note(ctx, `Detached ${type.toLowerCase()} policy ${policy.name} from ${holder.kind} ${holder.name}.`);
  },
};
