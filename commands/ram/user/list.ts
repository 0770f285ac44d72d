import { shortDate } from '../../../src/cli/records.js';
import { listUsers } from '../../../src/ram/users.js';
import { listCommandFor } from '../list-command.js';

// ListUsers carries no LastLoginDate: `ram user get <name>` shows it.
export const listCommand = listCommandFor('List every RAM user of the account (all pages)', listUsers, [
  { header: 'name', value: (u) => u.UserName },
  { header: 'display name', value: (u) => u.DisplayName ?? '', kind: 'text' },
  { header: 'created', value: (u) => shortDate(u.CreateDate) },
  { header: 'updated', value: (u) => shortDate(u.UpdateDate) },
]);
