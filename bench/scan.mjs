// Budgets of `aliaudit scan` (issues 8 and 16: every service), on the generated world regions=24,users=2000,instances=50000,
// security-groups=5000,disks=60000,seed=7 with the emulator adding 50 ms a call and allowing 50 calls a second per API:
// - calls made = the fewest that world needs at the largest page sizes (both printed, per API);
// - wall time ≤ 1.25 × the lower bound: max(calls to the busiest API ÷ its quota, longest chain of calls × 50 ms);
// - peak RSS ≤ 400 MB; the findings equal those of a run with no latency and no quota.
// Also prints what Prowler's design (four sequential RAM calls per user, two attribute calls per group) would take.
// Prints figures; asserts nothing. Usage: npm run build && node bench/scan.mjs
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import { join } from 'node:path';
import { cli, root, scratch, startEmulator, writeAkConfig } from './lib.mjs';

const WORLD = 'regions=24,users=2000,instances=50000,security-groups=5000,disks=60000,seed=7';
const LATENCY_MS = 50;
const QPS = 50;
// The largest pages each list allows (ECS 2014-05-26, RAM 2015-05-01, IMS 2019-08-15 references).
const PAGE = { users: 1000, policies: 1000, report: 3501, securityGroups: 100, instances: 100, disks: 500, rules: 1000 };
const SCANNER = { name: 'scanner', keyId: 'LTAI5tGeneratedScanner01', secret: 'GeneratedScannerSecretLocalOnly' };

const { work, env, remove } = scratch();
const pages = (items, size) => Math.max(1, Math.ceil(items / size));

/** Runs one scan against `url`; answers wall time, peak RSS and the findings as `check resource status` lines. */
async function scanOnce(url, name) {
  const config = writeAkConfig(work, SCANNER);
  const probeOut = join(work, `probe-${name}.jsonl`);
  const args = ['--import', join(root, 'bench/probe.mjs'), cli, 'scan', '--config-path', config, '--endpoint', url,
    '--output-directory', join(work, 'out'), '--output-filename', name, '--output-formats', 'json-ocsf', 'csv', 'html',
    '--progress', 'quiet', '--ignore-exit-code-3', '--region-timeout', '1800'];
  const started = process.hrtime.bigint();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...env, ALIAUDIT_PROBE_OUT: probeOut }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`scan against ${url} exited ${code}`);
  const { rssKb } = JSON.parse(readFileSync(probeOut, 'utf8').trim().split('\n').pop());
  // The CSV, streamed: the OCSF file of this world is larger than a string can be.
  const findings = [];
  const rows = createReadStream(join(work, 'out', `${name}.csv`)).pipe(parse({ delimiter: ';', columns: true, relax_quotes: true }));
  for await (const row of rows) findings.push(`${row.CHECK_ID} ${row.RESOURCE_UID} ${row.STATUS}`);
  findings.sort();
  return { seconds, rssMb: rssKb / 1024, findings };
}

/** The regions of an inventory with ECS's figures: every service's share a region's entry, and `global` holds the global ones. */
const ecsRegions = (account) => Object.values(account.regions).filter((region) => region.rulesPerGroup !== undefined);
// The largest pages of the other services (VPC 2016-04-28 and VpcPeer 2022-01-01, RDS 2014-08-15, Security Center 2018-12-03).
const VPC_PAGE = { vpcs: 50, vSwitches: 50, flowLogs: 50, routeTables: 50, routeEntries: 100, peerings: 100 };
const RDS_PAGE = 100;
const SAS_PAGE = 100;
/** DescribePropertyScheduleConfig is asked once per kind of asset fingerprint Security Center collects. */
const FINGERPRINT_KINDS = 9;
/** Numbered pages: the first, then all the others at once. */
const numberedChain = (items, size) => (pages(items, size) > 1 ? 2 : 1);

