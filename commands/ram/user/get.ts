import type { Command } from '../../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkRamName } from '../../../src/ram/names.js';
import { type UserDetails, userDetails } from '../../../src/ram/users.js';

interface GetArgs {
  name: string;
  output?: OutputFormat;
}

export const getCommand: Command<GetArgs> = {
  command: 'get <name>',
  describe: 'Show a RAM user: profile, console access, MFA, access keys, groups and policies',
  builder: (yargs) => outputOption(yargs.positional('name', { type: 'string', describe: 'User name' })) as any,
  handler: async (argv) => {
    const name = checkRamName(argv.name, 'user name');
    const details = await userDetails(await connectRam(argv), name);
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: facts(details),
      columns: [
        { header: 'user', value: ([key]) => key },
        { header: '', value: ([, value]) => value },
      ],
      json: details,
    });
  },
};

function facts({ User: user, LoginProfile: login, MFADevice: mfa, AccessKeys: keys, Groups: groups, Policies: policies }: UserDetails) {
  const loginRules = [login?.MFABindRequired && 'MFA required', login?.PasswordResetRequired && 'password reset required'].filter(Boolean);
  const consoleAccess = login ? `yes, since ${shortDate(login.CreateDate)}${loginRules.length ? ` (${loginRules.join(', ')})` : ''}` : 'no';
  const rows: [string, string][] = [
    ['name', user.UserName],
    ['id', user.UserId ?? ''],
    ['display name', user.DisplayName ?? ''],
    ['email', user.Email ?? ''],
    ['mobile phone', user.MobilePhone ?? ''],
    ['comments', user.Comments ?? ''],
    ['created', shortDate(user.CreateDate)],
    ['updated', shortDate(user.UpdateDate)],
    ['last login', shortDate(user.LastLoginDate) || 'never'],
    ['console access', consoleAccess],
    ['MFA device', mfa?.SerialNumber ?? 'none'],
    ['access keys', keys.map((k) => `${k.AccessKeyId} ${k.Status} (created ${shortDate(k.CreateDate)})`).join(', ') || 'none'],
    ['groups', groups.map((g) => g.GroupName).join(', ') || 'none'],
    ['policies', policies.map((p) => `${p.PolicyName} (${p.PolicyType})`).join(', ') || 'none'],
  ];
  return rows;
}
