import { describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../src/core/errors.js';
import { MUTELIST_MAX_BYTES, parseMutelist } from '../../src/scan/mutelist.js';

/** What reading a mutelist's YAML (js-yaml, failsafe schema) must guarantee, whatever the library does elsewhere. */

const HEAD = 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n';

function refusal(text: string): InputError {
  let error: unknown;
  try {
    parseMutelist(text, 'm.yaml');
  } catch (caught) {
    error = caught;
  }
  expect(error, text.slice(0, 200)).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(ExitCode.Usage);
  return error as InputError;
}

describe('reading a mutelist', () => {
  it('reads every scalar as the text written: yes, null, 012 and long account ids stay strings', () => {
    const list = parseMutelist(
      `Mutelist:
  Accounts:
    1234567890123456789:
      Checks:
        x:
          Regions: [yes, no, null, ~, 012, 1.5e3, true, 0x1F]
          Resources: [.inf, 2026-01-01]
          Description: null
    0123:
      Checks: {}
`,
      'm.yaml',
    );
    expect(list.accounts.map((a) => a.account)).toEqual(['1234567890123456789', '0123']);
    const entry = list.accounts[0].checks[0];
    expect(entry.regions.map((p) => p.source)).toEqual(['yes', 'no', 'null', '~', '012', '1.5e3', 'true', '0x1F']);
    expect(entry.resources.map((p) => p.source)).toEqual(['.inf', '2026-01-01']);
    expect(entry.description).toBe('null');
  });

  it("keeps keys in the file's order, numbers and __proto__ too (Prowler's loop stops at the first excepting entry)", () => {
    const entry = '{ Regions: ["*"], Resources: ["*"] }';
    const list = parseMutelist(`${HEAD}        zeta: ${entry}\n        "10": ${entry}\n        "2": ${entry}\n        __proto__: ${entry}\n`, 'm.yaml');
    expect(list.accounts[0].checks.map((c) => c.check)).toEqual(['zeta', '10', '2', '__proto__']);
    for (const key of ['__proto__', 'toString', 'constructor']) {
      expect(refusal(`${HEAD}        x: { Regions: [], Resources: [], Exceptions: { ${key}: [] } }\n`).message).toContain(
        `Mutelist.Accounts."*".Checks.x.Exceptions.${key} is not an exception field`,
      );
    }
  });

  it('refuses a repeated key, in block or flow style, naming the line and column of the second', () => {
    const block = refusal(`${HEAD}        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Regions: ["*"]\n`);
    expect(block.message).toBe('mutelist m.yaml (line 8, column 11): YAML syntax error: duplicated mapping key');
    const flow = refusal(`${HEAD}        x: { Regions: ["*"], Resources: ["*"], Resources: [] }\n`);
    expect(flow.message).toBe('mutelist m.yaml (line 5, column 48): YAML syntax error: duplicated mapping key');
    // The last of 90,000 keys repeats the first: found all the same (js-yaml's check is a lookup, not a comparison with every key).
    const keys = Array.from({ length: 90_000 }, (_, i) => `        c${i}: { Regions: [], Resources: [] }`);
    const many = refusal(`${HEAD}${keys.join('\n')}\n        c0: { Regions: [], Resources: [] }\n`);
    expect(many.message).toContain('(line 90005, column 9): YAML syntax error: duplicated mapping key');
  });

  it('refuses collections nested past 100 as soon as it meets them, in a file just under the size limit', () => {
    const size = MUTELIST_MAX_BYTES - 16;
    for (const [bomb, column] of [
      ['['.repeat(size), 100],
      ['{'.repeat(size), 100],
      ['- '.repeat(size / 2), 201],
      [`a: ${'{a: '.repeat(size / 4)}`, 397],
    ] as const) {
      const error = refusal(bomb);
      expect(error.message).toBe(`mutelist m.yaml (line 1, column ${column}): YAML syntax error: nesting exceeded maxDepth (100)`);
    }
    const indented = Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(refusal(`${indented} x\n`).message).toContain('YAML syntax error: nesting exceeded maxDepth (100)');
  });

  it('keeps an alias as the anchored value, and counts its items each time it is used, so an alias bomb stops at the cap', () => {
    // Nested aliases that would make 10^6 strings if copied: the first item that is not a string ends the reading.
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...['b', 'c', 'd', 'e', 'f'].map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`),
    ].join('\n');
    const nested = refusal(`${laughs}\n${HEAD}        x: { Regions: ["*"], Resources: *f }\n`);
    expect(nested.message).toBe('mutelist m.yaml (line 11, column 41): Mutelist.Accounts."*".Checks.x.Resources[0] must be a string');
    // One list of 1,000 used 101 times: 101,000 items, past the cap; the error names the alias that went over it.
    const items = Array.from({ length: 1000 }, (_, i) => `r${i}`).join(', ');
    const checks = Array.from({ length: 101 }, (_, i) => `        c${i}: { Regions: [], Resources: *r }`).join('\n');
    const list = refusal(`Lists: &r [${items}]\n${HEAD}${checks}\n`);
    expect(list.message).toBe('mutelist m.yaml (line 106, column 41): Mutelist.Accounts."*".Checks.c100.Resources[0]: more than 100000 list items in all');
    expect(list.hint?.text).toContain('an alias (*name) counts its list again');
    // A mapping of 1,000 checks used under 101 accounts: 101,000 check entries, with no item at all.
    const entries = Array.from({ length: 1000 }, (_, i) => `c${i}: { Regions: [], Resources: [] }`).join(', ');
    const accounts = Array.from({ length: 101 }, (_, i) => `    "${i}": { Checks: *c }`).join('\n');
    const mapping = refusal(`Checks: &c { ${entries} }\nMutelist:\n  Accounts:\n${accounts}\n`);
    expect(mapping.message).toBe('mutelist m.yaml (line 104, column 22): Mutelist.Accounts.100.Checks.c0: more than 100000 check entries in all');
  });

  it('reads JSON, CRLF line ends and a byte-order mark, and counts lines the same in each', () => {
    const json = parseMutelist('{"Mutelist": {"Accounts": {"*": {"Checks": {"x": {"Regions": ["*"], "Resources": ["a", "b"]}}}}}}', 'm.json');
    expect(json.accounts[0].checks[0].resources.map((p) => p.source)).toEqual(['a', 'b']);
    const text = `${HEAD}        x:\n          Regions: ["*"]\n          Resources: ["*"]\n        y:\n          Regions: "*"\n          Resources: ["*"]\n`;
    const expected = 'mutelist m.yaml (line 9, column 20): Mutelist.Accounts."*".Checks.y.Regions must be a list';
    expect(refusal(text).message).toBe(expected);
    expect(refusal(text.replaceAll('\n', '\r\n')).message).toBe(expected);
    expect(refusal(`\uFEFF${text}`).message).toBe(expected);
    expect(parseMutelist(`\uFEFF${text.replace('Regions: "*"', 'Regions: ["*"]')}`.replaceAll('\n', '\r\n'), 'm.yaml').accounts[0].checks).toHaveLength(2);
  });

  it('names the place of the value, not of a key of the same name elsewhere', () => {
    const text = `${HEAD}        a:\n          Regions: ["*"]\n          Resources: ["*"]\n          Exceptions: { Regions: [x] }\n        b:\n          Exceptions: { Regions: [x, [y]] }\n          Regions: ["*"]\n          Resources: ["*"]\n`;
    expect(refusal(text).message).toBe('mutelist m.yaml (line 10, column 38): Mutelist.Accounts."*".Checks.b.Exceptions.Regions[1] must be a string');
  });

  it('refuses several documents, and reads a file that is only comments as empty', () => {
    expect(refusal(`${HEAD}        x: { Regions: [], Resources: [] }\n---\nMutelist: {}\n`).message).toBe(
      'mutelist m.yaml holds 2 YAML documents (--- starts each one): a mutelist is one',
    );
    expect(parseMutelist(`---\n${HEAD}        x: { Regions: [], Resources: [] }\n...\n`, 'm.yaml').accounts).toHaveLength(1);
    expect(refusal('# nothing yet\n\n').message).toBe('mutelist m.yaml: the file is empty: it needs a Mutelist: key');
    expect(refusal('---\n').message).toBe('mutelist m.yaml: the file is empty: it needs a Mutelist: key');
  });

  it('refuses tabs in indentation, tags of other schemas and unquoted *, saying where', () => {
    expect(refusal(`${HEAD}        x:\n\t  Regions: []\n`).message).toMatch(/^mutelist m\.yaml \(line 6, column 1\): YAML syntax error: /);
    expect(refusal(`${HEAD}        x: { Regions: !!int 5, Resources: [] }\n`).message).toContain('(line 5, column 23): YAML syntax error: unknown scalar tag');
    const star = refusal(`${HEAD}        x: { Regions: [*], Resources: [*-replica] }\n`);
    expect(star.message).toContain('(line 5, column 25): YAML syntax error:');
    expect(star.hint?.text).toContain('write it in quotes, "*"');
  });

  it('refuses a key that is not a plain name, and ignores other top-level keys (a place for anchors)', () => {
    expect(refusal(`${HEAD}        ? [a, b]\n        : { Regions: [], Resources: [] }\n`).message).toBe(
      'mutelist m.yaml (line 5, column 9): Mutelist.Accounts."*".Checks has a key that is not a plain name',
    );
    expect(parseMutelist(`Defaults: { x: [1, {y: 2}] }\n${HEAD}        x: { Regions: [], Resources: [] }\n`, 'm.yaml').accounts).toHaveLength(1);
  });
});
