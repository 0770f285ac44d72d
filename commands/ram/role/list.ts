import { shortDate } from '../../../src/cli/records.js';
import { listRoles } from '../../../src/ram/roles.js';
import { listCommandFor } from '../list-command.js';

export const listCommand = listCommandFor('List every RAM role of the account (all pages)', listRoles, [
  { header: 'name', value: (r) => r.RoleName },
  { header: 'max session', value: (r) => String(r.MaxSessionDuration ?? '') },
  { header: 'created', value: (r) => shortDate(r.CreateDate) },
  { header: 'arn', value: (r) => r.Arn ?? '' },
  { header: 'description', value: (r) => r.Description ?? '' },
]);
