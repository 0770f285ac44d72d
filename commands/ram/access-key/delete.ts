import { deleteAccessKey } from '../../../src/ram/access-keys.js';
import { keyCommand } from './options.js';

export const deleteCommand = keyCommand({
  verb: 'delete',
  describe: "Delete a user's access key for good",
  confirm: 'Delete',
  done: 'Deleted',
  change: (ram, { user, keyId }) => deleteAccessKey(ram, user, keyId),
});
