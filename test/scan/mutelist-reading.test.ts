import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSimpleYaml } from '../../src/scan/mutelist.js';

/** A small seeded generator, so a failure is the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    /** Mostly one of the first few (the usual), sometimes any. */
    usual: <T>(items: readonly T[], first = 10): T => items[Math.floor(next() * (next() < 0.7 ? Math.min(first, items.length) : items.length))],
  };
}

/** A node (the library's, or the fast reader's) as values and where each starts, in the file's lines and columns. */
function shape(node: unknown, lines: LineCounter): unknown {
  const n = node as { kind?: string; offset?: number; range?: [number, number, number] };
  const { line, col } = lines.linePos(n.offset ?? n.range![0]);
  const at = `${line}:${col}`;
  if (n.kind === 'scalar' || isScalar(node)) return { scalar: (node as { value: unknown }).value, at };
  if (n.kind === 'map' || isMap(node)) {
    const items = (node as { items: { key: unknown; value: unknown }[] }).items;
    return { map: items.map((pair) => [shape(pair.key, lines), shape(pair.value, lines)]), at };
  }
  if (n.kind === 'seq' || isSeq(node)) return { seq: (node as { items: unknown[] }).items.map((item) => shape(item, lines)), at };
  return { other: String(node) };
}

/** Whether the fast reader read `text` as the yaml library does (or left it to the library). */
function compare(text: string): 'fast' | 'library' {
  const fast = readSimpleYaml(text);
  if (!('root' in fast)) return 'library';
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  expect(doc.errors.map((e) => e.message), text).toEqual([]);
  expect(shape(fast.root, fast.lines), text).toEqual(shape(doc.contents, lines));
  return 'fast';
}

const KEYS = ['a', 'Mutelist', '1234567890123456789', 'ram_*', '^ecs_', 'a b', "it's", '<<', 'null', '~', 'a#b', 'a:b', '-a', '?a',
  '*a', '&a', '!a', '%a', '@a', '`a', 'a ', '"a"', "'a'", '"a\\"b"', "'it''s'", '"x\\.y"', '"a"b', '"a', '"*"', "'*'", '[a]', '{a}', 'a,b'];
const VALUES = ['', ' ', '  ', ' # c', ' x', ' x # c', ' x#c', ' "q"', " 'q'", ' "q" # c', ' "q"#c', ' "q" x', ' [a, "b"]', ' [a,]',
  ' [ ]', ' []', ' [a:b]', ' [a: b]', ' [a, [b]]', ' [a, {b}]', ' ["a" , \'b\' ]', ' [a b, c]', ' [a#b]', ' [a #b]', ' [a] # c',
  ' [a]x', ' {}', ' { }', ' {a: b}', ' |', ' >', ' &x y', ' *x', ' x: y', ' x:', ' -x', ' - x', ' ^web-[0-9]+$', ' acs:ecs:x',
  ' "\\t\\n\\/\\\\"', ' "\\u0041"', ' "\\x41"', " 'a\\b'", ' null', ' 012', ' true', ' x  ', ' *', ' "*"', ' a: b: c', ' x %y',
  ' ?x', ' :x', ' ,x', ' x,y', ' x]', ' x}', " 'unclosed", ' "unclosed', ' [unclosed', ' %x', ' @x', ' `x', ' !x', ' ---', ' ...'];
const ITEMS = ['-', '- x', '- "q"', "- 'q'", '- x # c', '-x', '- [a]', '- {a: b}', '- a: b', '- a:', '-   ', '-  # c', '- acs:ecs:a/b',
  '- - x', '- *', '- "*"', '- |', '- x#y', '- ^db-1$', '- "a\\\\.b"'];

