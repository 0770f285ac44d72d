import { defineCommand } from '../../../src/cli/command.js';
import { valueOrFile } from '../../../src/cli/args.js';
import { note } from '../../../src/cli/output.js';
import { outputOption } from '../../../src/cli/records.js';
import { checkPolicyName } from '../../../src/ram/attachments.js';
import { checkDocumentText } from '../../../src/ram/documents.js';
import { createPolicyVersion, type PolicyVersion } from '../../../src/ram/policies.js';
import { ramOf } from '../connect.js';
import { printVersions } from './versions.js';

interface UpdateArgs {
  name: string;
  document: string;
  'set-default'?: boolean;
  rotate?: boolean;
}

export const updateCommand = defineCommand<UpdateArgs, { name: string; version: PolicyVersion }>({
  command: 'update <name>',
  describe: 'Add a version to a custom policy (CreatePolicyVersion); --set-default makes it the one in force',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('name', { type: 'string', describe: 'Policy name' })
        .option('document', { type: 'string', demandOption: true, describe: 'Policy document: JSON or @file' })
        .option('set-default', { type: 'boolean', describe: 'Make the new version the default at once' })
        .option('rotate', { type: 'boolean', describe: 'With 5 versions already, drop the oldest non-default one' }),
    ),
  run: async (argv, ctx) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const { text } = checkDocumentText(valueOrFile(ctx, argv.document, '--document'), 'permission', '--document');
    const version = await createPolicyVersion(await ramOf(ctx), name, {
      PolicyDocument: text,
      setAsDefault: Boolean(argv['set-default']),
      rotate: Boolean(argv.rotate),
    });
    return { name, version };
  },
  present: ({ name, version }, io, format) => {
    printVersions(io, format, [version], version);
    note(
      io,
      version.IsDefaultVersion
        ? `Added version ${version.VersionId} of policy ${name}; it is the default now.`
        : `Added version ${version.VersionId} of policy ${name}. Make it the default with: aliaudit ram policy set-default ${name} --version ${version.VersionId}`,
    );
  },
});