/** The fewest calls a scan of this inventory needs, per API, and the longest chain of calls that must be sequential. */
function minimumCalls(account) {
  const regions = ecsRegions(account);
  const sum = (f) => regions.reduce((total, region) => total + f(region), 0);
  const n = (value) => value ?? 0;
  const global = account.regions.global ?? {};
  const connections = sum((r) => n(r.peerConnections));
  const peered = (r) => (r.peeredRouteEntriesPerTable ?? []).length > 0;
  const calls = {
    'sts:GetCallerIdentity': 1,
    'ecs:DescribeRegions': 1,
    'ram:GetPasswordPolicy': 1,
    'ram:ListUsers': pages(account.users, PAGE.users),
    'ram:ListPolicies': pages(account.listedPolicies, PAGE.policies),
    'ram:ListEntitiesForPolicy': account.attachedPolicies,
    'ram:GetPolicy': account.attachedCustomPolicies,
    // The report has no key ids: the users it shows with an old key are asked for theirs, and no one else.
    'ram:ListAccessKeys': account.usersWithOldKeys,
    // One call starts the report, one more learns that it is complete.
    'ims:GenerateCredentialReport': 2,
    'ims:GetCredentialReport': pages(account.users + 1, PAGE.report),
    'ecs:DescribeSecurityGroups': sum((r) => pages(r.securityGroups, PAGE.securityGroups)),
    'ecs:DescribeSecurityGroupAttribute': sum((r) => r.rulesPerGroup.reduce((total, rules) => total + pages(rules, PAGE.rules), 0)),
    'ecs:DescribeInstances': sum((r) => pages(r.instances, PAGE.instances)),
    'ecs:DescribeDisks': sum((r) => pages(r.disks, PAGE.disks)),
    'vpc:DescribeVpcs': sum((r) => pages(n(r.vpcs), VPC_PAGE.vpcs)),
    'vpc:DescribeVSwitches': sum((r) => pages(n(r.vSwitches), VPC_PAGE.vSwitches)),
    'vpc:DescribeFlowLogs': sum((r) => pages(n(r.flowLogs), VPC_PAGE.flowLogs)),
    // Every region asks for the account's connections: one between two regions belongs to both ends.
    'vpc:ListVpcPeerConnections': regions.length * pages(connections, VPC_PAGE.peerings),
    'vpc:DescribeRouteTableList': sum((r) => (peered(r) ? pages(r.routeTables, VPC_PAGE.routeTables) : 0)),
    'vpc:DescribeRouteEntryList': sum((r) => (r.peeredRouteEntriesPerTable ?? []).reduce((total, entries) => total + pages(entries, VPC_PAGE.routeEntries), 0)),
    'rds:DescribeDBInstances': sum((r) => pages(n(r.dbInstances), RDS_PAGE)),
    'rds:DescribeDBInstanceIPArrayList': sum((r) => n(r.dbInstances)),
    'rds:DescribeDBInstanceSSL': sum((r) => n(r.dbInstances)),
    'rds:DescribeSQLCollectorPolicy': sum((r) => n(r.dbInstances)),
    'rds:DescribeSQLCollectorRetention': sum((r) => n(r.dbInstancesSqlAuditOn)),
    'rds:DescribeDBInstanceTDE': sum((r) => n(r.dbInstancesTdeCapable)),
    'rds:DescribeParameters': sum((r) => n(r.dbInstancesPostgreSQL)),
    'actiontrail:DescribeTrails': 1,
    'actiontrail:GetTrailStatus': n(global.enabledTrails),
    'yundun-sas:DescribeVersionConfig': 1,
    'yundun-sas:DescribeNoticeConfig': 1,
    'yundun-sas:DescribeVulConfig': 1,
    'yundun-sas:DescribeSuspiciousOverallConfig': 2,
    'yundun-sas:DescribeServiceLinkedRoleStatus': 1,
    'yundun-sas:DescribePropertyScheduleConfig': FINGERPRINT_KINDS,
    'yundun-sas:DescribeCloudCenterInstances': pages(n(global.sasAssets), SAS_PAGE),
    'yundun-sas:ListUninstallAegisMachines': pages(n(global.sasUninstalledMachines), SAS_PAGE),
    'yundun-sas:DescribeVulList': pages(n(global.sasOpenCveVulnerabilities), SAS_PAGE) + pages(n(global.sasOpenSysVulnerabilities), SAS_PAGE),
  };
  // NextToken pages follow one another; numbered pages (DescribeInstances) go in parallel once the first is back.
  const ecsChain = (r) => Math.max(
    pages(r.securityGroups, PAGE.securityGroups) + Math.max(0, ...r.rulesPerGroup.map((rules) => pages(rules, PAGE.rules))),
    numberedChain(r.instances, PAGE.instances),
    pages(r.disks, PAGE.disks),
  );
  // The VPCs and the connections, then (for peered VPCs) their route tables, then each table's routes page by page.
  const vpcChain = (r) => Math.max(numberedChain(n(r.vpcs), VPC_PAGE.vpcs), pages(connections, VPC_PAGE.peerings))
    + (peered(r) ? numberedChain(r.routeTables, VPC_PAGE.routeTables) + Math.max(...r.peeredRouteEntriesPerTable.map((entries) => pages(entries, VPC_PAGE.routeEntries))) : 0);
  // The instances, then the audit policy and (when it is on) its retention.
  const rdsChain = (r) => numberedChain(n(r.dbInstances), RDS_PAGE) + (n(r.dbInstances) > 0 ? 2 : 0);
  const regionChain = Math.max(...regions.map((r) => Math.max(ecsChain(r), vpcChain(r), rdsChain(r))));
  const ramChain = Math.max(2 + pages(account.users + 1, PAGE.report), pages(account.users, PAGE.users), pages(account.listedPolicies, PAGE.policies) + 1);
  const securityCenterChain = numberedChain(n(global.sasAssets), SAS_PAGE);
  const trailChain = n(global.enabledTrails) > 0 ? 2 : 1;
  const chain = 1 + Math.max(1 + regionChain, ramChain, securityCenterChain, trailChain);
  return { calls, chain };
}

