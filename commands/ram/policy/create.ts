import { defineCommand } from '../../../src/cli/command.js';
import { valueOrFile } from '../../../src/cli/args.js';
import { InputError } from '../../../src/core/errors.js';
import { note } from '../../../src/cli/output.js';
import { outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { checkPolicyName } from '../../../src/ram/attachments.js';
import { checkDocumentText } from '../../../src/ram/documents.js';
import { createPolicy, type Policy } from '../../../src/ram/policies.js';
import { ramOf } from '../connect.js';

const MAX_DESCRIPTION = 1024;

interface CreateArgs {
  name: string;
  document: string;
  description?: string;
}

export const createCommand = defineCommand<CreateArgs, Policy>({
  command: 'create <name>',
  describe: 'Create a custom RAM policy from a document (checked before it is sent)',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('name', { type: 'string', describe: 'Policy name: 1-128 letters, digits and -' })
        .option('document', { type: 'string', demandOption: true, describe: 'Policy document: JSON or @file' })
        .option('description', { type: 'string', describe: `Description (up to ${MAX_DESCRIPTION} characters)` }),
    ).example('$0 ram policy create ecs-read --document @ecs-read.json', 'from a file'),
  run: async (argv, ctx) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const { text } = checkDocumentText(valueOrFile(ctx, argv.document, '--document'), 'permission', '--document');
    if (argv.description !== undefined && argv.description.length > MAX_DESCRIPTION) {
      throw new InputError(`--description is longer than ${MAX_DESCRIPTION} characters`, 'shorten it');
    }
    return createPolicy(await ramOf(ctx), { PolicyName: name, PolicyDocument: text, Description: argv.description });
  },
  present: (policy, io, format) => {
    printRecords(io, format, {
      rows: [policy],
      columns: [
        { header: 'name', value: (p) => p.PolicyName },
        { header: 'type', value: (p) => p.PolicyType },
        { header: 'version', value: (p) => p.DefaultVersion ?? '' },
        { header: 'created', value: (p) => shortDate(p.CreateDate) },
      ],
      json: policy,
    });
    note(io, `Created policy ${policy.PolicyName}. Attach it with: aliaudit ram attach --policy ${policy.PolicyName} --user <name>`);
  },
});
