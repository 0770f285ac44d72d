import type { Argv } from 'yargs';
import { defineCommand } from '../../src/cli/command.js';
import { confirmChange } from '../../src/cli/confirm.js';
import { note } from '../../src/cli/output.js';
import { type Holder, type PolicyType, attachPolicy, checkPolicyName, detachPolicy, holderOf } from '../../src/ram/attachments.js';
import { ramOf } from './connect.js';
import { policyTypeOption } from './policy/list.js';

interface AttachArgs {
  policy: string;
  'policy-type'?: PolicyType;
  user?: string;
  group?: string;
  role?: string;
  yes?: boolean;
}

/** What was attached or detached: the policy (with the type RAM knew it by) and its holder. */
interface Attachment {
  policy: { name: string; type: PolicyType };
  holder: Holder;
}

/** --user, --group and --role: the one holder of a policy that attach, detach and policies act on. */
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

const describeAttachment = ({ policy }: Attachment) => `${policy.type.toLowerCase()} policy ${policy.name}`;

export const attachCommand = defineCommand<AttachArgs, Attachment>({
  command: 'attach',
  describe: 'Attach a policy to a user, group or role: it governs their next call',
  builder: (yargs) =>
    attachmentOptions(yargs)
      .example('$0 ram attach --policy AliyunRAMReadOnlyAccess --user alice', 'a system policy')
      .example('$0 ram attach --policy ops-admin --group admins', 'a custom policy'),
  run: async (argv, ctx) => {
    const { policy, holder } = attachmentOf(argv, 'aliaudit ram attach');
    const type = await attachPolicy(await ramOf(ctx), policy, holder);
    return { policy: { name: policy.name, type }, holder };
  },
  present: (attached, io) => note(io, `Attached ${describeAttachment(attached)} to ${attached.holder.kind} ${attached.holder.name}.`),
});

export const detachCommand = defineCommand<AttachArgs, Attachment>({
  command: 'detach',
  describe: 'Detach a policy from a user, group or role: it stops governing their next call',
  builder: (yargs) => attachmentOptions(yargs).option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }),
  run: async (argv, ctx) => {
    const { policy, holder } = attachmentOf(argv, 'aliaudit ram detach');
    const ram = await ramOf(ctx);
    await confirmChange(ctx, `Detach policy ${policy.name} from ${holder.kind} ${holder.name}`, { yes: argv.yes });
    const type = await detachPolicy(ram, policy, holder);
    return { policy: { name: policy.name, type }, holder };
  },
  present: (detached, io) => note(io, `Detached ${describeAttachment(detached)} from ${detached.holder.kind} ${detached.holder.name}.`),
});
