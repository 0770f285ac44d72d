import { IMS, RAM } from '../../../cloud/products.js';
import type { ScanService } from '../service.js';
import { ramChecks } from './checks.js';
import { collectRam } from './collect.js';

export const ramService: ScanService = {
  id: 'ram',
  name: 'RAM',
  scope: 'global',
  permissions: [
    'ram:GetPasswordPolicy', 'ram:GenerateCredentialReport', 'ram:GetCredentialReport', 'ram:ListUsers', 'ram:ListPolicies',
    'ram:ListEntitiesForPolicy', 'ram:GetPolicy', 'ram:GetUser', 'ram:GetLoginProfile', 'ram:ListAccessKeys', 'ram:ListVirtualMFADevices',
  ],
  checks: [...ramChecks.account, ...ramChecks.passwordPolicy, ...ramChecks.user, ...ramChecks.accessKey, ...ramChecks.policy],
  collect: async (collecting) => collectRam(collecting, { ram: await collecting.api(RAM, 'global'), ims: await collecting.api(IMS, 'global') }),
};
