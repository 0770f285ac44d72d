import { shortDate } from '../../../src/cli/records.js';
import { listGroups } from '../../../src/ram/groups.js';
import { listCommandFor } from '../list-command.js';

export const listCommand = listCommandFor('List every RAM user group of the account (all pages)', listGroups, [
  { header: 'name', value: (g) => g.GroupName },
  { header: 'created', value: (g) => shortDate(g.CreateDate) },
  { header: 'comments', value: (g) => g.Comments ?? '', kind: 'text' },
]);
