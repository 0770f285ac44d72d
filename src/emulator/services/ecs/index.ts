/** ECS 2014-05-26: the API (api.ts) over the account's `Ecs` section of the world (section.ts). */
export { ecsService } from './api.js';
export { ecsOf, ecsSection } from './section.js';
export type { EcsDisk, EcsInstance, EcsPermission, EcsRegion, EcsSecurityGroup, EcsSection, EcsTag } from './state.js';
