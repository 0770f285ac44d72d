/**
 * Container Service for Kubernetes (ACK, `cs` 2015-12-15), an ROA API: each action at its own method and path, JSON
 * answers in snake_case. So far DescribeClustersV1 (`GET /api/v1/clusters`, page_number/page_size paging, default
 * 10, at most 100) and DescribeClusterDetail (`GET /clusters/{ClusterId}`). The RAM action names follow the API's
 * (`cs:DescribeClustersV1`), and the not-found code is ErrorClusterNotFound: both unconfirmed against RAM's list.
 */
import { ApiFault, FORBIDDEN_RAM, faults, formatApiDate } from '../../api-error.js';
import { integerParam, optional } from '../params.js';
import type { ApiCall, Service } from '../service.js';
import { ackOf, ackSection } from './section.js';
import type { AckCluster } from './state.js';

const PAGE = { default: 10, max: 100 };

function clusterView(cluster: AckCluster) {
  return {
    cluster_id: cluster.cluster_id,
    name: cluster.name,
    region_id: cluster.region_id,
    cluster_type: cluster.cluster_type,
    state: cluster.state,
    current_version: cluster.current_version,
    vpc_id: cluster.vpc_id,
    created: formatApiDate(cluster.created),
  };
}

/** DescribeClusterDetail's answer: the list's fields and the detail, `meta_data` and `master_url` as JSON strings. */
function detailView(cluster: AckCluster) {
  return {
    ...clusterView(cluster),
    meta_data: JSON.stringify(cluster.meta_data),
    master_url: JSON.stringify(cluster.master_url),
    parameters: cluster.parameters,
    rrsa_config: cluster.rrsa_config,
    size: 0,
    deletion_protection: false,
  };
}

function describeClusterDetail(call: ApiCall) {
  const account = call.caller!.principal.account;
  const id = call.pathParams?.ClusterId ?? '';
  const cluster = Object.values(ackOf(account)).flatMap(({ Clusters }) => Clusters).find((c) => c.cluster_id === id);
  call.authorize('cs:DescribeClusterDetail', `acs:cs:${cluster?.region_id ?? '*'}:${account.AccountId}:cluster/${id}`);
  if (!cluster) throw new ApiFault('ErrorClusterNotFound', 404, `The cluster ${id} was not found.`);
  return detailView(cluster);
}

function describeClustersV1(call: ApiCall) {
  const account = call.caller!.principal.account;
  const regionId = optional(call.params, 'region_id');
  if (regionId !== undefined && !call.state.Regions.some((region) => region.RegionId === regionId)) throw faults.invalidParameter('region_id', `"${regionId}" is not a region.`);
  call.authorize('cs:DescribeClustersV1', `acs:cs:${regionId ?? '*'}:${account.AccountId}:cluster/*`);
  const size = integerParam(call.params, 'page_size', { min: 1, max: PAGE.max }) ?? PAGE.default;
  const number = integerParam(call.params, 'page_number', { min: 1, max: Number.MAX_SAFE_INTEGER }) ?? 1;
  const type = optional(call.params, 'cluster_type');
  const name = optional(call.params, 'name');
  const all = Object.entries(ackOf(account))
    .filter(([region]) => regionId === undefined || region === regionId)
    .flatMap(([, { Clusters }]) => Clusters)
    .filter((c) => (type === undefined || c.cluster_type === type) && (name === undefined || c.name.includes(name)));
  const clusters = all.slice((number - 1) * size, number * size).map(clusterView);
  return { clusters, page_info: { page_number: number, page_size: size, total_count: all.length } };
}

export const ackService: Service = {
  code: 'cs',
  product: 'CS',
  version: '2015-12-15',
  hostId: 'cs.aliyuncs.com',
  denial: FORBIDDEN_RAM,
  readOnlyPolicy: 'AliyunCSReadOnlyAccess',
  section: ackSection,
  roa: [
    { method: 'GET', path: '/api/v1/clusters', action: 'DescribeClustersV1' },
    { method: 'GET', path: '/clusters/{ClusterId}', action: 'DescribeClusterDetail' },
  ],
  actions: { DescribeClustersV1: describeClustersV1, DescribeClusterDetail: describeClusterDetail },
};
