import { describe, expect, it } from 'vitest';
import { CIS_LABEL, type Finding } from '../../src/scan/model.js';
import { isMuted, parseMutelist, type Mutelist, type MutelistCheckEntry, type MutelistExceptions, type MutelistPattern } from '../../src/scan/mutelist.js';

/*
 * isMuted answers from indexes (plain items in a Set and an automaton, regular expressions tried only where a run
 * they need occurs, answers kept per value). This is the way it answered before, one regular expression at a time,
 * word for word: every answer of the indexes must be its answer.
 */
function reference(mutelist: Mutelist, finding: Finding): boolean {
  const uid = finding.resource.uid;
  const tail = uid.slice(uid.lastIndexOf(':') + 1);
  const subject = {
    account: finding.accountUid,
    check: finding.checkId,
    region: finding.region,
    resourceName: finding.resource.name,
    resourceId: tail.includes('/') ? tail.slice(tail.indexOf('/') + 1) : tail,
    resourceUid: uid,
    tags: Object.entries(finding.resource.tags ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(' | '),
  };
  type Subject = typeof subject;
  const matched = (patterns: readonly MutelistPattern[], value: string, every = false) =>
    patterns.length > 0 && (every ? patterns.every((p) => p.regex.test(value)) : patterns.some((p) => p.regex.test(value)));
  const resourceMatched = (patterns: readonly MutelistPattern[], s: Subject) =>
    patterns.some((p) => (p.source.startsWith('acs:') ? p.regex.test(s.resourceUid) : p.regex.test(s.resourceName) || p.regex.test(s.resourceId)));
  const excepted = (exceptions: MutelistExceptions | undefined, s: Subject) => {
    if (!exceptions) return false;
    const account = matched(exceptions.accounts, s.account);
    const region = matched(exceptions.regions, s.region);
    const resource = resourceMatched(exceptions.resources, s);
    const tags = matched(exceptions.tags, s.tags, true);
    if (!account && !region && !resource && !tags) return false;
    return (
      (account || exceptions.accounts.length === 0) &&
      (region || exceptions.regions.length === 0) &&
      (resource || exceptions.resources.length === 0) &&
      (tags || exceptions.tags.length === 0)
    );
  };
  const mutedInChecks = (entries: readonly MutelistCheckEntry[], s: Subject) => {
    let muted = false;
    for (const entry of entries) {
      const checkMatch = entry.check === '*' || entry.check === s.check || entry.checkPattern.test(s.check);
      if (checkMatch && excepted(entry.exceptions, s)) break;
      if (
        checkMatch &&
        matched(entry.regions, s.region) &&
        resourceMatched(entry.resources, s) &&
        matched(entry.tags.length > 0 ? entry.tags : [{ source: '*', regex: /.*/ }], s.tags, true)
      ) {
        muted = true;
      }
    }
    return muted;
  };
  return mutelist.accounts.some((entry) => (entry.account === subject.account || entry.account === '*') && mutedInChecks(entry.checks, subject));
}

const ACCOUNT = '1234567890123456';

function finding(f: { account?: string; check?: string; region?: string; name?: string; uid?: string; tags?: Record<string, string> }): Finding {
  const region = f.region ?? 'cn-hangzhou';
  return {
    uid: 'x',
    checkId: f.check ?? 'ecs_instance_no_public_ip',
    status: 'FAIL',
    statusExtended: 'x',
    muted: false,
    severity: 'high',
    service: 'ecs',
    accountUid: f.account ?? ACCOUNT,
    region,
    resource: {
      uid: f.uid ?? `acs:ecs:${region}:${f.account ?? ACCOUNT}:instance/i-0001`,
      name: f.name ?? 'web-1',
      type: 'instance',
      ...(f.tags ? { tags: f.tags } : {}),
    },
    compliance: { [CIS_LABEL]: ['4.3'] },
    timestamp: '2026-11-29T10:00:00Z',
  };
}

function list(resources: string[], more: { regions?: string[]; tags?: string[]; exceptions?: string } = {}): Mutelist {
  const yaml = `Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ${JSON.stringify(more.regions ?? ['*'])}
          Resources: ${JSON.stringify(resources)}
          Tags: ${JSON.stringify(more.tags ?? [])}
${more.exceptions ? `          Exceptions: ${more.exceptions}\n` : ''}`;
  return parseMutelist(yaml, 'mutelist.yaml');
}

/** The answer of the indexes, after checking it is the regular expressions' answer. */
function answer(mutelist: Mutelist, f: Finding): boolean {
  const expected = reference(mutelist, f);
  expect(isMuted(mutelist, f), JSON.stringify({ name: f.resource.name, uid: f.resource.uid, region: f.region, tags: f.resource.tags })).toBe(expected);
  return expected;
}

describe('indexed matching gives the regular expressions\' answers', () => {
  it('plain items are substrings, anchored ones prefixes, suffixes and whole values, case and all', () => {
    const m = list(['logs', '^db-1$', '^api', 'replica$', 'Web']);
    expect(answer(m, finding({ name: 'ci-logs-2' }))).toBe(true);
    expect(answer(m, finding({ name: 'LOGS' }))).toBe(false);
    expect(answer(m, finding({ name: 'db-1' }))).toBe(true);
    expect(answer(m, finding({ name: 'db-10' }))).toBe(false);
    expect(answer(m, finding({ name: 'xdb-1' }))).toBe(false);
    expect(answer(m, finding({ name: 'api-gw' }))).toBe(true);
    expect(answer(m, finding({ name: 'my-api' }))).toBe(false);
    expect(answer(m, finding({ name: 'db-replica' }))).toBe(true);
    expect(answer(m, finding({ name: 'replica-db' }))).toBe(false);
    expect(answer(m, finding({ name: 'web' }))).toBe(false);
    expect(answer(m, finding({ name: 'aWeb' }))).toBe(true);
    // The id after the type in the ARN counts as well as the name.
    expect(answer(m, finding({ name: 'x', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/db-1` }))).toBe(true);
  });

  it('reads a leading * as .*, and .* at either end as nothing more', () => {
    const m = list(['*-replica', 'web.*', '.*cache', '^edge.*']);
    for (const [name, muted] of [['db-replica', true], ['replica', false], ['a-replica-b', true], ['web', true], ['we', false], ['mycache1', true], ['edge-1', true], ['an-edge', false]] as const) {
      expect(answer(m, finding({ name }))).toBe(muted);
    }
    expect(answer(list(['*']), finding({ name: '' }))).toBe(true);
    expect(answer(list(['^$']), finding({ name: '', uid: 'acs:ecs:cn-hangzhou:1:instance/' }))).toBe(true);
    expect(answer(list(['^$']), finding({ name: 'x' }))).toBe(false);
  });

  it('takes an escaped character as itself and real syntax as a regular expression', () => {
    const m = list(['db\\.prod', '^web-[0-9]+$', 'i-00(1|2)', '\\bblue\\b', 'ca?t']);
    for (const [name, muted] of [['db.prod', true], ['dbxprod', false], ['web-12', true], ['web-1a', false], ['i-002', true], ['i-003', false], ['a blue b', true], ['blues', false], ['ct', true], ['cat', true], ['cut', false]] as const) {
      expect(answer(m, finding({ name }))).toBe(muted);
    }
  });

  it('matches acs: items against the whole ARN and no other item against it', () => {
    const arn = `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-9`;
    const m = list([arn, 'acs:ram::.*:user/ops$', 'cn-beijing']);
    expect(answer(m, finding({ name: 'a', uid: arn }))).toBe(true);
    expect(answer(m, finding({ name: 'a', uid: `${arn}0` }))).toBe(true);
    expect(answer(m, finding({ name: 'a', uid: `acs:ram::${ACCOUNT}:user/ops` }))).toBe(true);
    expect(answer(m, finding({ name: 'a', uid: `acs:ram::${ACCOUNT}:user/ops2` }))).toBe(false);
    // A plain item is not searched in the ARN: cn-beijing is in the ARN, not in the name or the id.
    expect(answer(m, finding({ name: 'a', region: 'cn-beijing' }))).toBe(false);
  });

  it('keeps exceptions, regions and tags as they were', () => {
    const m = list(['*'], { regions: ['cn-.*', 'global'], tags: ['env=dev|env=test', 'team'], exceptions: '{ Resources: ["^prod-", "acs:.*:instance/i-7"], Tags: ["keep=yes"] }' });
    expect(answer(m, finding({ name: 'prod-1', tags: { env: 'dev', team: 'a', keep: 'yes' } }))).toBe(false);
    expect(answer(m, finding({ name: 'prod-1', tags: { env: 'dev', team: 'a' } }))).toBe(true);
    expect(answer(m, finding({ name: 'x', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-7`, tags: { env: 'test', team: 'a', keep: 'yes' } }))).toBe(false);
    expect(answer(m, finding({ name: 'x', region: 'us-east-1', tags: { env: 'dev', team: 'a' } }))).toBe(false);
    expect(answer(m, finding({ name: 'x', region: 'global', tags: { env: 'dev' } }))).toBe(false);
  });

  it('agrees on random lists of tricky items and random findings', () => {
    let state = 12345;
    const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const some = <T>(items: readonly T[], most: number): T[] => Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick(items));
    const word = (alphabet: string, most: number) => Array.from({ length: Math.floor(next() * (most + 1)) }, () => pick([...alphabet])).join('');
    const ITEMS = ['web', 'web-1', 'db-1', 'logs', 'prod', 'i-0001', '', 'WEB', '^web-1$', '^db', 'replica$', '^$', '^', '$', '*', '*-replica',
      '*web*', 'web.*', '^web.*', 'db\\.prod', '^db\\-1$', 'a\\/b', '\\d+', '\\bweb\\b', 'web-[0-9]+', '^(web|db)-1$', 'i-000[1-3]',
      'prod|dev', 'a|', '(?:x)?web', 'web?', 'we+b', 'x{2}', 'x{2,}y', 'a{', '.', '.*', '[^]', '[]', '\\x41', 'A', '(a)\\1', '\\u0041b',
      'a.b', '^a.*b$', 'ab|ba', '(?=a)ab', '(?<!x)b', 'acs:ecs:cn-hangzhou:1234567890123456:instance/i-0001', 'acs:ecs:.*:instance/i-9$',
      'acs:ram::.*', '^acs:ecs:cn-hangzhou:', 'acs:', 'a b', 'x#y', 'naïve', 'b+', 'ab*c', 'a\\.*b', '\\.', '\\$', 'a$b', '^ab', 'ba$'];
    const SHORT = () => word('ab', 4);
    const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'global', 'us-east-1', ''];
    const CHECKS = ['ecs_instance_no_public_ip', 'ram_user_mfa', 'ecs_disk_encryption_enabled'];
    let muted = 0;
    let findings = 0;
    for (let round = 0; round < 300; round++) {
      const small = next() < 0.3;
      const items = () => (small ? Array.from({ length: Math.floor(next() * 40) }, SHORT) : some(ITEMS, 12));
      const keys = new Set<string>();
      const entries = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => {
        const fields = [
          `Regions: ${JSON.stringify(next() < 0.6 ? ['*'] : some([...REGIONS, 'cn-.*', '^global$', 'east'], 3))}`,
          `Resources: ${JSON.stringify(items())}`,
        ];
        if (next() < 0.4) fields.push(`Tags: ${JSON.stringify(some(['env=dev', 'team=sec', 'env=dev|env=test', '^$', 'x', '*'], 2))}`);
        if (next() < 0.4) {
          fields.push(
            `Exceptions: { Accounts: ${JSON.stringify(some([ACCOUNT, '999', '^1'], 1))}, Regions: ${JSON.stringify(some(REGIONS, 1))}, ` +
              `Resources: ${JSON.stringify(some(ITEMS, 3))}, Tags: ${JSON.stringify(some(['env=dev', 'keep'], 1))} }`,
          );
        }
        // Keys are unique in a mapping: a repeated one gets an alternative that matches no check.
        let key = pick(['*', ...CHECKS, 'ram_*', '^ecs_', 'disk']);
        if (keys.has(key)) key += `|x${i}`;
        keys.add(key);
        return `        ${JSON.stringify(key)}: { ${fields.join(', ')} }`;
      });
      const mutelist = parseMutelist(
        `Mutelist:\n  Accounts:\n    ${JSON.stringify(pick(['*', ACCOUNT, '999']))}:\n      Checks:\n${entries.join('\n')}\n`,
        'random.yaml',
      );
      for (let n = 0; n < 60; n++) {
        const name = small ? SHORT() : next() < 0.5 ? pick(ITEMS) : word('abwe-1.db_/:iAW0$^', 10);
        const id = next() < 0.5 ? name : small ? SHORT() : pick(['i-0001', 'i-9', 'db-1', 'web-1', '']);
        const f = finding({
          account: pick([ACCOUNT, '999']),
          check: pick(CHECKS),
          region: pick(REGIONS),
          name,
          uid: `acs:${pick(['ecs', 'ram'])}:${pick(REGIONS)}:${pick([ACCOUNT, '999'])}:${pick(['instance', 'user'])}/${id}`,
          ...(next() < 0.5 ? { tags: Object.fromEntries(some([['env', 'dev'], ['team', 'sec'], ['keep', 'yes'], ['env', 'test']] as const, 2)) } : {}),
        });
        findings++;
        if (answer(mutelist, f)) muted++;
      }
    }
    // Both answers occur often enough for the agreement to mean something.
    expect(muted).toBeGreaterThan(findings / 10);
    expect(muted).toBeLessThan(findings - findings / 10);
  });

  it('agrees on random regular expressions', () => {
    let state = 99;
    const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const TOKENS = ['a', 'b', 'a', 'b', 'ab', '\\.', '.', '*', '+', '?', '{2}', '{1,}', '{0,1}', '|', '(', ')', '[ab]', '[^a]', '^', '$', '\\b',
      '\\d', '\\x61', '\\u0061', '\\1', '(?:', '(?=', '(?!', '{', '}', ']', '\\{', '\\*', '-', '.*', '\\k<n>', '\\c', '\\ca'];
    let tried = 0;
    while (tried < 1500) {
      const sources = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 7) }, () => pick(TOKENS)).join(''),
      );
      try {
        for (const source of sources) new RegExp(source.startsWith('*') ? `.*${source.slice(1)}` : source);
      } catch {
        continue;
      }
      tried++;
      const m = list(sources);
      for (let n = 0; n < 20; n++) {
        const name = Array.from({ length: Math.floor(next() * 8) }, () => pick(['a', 'b', '.', '1', '{', '}', '*', '-', ' ', 'k', 'c'])).join('');
        answer(m, finding({ name, uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/${name}` }));
      }
    }
  });

  it('agrees on a list of thousands of items, plain and not', () => {
    const resources: string[] = [];
    for (let i = 0; i < 3000; i++) resources.push(pickForm(i));
    const m = list(resources);
    for (let i = 0; i < 2000; i += 7) {
      for (const name of [`web-${i}`, `web-${i}x`, `db-${i}`, `x-db-${i}`, `cache${i}`, `i-${i.toString(16)}`, 'nothing']) {
        answer(m, finding({ name, uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-${i}` }));
      }
    }
  });
});

function pickForm(i: number): string {
  switch (i % 6) {
    case 0:
      return `^web-${i}$`;
    case 1:
      return `db-${i}`;
    case 2:
      return `*cache${i}`;
    case 3:
      return `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-${i}`;
    case 4:
      return `^i-${i.toString(16)}`;
    default:
      return `^web-${i}[0-9]?$`;
  }
}
