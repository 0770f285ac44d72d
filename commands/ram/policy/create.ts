import { valueOrFile } from '../../../src/cli/args.js';
import { InputError } from '../../../src/cli/errors.js';
import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { checkPolicyName } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkDocumentText } from '../../../src/ram/documents.js';
import { createPolicy } from '../../../src/ram/policies.js';

const MAX_DESCRIPTION = 1024;

interface CreateArgs {
  name: string;
  document: string;
  description?: string;
  output?: OutputFormat;
}

export const createCommand: Command<CreateArgs> = {
  command: 'create <name>',
  describe: 'Create a custom RAM policy from a document (checked before it is sent)',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('name', { type: 'string', describe: 'Policy name: 1-128 letters, digits and -' })
        .option('document', { type: 'string', demandOption: true, describe: 'Policy document: JSON or @file' })
        .option('description', { type: 'string', describe: `Description (up to ${MAX_DESCRIPTION} characters)` }),
    ).example('$0 ram policy create ecs-read --document @ecs-read.json', 'from a file') as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkPolicyName(argv.name, 'policy name');
    const { text } = checkDocumentText(valueOrFile(ctx, argv.document, '--document'), 'permission', '--document');
    if (argv.description !== undefined && argv.description.length > MAX_DESCRIPTION) {
      throw new InputError(`--description is longer than ${MAX_DESCRIPTION} characters`, 'shorten it');
    }
    const policy = await createPolicy(await connectRam(argv), { PolicyName: name, PolicyDocument: text, Description: argv.description });
    printRecords(ctx, outputFormat(ctx, argv.output), {
      rows: [policy],
      columns: [
        { header: 'name', value: (p) => p.PolicyName },
        { header: 'type', value: (p) => p.PolicyType },
        { header: 'version', value: (p) => p.DefaultVersion ?? '' },
        { header: 'created', value: (p) => shortDate(p.CreateDate) },
      ],
      json: policy,
    });
    note(ctx, `Created policy ${policy.PolicyName}. Attach it with: aliaudit ram attach --policy ${policy.PolicyName} --user <name>`);
  },
};
