import { setAccessKeyStatus } from '../../../src/ram/access-keys.js';
import { keyCommand } from './options.js';

export const disableCommand = keyCommand({
  verb: 'disable',
  describe: "Make a user's access key Inactive: every request it signs is refused until enabled",
  confirm: 'Disable',
  done: 'Disabled',
  change: (ram, { user, keyId }) => setAccessKeyStatus(ram, user, keyId, 'Inactive'),
});