const pad = (text, width) => String(text).padStart(width);

try {
  const loaded = Date.now();
  const slow = await startEmulator(env, null, ['--generate', `${WORLD},qps=${QPS}`, '--latency', String(LATENCY_MS)]);
  const fast = await startEmulator(env, null, ['--generate', WORLD]);
  console.log(`scan of the generated world ${WORLD}`);
  console.log(`  two emulators up in ${((Date.now() - loaded) / 1000).toFixed(1)} s; measured: ${LATENCY_MS} ms a call, ${QPS} calls/s per API`);
  try {
    const measured = await scanOnce(slow.url, 'measured');
    const stats = await (await fetch(`${slow.url}/_emulator/stats`)).json();
    const reference = await scanOnce(fast.url, 'reference');
    const { calls: minimum, chain } = minimumCalls(stats.inventory[0]);

    console.log('  calls per API              made  minimum  (throttled, refused)');
    let made = 0;
    let least = 0;
    for (const api of [...new Set([...Object.keys(minimum), ...Object.keys(stats.calls)])].sort()) {
      const counted = stats.calls[api] ?? { answered: 0, throttled: 0, refused: 0, faulted: 0 };
      const total = counted.answered + counted.refused;
      made += total;
      least += minimum[api] ?? 0;
      const flag = total === (minimum[api] ?? 0) ? '' : '  ≠';
      console.log(`    ${api.padEnd(36)} ${pad(total, 6)} ${pad(minimum[api] ?? 0, 8)}  (${counted.throttled}, ${counted.refused})${flag}`);
    }
    console.log(`    ${'all'.padEnd(36)} ${pad(made, 6)} ${pad(least, 8)}`);

    const busiest = Object.entries(minimum).sort((a, b) => b[1] - a[1])[0];
    const quotaBound = busiest[1] / QPS;
    const chainBound = (chain * LATENCY_MS) / 1000;
    const bound = Math.max(quotaBound, chainBound);
    console.log(`  lower bound: max(${busiest[0]} ${busiest[1]} calls ÷ ${QPS}/s = ${quotaBound.toFixed(1)} s, chain of ${chain} calls × ${LATENCY_MS} ms = ${chainBound.toFixed(2)} s) = ${bound.toFixed(1)} s`);
    const ratio = measured.seconds / bound;
    console.log(`  aliaudit scan wall time    ${measured.seconds.toFixed(1)} s = ${ratio.toFixed(2)} × the lower bound (budget 1.25)${ratio <= 1.25 ? '' : '  OVER BUDGET'}`);
    console.log(`  peak RSS                   ${measured.rssMb.toFixed(0)} MB (budget 400)${measured.rssMb <= 400 ? '' : '  OVER BUDGET'}; no-latency run ${reference.rssMb.toFixed(0)} MB in ${reference.seconds.toFixed(1)} s`);
    const same = measured.findings.length === reference.findings.length && measured.findings.every((line, i) => line === reference.findings[i]);
    console.log(`  findings                   ${measured.findings.length}, ${same ? 'identical to' : 'DIFFERENT FROM'} the no-latency run's ${reference.findings.length}`);

    const account = stats.inventory[0];
    const groups = ecsRegions(account).reduce((total, r) => total + r.securityGroups, 0);
    const prowlerRam = 5 + 4 * account.users + 2 * account.listedPolicies;
    const prowlerEcs = 2 * groups;
    const prowlerSequential = ((4 * account.users + 5 + 2 * account.listedPolicies) * LATENCY_MS) / 1000 + (prowlerEcs / QPS);
    console.log(`  Prowler's design: ${prowlerRam} RAM calls (5 + 4 × ${account.users} users + 2 × ${account.listedPolicies} policies), ${prowlerEcs} attribute calls (2 × ${groups} groups);`);
    console.log(`    RAM one call after another at ${LATENCY_MS} ms plus the attribute calls at ${QPS}/s ≈ ${prowlerSequential.toFixed(0)} s (${(prowlerSequential / measured.seconds).toFixed(1)} × aliaudit)`);
  } finally {
    slow.stop();
    fast.stop();
  }
} finally {
  remove();
}
