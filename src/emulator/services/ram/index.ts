/**
 * RAM 2015-05-01 as the emulator serves it: every action signed, authorised as `ram:<Action>` on the entity it
 * touches (`acs:ram:*:<AccountId>:user/<name>`, `…:group/…`, `…:role/…`, `…:policy/…`, or `…:*` account-wide),
 * acting on the caller's account, with RAM's error codes and response shapes.
 */
import { NO_PERMISSION } from '../../api-error.js';
import type { Service } from '../service.js';
import { accessKeyActions } from './access-keys.js';
import { accountActions } from './account.js';
import { attachmentActions } from './attachments.js';
import { groupActions } from './groups.js';
import { loginProfileActions } from './login-profiles.js';
import { mfaActions } from './mfa.js';
import { policyActions } from './policies.js';
import { roleActions } from './roles.js';
import { userActions } from './users.js';

export const ramService: Service = {
  code: 'ram',
  product: 'Ram',
  version: '2015-05-01',
  hostId: 'ram.aliyuncs.com',
  denial: NO_PERMISSION,
  readOnlyPolicy: 'AliyunRAMReadOnlyAccess',
  actions: {
    ...userActions,
    ...loginProfileActions,
    ...accessKeyActions,
    ...mfaActions,
    ...groupActions,
    ...roleActions,
    ...policyActions,
    ...attachmentActions,
    ...accountActions,
  },
};
