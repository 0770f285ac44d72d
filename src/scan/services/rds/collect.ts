import type { CloudApi } from '../../../cloud/clients.js';
import type { Fact } from '../../checks/check.js';
import { attempt, caller, type Collecting, numberedPages, type Unreadable } from '../../collectors/collecting.js';
import { type AuditSubject, type DbInstance, hasTde, type IpArray, isOn, isPostgres, type ParametersSubject, type SslSubject, type Tde, type TdeSubject, type WhitelistSubject } from './checks.js';

/** DescribeDBInstances' largest page (PageSize 1–100, default 30: Prowler reads only the first 30). */
export const PAGE_SIZE = 100;

/** The kinds of subject an instance is checked as, one per piece of data, so each check runs when its own is in. */
export const KINDS = ['whitelist', 'ssl', 'audit', 'tde', 'postgresql-parameters'] as const;

type Call = ReturnType<typeof caller>;

/**
 * One region's database instances, every page of them, and per instance only the calls its checks need: the
 * whitelists, SSL and SQL audit policy of every instance; the audit's retention only when the audit is on; TDE only
 * on engines that have it; parameters only on PostgreSQL. Each subject is fed the moment its own call answers.
 */
export async function collectRegion(collecting: Collecting, rds: CloudApi, region: string): Promise<void> {
  const call = caller(collecting, rds, region);
  // RDS names the list's total TotalRecordCount, where numberedPages reads ECS's TotalCount.
  const pagesCall = async (action: string, params: Record<string, unknown>) => {
    const body = await call(action, params);
    return { ...body, TotalCount: body.TotalRecordCount };
  };
  let known = 0;
  const checked: Promise<void>[] = [];
  const listed = await attempt(
    () =>
      numberedPages(pagesCall, 'DescribeDBInstances', { RegionId: region }, PAGE_SIZE, (body) => body.Items?.DBInstance, (page: DbInstance[]) => {
        for (const raw of page) {
          const instance = instanceFacts(raw);
          known += kindsOf(instance).length;
          const done = checkInstance(collecting, call, region, instance);
          // An interruption rejects it; the region's own promise reports that, so a listing that stops does not leave it unheard.
          done.catch(() => {});
          checked.push(done);
        }
        collecting.progress(region, known);
      }),
    'rds:DescribeDBInstances',
    region,
  );
  if ('missing' in listed) {
    const unreadable: Unreadable = { unreadable: listed.missing, what: 'database instances', region };
    for (const kind of KINDS) collecting.feed(kind, unreadable);
  }
  await Promise.all(checked);
}

function kindsOf(instance: DbInstance): (typeof KINDS)[number][] {
  return KINDS.filter((kind) => (kind === 'tde' ? hasTde(instance) : kind === 'postgresql-parameters' ? isPostgres(instance) : true));
}

function instanceFacts(instance: DbInstance): DbInstance {
  const { DBInstanceId, DBInstanceDescription, Engine, EngineVersion, DBInstanceStatus, DBInstanceNetType, ConnectionString } = instance;
  return { DBInstanceId, DBInstanceDescription, Engine, EngineVersion, DBInstanceStatus, DBInstanceNetType, ConnectionString };
}

async function checkInstance(collecting: Collecting, call: Call, region: string, instance: DbInstance): Promise<void> {
  const on = { accountUid: collecting.accountUid, region, instance };
  const ask = <T>(action: string, read: (body: any) => T): Promise<Fact<T>> =>
    attempt(async () => read(await call(action, { DBInstanceId: instance.DBInstanceId })), `rds:${action}`, region);

  const work: Promise<void>[] = [
    ask('DescribeDBInstanceIPArrayList', (body) => (body.Items?.DBInstanceIPArray ?? []).map(ipArrayFacts)).then((ipArrays) =>
      collecting.feed('whitelist', { ...on, ipArrays } satisfies WhitelistSubject),
    ),
    ask('DescribeDBInstanceSSL', (body) => ({ SSLEnabled: body.SSLEnabled, ForceEncryption: body.ForceEncryption })).then((ssl) =>
      collecting.feed('ssl', { ...on, ssl } satisfies SslSubject),
    ),
    (async () => {
      const policy = await ask('DescribeSQLCollectorPolicy', (body) => ({ SQLCollectorStatus: body.SQLCollectorStatus as string | undefined }));
      // The retention of an audit that is off is not worth a call: the retention check fails it either way.
      const retention = 'value' in policy && isOn(policy.value.SQLCollectorStatus) ? await ask('DescribeSQLCollectorRetention', (body) => String(body.ConfigValue ?? '')) : undefined;
      collecting.feed('audit', { ...on, policy, ...(retention ? { retention } : {}) } satisfies AuditSubject);
    })(),
  ];
  if (hasTde(instance)) {
    work.push(
      ask('DescribeDBInstanceTDE', (body): Tde => ({ TDEStatus: body.TDEStatus, TDEMode: body.TDEMode, EncryptionKey: body.EncryptionKey })).then((tde) =>
        collecting.feed('tde', { ...on, tde } satisfies TdeSubject),
      ),
    );
  }
  if (isPostgres(instance)) {
    work.push(
      ask('DescribeParameters', (body) => Object.fromEntries((body.RunningParameters?.DBInstanceParameter ?? []).map((p: { ParameterName: string; ParameterValue: string }) => [p.ParameterName, p.ParameterValue]))).then(
        (parameters) => collecting.feed('postgresql-parameters', { ...on, parameters } satisfies ParametersSubject),
      ),
    );
  }
  await Promise.all(work);
}

function ipArrayFacts(array: IpArray): IpArray {
  const { DBInstanceIPArrayName, DBInstanceIPArrayAttribute, SecurityIPType, SecurityIPList } = array;
  return { DBInstanceIPArrayName, DBInstanceIPArrayAttribute, SecurityIPType, SecurityIPList };
}
