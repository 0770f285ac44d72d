/** ACK clusters as the world gives them, in the API's own (snake_case) field names. */
export const CLUSTER_TYPES = ['ManagedKubernetes', 'Kubernetes', 'ExternalKubernetes', 'Ask'] as const;
export const CLUSTER_STATES = ['initial', 'failed', 'running', 'updating', 'updating_failed', 'scaling', 'waiting', 'disconnected', 'inactive', 'unavailable', 'deleting', 'deleted', 'delete_failed'] as const;

export interface AckCluster {
  cluster_id: string;
  name: string;
  region_id: string;
  cluster_type: (typeof CLUSTER_TYPES)[number];
  state: (typeof CLUSTER_STATES)[number];
  current_version: string;
  vpc_id: string;
  created: Date;
  /**
   * What DescribeClusterDetail adds, as the world gives it: `meta_data` and `master_url` are objects here and JSON
   * strings on the wire (as the API sends them); `parameters` strings by name; `rrsa_config` as the API's object.
   */
  meta_data: Record<string, unknown>;
  master_url: Record<string, unknown>;
  parameters: Record<string, string>;
  rrsa_config: Record<string, unknown>;
}

/** Per region id; a region of the world without an entry has no clusters. */
export type AckSection = Record<string, { Clusters: AckCluster[] }>;
