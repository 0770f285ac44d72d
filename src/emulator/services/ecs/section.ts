/** ECS's part of each account of the world file: `"Ecs": { "<region id>": { SecurityGroups, Instances, Disks } }`. */
import { sectionOf, type ServiceSection } from '../service.js';
import { ecsDemo } from './demo.js';
import { generateEcs } from './generate.js';
import type { EcsSection } from './state.js';
import { loadEcs } from './world.js';

export const ecsSection: ServiceSection<EcsSection> = {
  key: 'Ecs',
  load: loadEcs,
  demo: ecsDemo,
  generate: generateEcs,
  inventory: (ecs) =>
    Object.fromEntries(
      Object.entries(ecs).map(([region, resources]) => [
        region,
        {
          instances: resources.Instances.length,
          securityGroups: resources.SecurityGroups.length,
          disks: resources.Disks.length,
          rulesPerGroup: resources.SecurityGroups.map((group) => group.Permissions.length),
        },
      ]),
    ),
};

const NO_ECS: EcsSection = Object.freeze({});

/** The account's ECS resources per region id; none when the world gives the account no `Ecs`. */
export function ecsOf(account: { Sections: Record<string, unknown> }): EcsSection {
  return sectionOf(account, ecsSection) ?? NO_ECS;
}
