import { shortDate } from '../../../src/cli/records.js';
import { checkRamName } from '../../../src/ram/names.js';
import { type UserDetails, userDetails } from '../../../src/ram/users.js';
import { getCommandFor, policyList } from '../get-command.js';

export const getCommand = getCommandFor<object, UserDetails>({
  noun: 'user',
  describe: 'Show a RAM user: profile, console access, MFA, access keys, groups and policies',
  checkName: (value) => checkRamName(value, 'user name'),
  fetch: (ram, name) => userDetails(ram, name),
  details: ({ User: user, LoginProfile: login, MFADevice: mfa, AccessKeys: keys, Groups: groups, Policies: policies }) => {
    const loginRules = [login?.MFABindRequired && 'MFA required', login?.PasswordResetRequired && 'password reset required'].filter(Boolean);
    const consoleAccess = login ? `yes, since ${shortDate(login.CreateDate)}${loginRules.length ? ` (${loginRules.join(', ')})` : ''}` : 'no';
    return {
      facts: [
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
        ['policies', policyList(policies)],
      ],
    };
  },
});