describe('the fast YAML reader', () => {
  it('reads as the yaml library does, or leaves the text to it (random lines)', () => {
    const rng = random(7);
    let fast = 0;
    for (let n = 0; n < 4000; n++) {
      const lines: string[] = [];
      const count = 1 + rng.int(6);
      let indent = 0;
      for (let i = 0; i < count; i++) {
        indent = Math.max(0, indent + rng.pick([-4, -2, 0, 0, 0, 2, 2, 1]));
        const pad = ' '.repeat(indent);
        const kind = rng.int(10);
        if (kind < 6) lines.push(`${pad}${rng.usual(KEYS)}:${rng.usual(VALUES, 16)}`);
        else if (kind < 9) lines.push(`${pad}${rng.usual(ITEMS, 8)}`);
        else lines.push(rng.pick(['', '# c', `${pad}# c`, '---', '...', '   ']));
      }
      if (compare(lines.join('\n') + rng.pick(['\n', '', '\n\n'])) === 'fast') fast++;
    }
    // Most random texts are not YAML at all; enough of them are for the comparison to mean something.
    expect(fast).toBeGreaterThan(300);
  });

  it('reads as the yaml library does, or leaves the text to it (random documents)', () => {
    const rng = random(11);
    const scalars = ['x', 'web-1', '*', '^db-1$', 'acs:ecs:cn-hangzhou:1:instance/i-1', 'a b', "it's", 'x#y', 'a\\.b', '', ' ', 'null',
      '012', 'é', '"', "'", '\\', 'a: b', '#', '- x', '[a]', '{a}', 'a,b'];
    const write = (value: string, flow: boolean): string => {
      const style = rng.int(3);
      if (style === 0) return JSON.stringify(value);
      if (style === 1) return `'${value.replace(/'/g, "''")}'`;
      return flow ? value : value;
    };
    let fast = 0;
    for (let n = 0; n < 1500; n++) {
      const out: string[] = [];
      const step = rng.pick([2, 4]);
      const block = (depth: number, indent: number) => {
        const keys = 1 + rng.int(3);
        for (let k = 0; k < keys; k++) {
          const pad = ' '.repeat(indent);
          const name = write(rng.pick(['Mutelist', 'Accounts', '*', '123', 'ram_*', `k${k}`, 'a b']), false);
          const kind = depth >= 3 ? rng.int(3) + 1 : rng.int(5);
          if (kind === 0 || kind === 4) {
            out.push(`${pad}${name}:${rng.pick(['', ' # c'])}`);
            if (rng.int(4) === 0) out.push(rng.pick(['', `${pad}  # between`]));
            block(depth + 1, indent + step);
          } else if (kind === 1) {
            out.push(`${pad}${name}: ${write(rng.pick(scalars), false)}${rng.pick(['', '  # c'])}`);
          } else if (kind === 2) {
            const items = Array.from({ length: rng.int(4) }, () => write(rng.pick(scalars), true));
            out.push(`${pad}${name}: [${items.join(rng.pick([', ', ',', ' , ']))}]`);
          } else {
            out.push(`${pad}${name}:`);
            const listPad = ' '.repeat(indent + rng.pick([0, step]));
            for (let i = 0; i < 1 + rng.int(3); i++) out.push(`${listPad}-${rng.pick([' ', '   '])}${write(rng.pick(scalars), false)}`);
          }
        }
      };
      block(0, rng.pick([0, 0, 2]));
      if (compare(`${out.join('\n')}\n`) === 'fast') fast++;
    }
    expect(fast).toBeGreaterThan(300);
  });

  it('reads as the yaml library does, or leaves the text to it (flow collections over lines, JSON, CRLF)', () => {
    const rng = random(13);
    const scalars = ['x', 'web-1', '*', '^db-1$', 'acs:ecs:cn-hangzhou:1:instance/i-1', 'a b', 'x#y', 'a\\.b', '', 'null', '1', 'a:b', 'a: b', '#', 'a,b', '[', '}'];
    const scalar = () => {
      const value = rng.pick(scalars);
      return rng.pick([JSON.stringify(value), `'${value.replace(/'/g, "''")}'`, value]);
    };
    const gap = () => rng.pick(['', ' ', ' ', '\n' + ' '.repeat(rng.int(8)), ' # c\n' + ' '.repeat(rng.int(8)), '\n\n' + ' '.repeat(rng.int(6))]);
    const flow = (depth: number): string => {
      const kind = depth > 3 ? 0 : rng.int(3);
      if (kind === 0) return scalar();
      const items = Array.from({ length: rng.int(4) }, () =>
        kind === 1 ? flow(depth + 1) : `${rng.pick([scalar(), 'Regions', '"Resources"', 'a b'])}${rng.pick([': ', ':', ' : ', ':  '])}${flow(depth + 1)}`,
      );
      const [open, close] = kind === 1 ? ['[', ']'] : ['{', '}'];
      const trailing = items.length > 0 && rng.int(5) === 0 ? ',' : '';
      return `${open}${gap()}${items.map((item) => `${item}${gap()}`).join(rng.pick([',', ', ', ' ,'])) + trailing}${gap()}${close}`;
    };
    let fast = 0;
    for (let n = 0; n < 3000; n++) {
      let text: string;
      const form = rng.int(16);
      if (form < 4) text = `${flow(0)}${rng.pick(['', '\n', '  # c\n', '\n# c\n', '\nx\n'])}`;
      else if (form < 7) text = `${JSON.stringify({ Mutelist: { Accounts: { '*': { Checks: { x: { Regions: ['*'], Resources: [rng.pick(scalars)] } } } } } }, null, rng.pick([0, 2, 4]))}\n`;
      else {
        const indent = ' '.repeat(rng.pick([0, 2, 4]));
        const lead = rng.pick(['', 'a:\n', 'a:\n  b: x\n']);
        const inner = lead ? `${lead}${indent}  ` : indent;
        text = `${inner}${rng.pick(['k', '"k"', '-'])}${rng.pick([': ', ' '])}${flow(0)}${rng.pick(['', ' # c', '#c', ' x'])}\n${rng.pick(['', `${indent}z: 1\n`, 'z: 1\n'])}`;
      }
      if (rng.int(5) === 0) text = text.replace(/\n/g, '\r\n');
      if (compare(text) === 'fast') fast++;
    }
    expect(fast).toBeGreaterThan(500);
  });

  it('takes the usual shape of a mutelist', () => {
    const text = `# mutelist
Mutelist:
  Accounts:
    "1234567890123456":
      Checks:
        "ram_user_mfa_enabled_console_access":
          Regions: ["*"]
          Resources:
            - "breakglass"   # the safe
            - '^ops-\\d+$'
            - acs:ram::1234567890123456:user/x
          Tags:
          Description: The break-glass user keeps a hardware token in the safe
        ecs_*:
          Regions:
          - cn-hangzhou
          Resources: []
          Exceptions:
            Accounts: []
            Tags: ["env=prod"]
`;
    expect(compare(text)).toBe('fast');
  });
});
