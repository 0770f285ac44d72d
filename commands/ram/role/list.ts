import { shortDate } from '../../../src/cli/records.js';
import { listRoles } from '../../../src/ram/roles.js';
import { listCommandFor } from '../list-command.js';

export const listCommand = listCommandFor('List every RAM role of the account (all pages)', listRoles, [
  { header: 'name', value: (r) => r.RoleName },
  { header: 'max session', value: (r) => String(r.MaxSessionDuration ?? '') },
  { header: 'created', value: (r) => shortDate(r.CreateDate) },
  // At 80 columns the ARN, what assume-role takes, goes whole on a line of its own rather than leave no room to say what the role is for.
  { header: 'arn', value: (r) => r.Arn ?? '', squeeze: 'line' },
  { header: 'description', value: (r) => r.Description ?? '', kind: 'text' },
]);
