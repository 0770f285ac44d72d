import type { CloudApi } from '../../../cloud/clients.js';
import { type Fact, known } from '../../checks/check.js';
import { type AccountSubject, isEnabled, isOrganizationTrail, type Trail, type TrailFacts, type TrailStatus, type TrailSubject } from './checks.js';
import { attempt, caller, type Collecting, type Unreadable } from '../../collectors/collecting.js';

const GLOBAL = 'global';

/**
 * The account's trails, read once in the home region: DescribeTrails with the multi-region trails homed elsewhere
 * (IncludeShadowTrails) and the organisation's (IncludeOrganizationTrail), which Prowler leaves out; then, for each
 * enabled trail, GetTrailStatus in its own home region, since Status Enable alone does not say it is logging.
 * The list is the whole list: DescribeTrails does not page.
 */
export async function collectActionTrail(collecting: Collecting, api: (region: string) => Promise<CloudApi>): Promise<void> {
  const { accountUid } = collecting;
  collecting.progress(GLOBAL, 2);
  const home = caller(collecting, await api(GLOBAL), GLOBAL);
  const listed = await attempt(
    async () => distinct(((await home('DescribeTrails', { IncludeShadowTrails: true, IncludeOrganizationTrail: true })).TrailList ?? []) as Trail[]),
    'actiontrail:DescribeTrails',
    GLOBAL,
  );
  if ('missing' in listed) {
    collecting.feed('trail', { unreadable: listed.missing, what: 'trails', region: GLOBAL } satisfies Unreadable);
    collecting.feed('account', { accountUid, region: GLOBAL, trails: listed } satisfies AccountSubject);
    return;
  }
  collecting.progress(GLOBAL, 1 + listed.value.length);
  for (const trail of listed.value) collecting.feed('trail', { accountUid, region: GLOBAL, trail } satisfies TrailSubject);
  const trails: TrailFacts[] = await Promise.all(
    listed.value.map(async (trail) => (isEnabled(trail) ? { trail, status: await statusOf(collecting, api, trail) } : { trail })),
  );
  collecting.feed('account', { accountUid, region: GLOBAL, trails: known(trails) } satisfies AccountSubject);
}

/** A multi-region trail is answered again as a shadow in other regions: each trail once, by its ARN. */
function distinct(trails: Trail[]): Trail[] {
  const seen = new Map<string, Trail>();
  for (const trail of trails) {
    const key = trail.TrailArn || `${isOrganizationTrail(trail) ? 'organisation' : 'own'}/${trail.HomeRegion ?? ''}/${trail.Name}`;
    if (!seen.has(key)) seen.set(key, trail);
  }
  return [...seen.values()];
}

async function statusOf(collecting: Collecting, api: (region: string) => Promise<CloudApi>, trail: Trail): Promise<Fact<TrailStatus>> {
  return attempt(
    async () => {
      const call = caller(collecting, await api(trail.HomeRegion || GLOBAL), GLOBAL);
      const { IsLogging, LatestDeliveryTime, LatestDeliveryError } = await call('GetTrailStatus', { Name: trail.Name, IsOrganizationTrail: isOrganizationTrail(trail) || undefined });
      return { IsLogging, LatestDeliveryTime, LatestDeliveryError } satisfies TrailStatus;
    },
    'actiontrail:GetTrailStatus',
    GLOBAL,
  );
}
