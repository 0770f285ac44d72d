import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { type Column, printTable } from '../../src/cli/output.js';
import { cut, wrap } from '../../src/cli/table.js';
import { bufferContext } from '../helpers/context.js';

type Row = Record<string, string>;

/** printTable at a terminal `columns` wide (or piped): the lines it writes. */
function table(rows: Row[], columns: Column<Row>[], options: { columns?: number; tty?: boolean } = {}): string[] {
  const { ctx, stdout } = bufferContext({ tty: options.tty ?? true, columns: options.columns ?? 80 });
  printTable(ctx.io, rows, columns);
  return stdout().replace(/\n$/, '').split('\n');
}

const col = (key: string, role: Partial<Column<Row>> = {}): Column<Row> => ({ header: key, value: (row) => row[key] ?? '', ...role });

function expectWithin(lines: string[], width: number) {
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
}

describe('printTable at a terminal', () => {
  it('a table that fits: padded columns two spaces apart, no trailing space, as before', () => {
    const lines = table([{ name: 'alice', note: 'first' }, { name: 'bob', note: '' }], [col('name'), col('note', { kind: 'text' })]);
    expect(lines).toEqual(['NAME   NOTE', 'alice  first', 'bob']);
  });

  it('piped: tab-separated, every column whole, even those a terminal would drop or move', () => {
    const long = 'x'.repeat(200);
    const lines = table([{ id: long, note: long, extra: 'e' }], [col('id'), col('note', { kind: 'text' }), col('extra', { squeeze: 'drop' })], { tty: false, columns: 40 });
    expect(lines).toEqual(['ID\tNOTE\tEXTRA', `${long}\t${long}\te`]);
  });

  it('descriptive text is cut with …, the identifiers beside it never', () => {
    const arn = 'acs:ram::1234567890123456:role/EcsScanRole';
    const lines = table([{ name: 'EcsScanRole', arn, description: 'instance role of the bastion, used by the nightly scan' }], [col('name'), col('arn'), col('description', { kind: 'text' })], {
      columns: 80,
    });
    expect(lines[1]).toContain(arn);
    expect(lines[1]).toBe(`EcsScanRole  ${arn}  instance role of the b…`);
    expectWithin(lines, 80);
  });

  it('wrapped text breaks at spaces, never inside a word that fits', () => {
    const lines = table(
      [{ flag: '--password-reuse-prevention', meaning: 'How many previous passwords may not be used again (0: no check)' }],
      [col('flag'), col('meaning', { kind: 'text', wrap: true })],
      { columns: 60 },
    );
    expect(lines).toEqual([
      'FLAG                         MEANING',
      '--password-reuse-prevention  How many previous passwords may',
      '                             not be used again (0: no check)',
    ]);
  });

  it('CJK and emoji take two cells each: the columns after them stay aligned, and cutting them never overflows', () => {
    const rows = [
      { name: 'zhang.wei', display: '张伟（运维部门负责人）🚀', created: '2026-01-02' },
      { name: 'bob', display: 'Bob', created: '2026-01-03' },
    ];
    const wide = table(rows, [col('name'), col('display', { kind: 'text' }), col('created')], { columns: 80 });
    const offset = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    expect([offset(wide[1], '2026'), offset(wide[2], '2026')]).toEqual([offset(wide[0], 'CREATED'), offset(wide[0], 'CREATED')]);
    const narrow = table(rows, [col('name'), col('display', { kind: 'text' }), col('created')], { columns: 40 });
    expectWithin(narrow, 40);
    expect(narrow[1]).toBe('zhang.wei  张伟（运维部门负…  2026-01-02');
    expect(narrow.slice(1).map((line) => stringWidth(line))).toEqual([40, 40]);
  });

  it('a squeezed column moves under its row, on a line of its own, named under the header', () => {
    const arn = (name: string) => `acs:ram::1234567890123456:role/${name}`;
    const rows = ['AuditRole', 'PartnerRole'].map((name) => ({ name, session: '3600', arn: arn(name), description: 'assumed by people in this account' }));
    const lines = table(rows, [col('name'), col('session'), col('arn', { squeeze: 'line' }), col('description', { kind: 'text' })], { columns: 60 });
    expect(lines).toEqual([
      'NAME         SESSION  DESCRIPTION',
      '  ARN',
      'AuditRole    3600     assumed by people in this account',
      `  ${arn('AuditRole')}`,
      'PartnerRole  3600     assumed by people in this account',
      `  ${arn('PartnerRole')}`,
    ]);
  });

  it('squeezed columns give way in the order of their priority, and only as far as needed', () => {
    const rows = [{ field: 'PasswordReusePrevention', value: '5', flag: '--password-reuse-prevention', meaning: 'How many previous passwords may not be used again' }];
    const columns = [col('field', { squeeze: 'drop' }), col('value'), col('flag'), col('meaning', { kind: 'text', wrap: true, min: 30 })];
    expect(table(rows, columns, { columns: 120 })[0]).toMatch(/^FIELD +VALUE +FLAG +MEANING$/);
    const narrow = table(rows, columns, { columns: 80 });
    expect(narrow[0]).toMatch(/^VALUE +FLAG +MEANING$/);
    expect(narrow[1]).toContain('--password-reuse-prevention');
    expectWithin(narrow, 80);
  });

  it('a column that gave way first comes back when a later one made room enough', () => {
    const rows = [{ name: 'ops-admin', updated: '2026-01-02', description: 'too broad on purpose, kept to show what a finding of the scan looks like' }];
    const columns = [col('name'), col('updated', { squeeze: 'drop' }), col('description', { kind: 'text', squeeze: 'line', priority: 1, min: 40 })];
    expect(table(rows, columns, { columns: 40 })).toEqual(['NAME       UPDATED', '  DESCRIPTION', 'ops-admin  2026-01-02', `  ${rows[0].description.slice(0, 37)}…`]);
  });

  it('identifiers that still do not fit spill: the id whole, the rest of its row under it at its columns', () => {
    const rows = [
      { severity: 'high', check: 'ecs_securitygroup_restrict_elasticsearch_kibana_internet', region: 'cn-shanghai', resource: 'staging-wide-open' },
      { severity: 'critical', check: 'ram_no_root_access_key', region: 'global', resource: '<root>' },
    ];
    const lines = table(rows, [col('severity'), col('check'), col('region'), col('resource')], { columns: 80 });
    expect(lines).toEqual([
      `SEVERITY  CHECK${' '.repeat(35)}REGION       RESOURCE`,
      'high      ecs_securitygroup_restrict_elasticsearch_kibana_internet',
      `${' '.repeat(50)}cn-shanghai  staging-wide-open`,
      `critical  ram_no_root_access_key${' '.repeat(18)}global       <root>`,
    ]);
  });

  it('a wrapped id column breaks between its words only: each id stays whole', () => {
    const ids = 'ecs_securitygroup_restrict_ssh_internet ecs_securitygroup_restrict_rdp_internet';
    const lines = table([{ cis: '4.3', checks: ids }], [col('cis'), col('checks', { wrap: true })], { columns: 50 });
    expect(lines).toEqual(['CIS  CHECKS', '4.3  ecs_securitygroup_restrict_ssh_internet', '     ecs_securitygroup_restrict_rdp_internet']);
  });

  it('when even the headers do not fit side by side, columns move to lines of their own from the right', () => {
    const lines = table([{ first: 'a'.repeat(10), second: 'b'.repeat(10), third: 'c'.repeat(10) }], [col('first'), col('second'), col('third')], { columns: 20 });
    expectWithin(lines, 20);
    for (const value of ['a', 'b', 'c']) expect(lines.some((line) => line.includes(value.repeat(10)))).toBe(true);
  });

  it('control characters are shown visibly and measured as shown', () => {
    const lines = table([{ name: 'evil\u001B[31m', note: 'x' }, { name: 'ok', note: 'y' }], [col('name'), col('note')]);
    expect(lines).toEqual(['NAME        NOTE', 'evil^[[31m  x', 'ok          y']);
  });

  it('the header is bold in colour, a moved column\'s name too', () => {
    const { ctx, stdout } = bufferContext({ tty: true, color: true, columns: 30 });
    printTable(ctx.io, [{ name: 'a', arn: 'acs:ram::1234567890123456:role/a' }], [col('name'), col('arn', { squeeze: 'line' })]);
    expect(stdout()).toBe('\u001B[1mNAME\u001B[0m\n\u001B[1m  ARN\u001B[0m\na\n  acs:ram::1234567890123456:role/a\n');
  });
});

describe('cut and wrap', () => {
  it('cut counts cells: a wide character never half fits', () => {
    expect(cut('张伟伟', 4)).toBe('张…');
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abc', 4)).toBe('abc');
    expect(cut('👨‍👩‍👧 family', 4)).toBe('👨‍👩‍👧 …');
  });

  it('wrap breaks CJK between characters and long words only when told', () => {
    expect(wrap('运维部门负责人', 6, true)).toEqual(['运维部', '门负责', '人']);
    expect(wrap('see acs:ram::1234567890123456:role/x now', 10, false)).toEqual(['see', 'acs:ram::1234567890123456:role/x', 'now']);
    expect(wrap('see acs:ram::1234567890123456:role/x now', 10, true)).toEqual(['see', 'acs:ram::1', '2345678901', '23456:role', '/x now']);
  });
});
