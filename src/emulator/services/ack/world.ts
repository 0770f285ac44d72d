/**
 * Loads a world's `Ack` section (per region id: Clusters) into ACK's state: every field checked at its JSON path,
 * relative dates resolved, a stable cluster id derived for a cluster that leaves its out.
 */
import { createHash } from 'node:crypto';
import { at, Fields, isObject, WorldError } from '../../world-fields.js';
import type { SectionWhere } from '../service.js';
import { type AckCluster, type AckSection, CLUSTER_STATES, CLUSTER_TYPES } from './state.js';

const REGION_FIELDS = ['Clusters'];
const CLUSTER_FIELDS = ['cluster_id', 'name', 'cluster_type', 'state', 'current_version', 'vpc_id', 'created', 'meta_data', 'master_url', 'parameters', 'rrsa_config'];
const CLUSTER_ID = /^c[0-9a-z]{6,40}$/;

export function loadAck(value: unknown, where: SectionWhere): AckSection {
  if (!isObject(value)) throw new WorldError(where.path, 'must be a JSON object keyed by region id');
  const section: AckSection = {};
  for (const [regionId, regionValue] of Object.entries(value)) {
    const regionPath = at(where.path, regionId);
    if (!where.regionIds.has(regionId)) throw new WorldError(regionPath, `region "${regionId}" is not in Regions`);
    const region = Fields.of(regionValue, regionPath, REGION_FIELDS, where.now);
    section[regionId] = { Clusters: region.uniqueList('Clusters', 'cluster_id', (item, path) => cluster(item, path, regionId, where)) };
  }
  return section;
}

function cluster(value: unknown, path: string, regionId: string, where: SectionWhere): AckCluster {
  const f = Fields.of(value, path, CLUSTER_FIELDS, where.now);
  const name = f.string('name');
  if (!name) throw new WorldError(f.at('name'), 'is required: the cluster\'s name');
  const given = f.string('cluster_id');
  if (given !== undefined && !CLUSTER_ID.test(given)) throw new WorldError(f.at('cluster_id'), 'must be "c" and 6 to 40 lower-case letters or digits, such as "c8a1f2b3c4d5e6f7"');
  return {
    cluster_id: given ?? `c${createHash('sha256').update(`ack:${where.accountId}:${regionId}:${name}`).digest('hex').slice(0, 32)}`,
    name,
    region_id: regionId,
    cluster_type: f.oneOf('cluster_type', CLUSTER_TYPES, 'ManagedKubernetes'),
    state: f.oneOf('state', CLUSTER_STATES, 'running'),
    current_version: f.string('current_version') ?? '1.31.1-aliyun.1',
    vpc_id: f.string('vpc_id') ?? '',
    created: f.date('created') ?? where.now,
    meta_data: object(f, 'meta_data'),
    master_url: object(f, 'master_url'),
    parameters: strings(f, 'parameters'),
    rrsa_config: object(f, 'rrsa_config'),
  };
}

/** A JSON object the API answers as it is (its inside is the API's own, richer than aliaudit reads): {} when left out. */
function object(f: Fields, key: string): Record<string, unknown> {
  const value = f.raw(key);
  if (value === undefined) return {};
  if (!isObject(value)) throw new WorldError(f.at(key), 'must be a JSON object, as the API answers it');
  return value;
}

/** An object of strings by name (the cluster's `parameters`). */
function strings(f: Fields, key: string): Record<string, string> {
  const value = object(f, key);
  for (const [name, text] of Object.entries(value)) if (typeof text !== 'string') throw new WorldError(at(f.at(key), name), 'must be a string, as the API answers every parameter');
  return value as Record<string, string>;
}

