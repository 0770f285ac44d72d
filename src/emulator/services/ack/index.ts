/** ACK (Container Service for Kubernetes) 2015-12-15: an ROA API (api.ts) over the account's `Ack` section (section.ts). */
export { ackService } from './api.js';
export { ackOf, ackSection } from './section.js';
export type { AckCluster, AckSection } from './state.js';
