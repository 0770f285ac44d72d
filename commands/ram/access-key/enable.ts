import { setAccessKeyStatus } from '../../../src/ram/access-keys.js';
import { keyCommand } from './options.js';

export const enableCommand = keyCommand({
  verb: 'enable',
  describe: "Make a user's access key Active again",
  done: 'Enabled',
  change: (ram, { user, keyId }) => setAccessKeyStatus(ram, user, keyId, 'Active'),
});
