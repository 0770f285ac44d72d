import type { CloudApi } from '../../../cloud/clients.js';
import { type Fact, known, type Missing } from '../../checks/check.js';
import type { DiskSubject, Instance, InstanceSubject, SecurityGroupSubject } from './checks.js';
import type { SecurityGroupRule } from './security-groups.js';
import { attempt, caller, type Collecting, missingFrom, numberedPages, tokenPages, type Unreadable } from '../../collectors/collecting.js';

/** The largest pages ECS allows, per list (MaxResults with NextToken, or PageSize with PageNumber). */
export const PAGE_SIZES = { instances: 100, securityGroups: 100, rules: 1000, disks: 500 };

interface Group {
  SecurityGroupId: string;
  SecurityGroupName?: string;
  VpcId?: string;
}

/**
 * One region's instances, security groups (with every rule, past the first page) and disks. Each group is checked as
 * soon as its rules are in; each instance as soon as the rules of all its groups are; disks page by page.
 */
export async function collectRegion(collecting: Collecting, ecs: CloudApi, region: string): Promise<void> {
  const call = caller(collecting, ecs, region);
  const { accountUid } = collecting;
  let found = 0;
  const discovered = (count: number) => collecting.progress(region, (found += count));

  const rulesOf = new Map<string, Promise<Fact<SecurityGroupRule[]>>>();
  const groups = attempt(
    async () => {
      const all: Group[] = [];
      await tokenPages(call, 'DescribeSecurityGroups', { RegionId: region }, PAGE_SIZES.securityGroups, (body) => body.SecurityGroups?.SecurityGroup, (page: Group[]) => {
        discovered(page.length);
        for (const group of page) {
          all.push(group);
          const rules = securityGroupRules(call, region, group.SecurityGroupId);
          rulesOf.set(group.SecurityGroupId, rules);
          // An interruption rejects `rules`; the region's own promise reports it, so this branch lets it go.
          rules.then(
            (fact) => collecting.feed('security-group', { accountUid, region, group, rules: fact } satisfies SecurityGroupSubject),
            () => {},
          );
        }
      });
      return all;
    },
    'ecs:DescribeSecurityGroups',
    region,
  );

  const instances = attempt(
    async () => {
      const all: Instance[] = [];
      await numberedPages(call, 'DescribeInstances', { RegionId: region }, PAGE_SIZES.instances, (body) => body.Instances?.Instance, (page: Instance[]) => {
        discovered(page.length);
        // Only what the checks read: a region's instances wait here for its groups' rules, and the API's full
        // records, held for every instance of a big account, would be most of a scan's memory.
        for (const instance of page) all.push(instanceFacts(instance));
      });
      return all;
    },
    'ecs:DescribeInstances',
    region,
  );

  const disks = attempt(
    () =>
      tokenPages(call, 'DescribeDisks', { RegionId: region }, PAGE_SIZES.disks, (body) => body.Disks?.Disk, (page: DiskSubject['disk'][]) => {
        discovered(page.length);
        for (const disk of page) collecting.feed('disk', { accountUid, region, disk } satisfies DiskSubject);
      }),
    'ecs:DescribeDisks',
    region,
  ).then((fact) => {
    if ('missing' in fact) collecting.feed('disk', unreadable(fact.missing, 'disks', region));
  });

  const instancesChecked = Promise.all([instances, groups]).then(async ([instanceFact, groupFact]) => {
    if ('missing' in instanceFact) {
      collecting.feed('instance', unreadable(instanceFact.missing, 'instances', region));
      return;
    }
    await Promise.all(
      instanceFact.value.map(async (instance) => {
        const rules = 'missing' in groupFact ? groupFact : await mergedRules(instance, rulesOf, region);
        collecting.feed('instance', { accountUid, region, instance, rules } satisfies InstanceSubject);
      }),
    );
  });

  const groupsChecked = groups.then(async (fact) => {
    if ('missing' in fact) return collecting.feed('security-group', unreadable(fact.missing, 'security groups', region));
    await Promise.all(rulesOf.values());
  });

  await Promise.all([groupsChecked, instancesChecked, disks]);
}

function instanceFacts(instance: Instance): Instance {
  const { InstanceId, InstanceName, InstanceNetworkType, Status, PublicIpAddress, EipAddress, SecurityGroupIds } = instance;
  return { InstanceId, InstanceName, InstanceNetworkType, Status, PublicIpAddress, EipAddress, SecurityGroupIds };
}

function ruleFacts(rule: Omit<SecurityGroupRule, 'groupId'>, groupId: string): SecurityGroupRule {
  const { SecurityGroupRuleId, Direction, IpProtocol, PortRange, SourceCidrIp, Ipv6SourceCidrIp, Policy, Priority } = rule;
  return { SecurityGroupRuleId, Direction, IpProtocol, PortRange, SourceCidrIp, Ipv6SourceCidrIp, Policy, Priority, groupId };
}

function unreadable(missing: Missing, what: string, region: string): Unreadable {
  return { unreadable: missing, what, region };
}

/** Every rule of a group, in both directions, following NextToken: a group may hold more than a page of rules. */
function securityGroupRules(call: ReturnType<typeof caller>, region: string, groupId: string): Promise<Fact<SecurityGroupRule[]>> {
  return attempt(
    async () => {
      const rules: SecurityGroupRule[] = [];
      await tokenPages(call, 'DescribeSecurityGroupAttribute', { RegionId: region, SecurityGroupId: groupId, Direction: 'all' }, PAGE_SIZES.rules, (body) => body.Permissions?.Permission, (page: Omit<SecurityGroupRule, 'groupId'>[]) => {
        for (const rule of page) rules.push(ruleFacts(rule, groupId));
      });
      return rules;
    },
    'ecs:DescribeSecurityGroupAttribute',
    region,
  );
}

/** The rules of all an instance's groups, as ECS applies them together; one unreadable group makes them unknown. */
async function mergedRules(instance: Instance, rulesOf: Map<string, Promise<Fact<SecurityGroupRule[]>>>, region: string): Promise<Fact<SecurityGroupRule[]>> {
  const merged: SecurityGroupRule[] = [];
  for (const groupId of instance.SecurityGroupIds?.SecurityGroupId ?? []) {
    const fact = await (rulesOf.get(groupId) ?? Promise.resolve<Fact<SecurityGroupRule[]>>({ missing: notListed(groupId, region) }));
    if ('missing' in fact) return fact;
    merged.push(...fact.value);
  }
  return known(merged);
}

function notListed(groupId: string, region: string): Missing {
  return missingFrom(new Error(`security group ${groupId} of the instance was not listed by DescribeSecurityGroups`), 'ecs:DescribeSecurityGroups', region);
}
