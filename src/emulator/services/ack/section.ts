/** ACK's part of each account of the world file: `"Ack": { "<region id>": { "Clusters": [ … ] } }`. */
import { sectionOf, type ServiceSection } from '../service.js';
import type { AckSection } from './state.js';
import { loadAck } from './world.js';

export const ackSection: ServiceSection<AckSection> = {
  key: 'Ack',
  load: loadAck,
  inventory: (ack) => Object.fromEntries(Object.entries(ack).map(([region, { Clusters }]) => [region, { clusters: Clusters.length }])),
};

const NO_CLUSTERS: AckSection = Object.freeze({});

export function ackOf(account: { Sections: Record<string, unknown> }): AckSection {
  return sectionOf(account, ackSection) ?? NO_CLUSTERS;
}
