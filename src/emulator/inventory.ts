/**
 * What a world holds, counted: the figures a benchmark needs to work out the fewest calls a scan of it can make
 * (users, listed and attached policies, report rows, and per region each service's own figures: ECS's instances,
 * groups, disks and rules per group, …).
 */
import { attachmentCounts } from './services/ram/entities.js';
import type { EmulatorState } from './state.js';
import { SYSTEM_POLICIES } from './system-policies.js';
import { SECTIONS } from './world.js';

export interface AccountInventory {
  accountId: string;
  users: number;
  /** Policies ListPolicies lists: the system ones and the account's own. */
  listedPolicies: number;
  /** Policies attached to anyone (AttachmentCount > 0), and of those the custom ones. */
  attachedPolicies: number;
  attachedCustomPolicies: number;
  /**
   * Users whose credential report shows an active access key 89 days old or more: a scan asks ListAccessKeys for
   * these alone, to name the key (a day's margin, as the scanner keeps, so a key at the edge is not missed).
   */
  usersWithOldKeys: number;
  /** Per region (`global` for a global service's), every service's figures together, each named once. */
  regions: Record<string, Record<string, number | number[]>>;
}

const OLD_KEY_MS = 89 * 24 * 3600 * 1000;

export function inventoryOf(state: EmulatorState, now = Date.now()): AccountInventory[] {
  return [...state.Accounts.values()].map((account) => {
    const attached = [...attachmentCounts(account)].filter(([, count]) => count > 0).map(([key]) => key);
    return {
      accountId: account.AccountId,
      users: account.Users.size,
      listedPolicies: SYSTEM_POLICIES.size + account.Policies.size,
      attachedPolicies: attached.length,
      attachedCustomPolicies: attached.filter((key) => key.startsWith('Custom:')).length,
      usersWithOldKeys: [...account.Users.values()].filter((user) => user.AccessKeys.some((key) => key.Status === 'Active' && now - key.CreateDate.getTime() >= OLD_KEY_MS)).length,
      regions: sectionFigures(account.Sections),
    };
  });
}

/** Each loaded section's figures, merged per region; two services naming the same figure is a mistake to fix. */
function sectionFigures(loaded: Record<string, unknown>): AccountInventory['regions'] {
  const regions: AccountInventory['regions'] = {};
  for (const section of SECTIONS) {
    if (!section.inventory || loaded[section.key] === undefined) continue;
    for (const [region, figures] of Object.entries(section.inventory(loaded[section.key]))) {
      const into = (regions[region] ??= {});
      for (const [name, value] of Object.entries(figures)) {
        if (Object.hasOwn(into, name)) throw new Error(`inventory: the figure "${name}" of ${region} is given by two services; name it after ${section.key}'s resource`);
        into[name] = value;
      }
    }
  }
  return regions;
}
