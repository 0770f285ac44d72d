/**
 * What a world holds, counted: the figures a benchmark needs to work out the fewest calls a scan of it can make
 * (users, listed and attached policies, report rows, and per region instances, groups, disks and rules per group).
 */
import { attachmentCounts } from './services/ram/entities.js';
import type { EmulatorState } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';

export interface AccountInventory {
  accountId: string;
  users: number;
  /** Policies ListPolicies lists: the system ones and the account's own. */
  listedPolicies: number;
  /** Policies attached to anyone (AttachmentCount > 0), and of those the custom ones. */
  attachedPolicies: number;
  attachedCustomPolicies: number;
  regions: Record<string, { instances: number; securityGroups: number; disks: number; rulesPerGroup: number[] }>;
}

export function inventoryOf(state: EmulatorState): AccountInventory[] {
  return [...state.Accounts.values()].map((account) => {
    const attached = [...attachmentCounts(account)].filter(([, count]) => count > 0).map(([key]) => key);
    return {
      accountId: account.AccountId,
      users: account.Users.size,
      listedPolicies: SYSTEM_POLICIES.size + account.Policies.size,
      attachedPolicies: attached.length,
      attachedCustomPolicies: attached.filter((key) => key.startsWith('Custom:')).length,
      regions: Object.fromEntries(
        Object.entries(account.Ecs).map(([region, ecs]) => [
          region,
          {
            instances: ecs.Instances.length,
            securityGroups: ecs.SecurityGroups.length,
            disks: ecs.Disks.length,
            rulesPerGroup: ecs.SecurityGroups.map((group) => group.Permissions.length),
          },
        ]),
      ),
    };
  });
}
