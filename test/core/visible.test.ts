import { describe, expect, it } from 'vitest';
import { boundedMessage, jsonVisible, quoted, visible } from '../../src/core/visible.js';

const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mEVIL';

/** Any byte a terminal would act on: C0 but line feed, DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

describe('visible', () => {
  it('shows C0 controls and DEL in caret notation, so no escape sequence survives', () => {
    expect(visible(HOSTILE)).toBe('^[]0;pwned^G^[[2J^[[31mEVIL');
    expect(visible('a\u0000b\u007fc')).toBe('a^@b^?c');
    expect(visible(HOSTILE)).not.toMatch(CONTROL);
  });

  it('shows line breaks and tabs in a single-line value, keeps them in a multi-line one', () => {
    expect(visible('a\nb\tc\rd')).toBe('a^Jb^Ic^Md');
    expect(visible('a\nb\tc\rd\r\ne', { lines: true })).toBe('a\nb\tc^Md\r\ne');
  });

  it('shows C1 controls (8-bit CSI), bidi overrides, zero-width characters and lone surrogates by code point', () => {
    expect(visible('\u009b2J')).toBe('<U+009B>2J');
    expect(visible('admin\u202Etxt.exe')).toBe('admin<U+202E>txt.exe');
    expect(visible('ad\u200Bmin\u2066x\u2069')).toBe('ad<U+200B>min<U+2066>x<U+2069>');
    expect(visible('\uFEFFroot')).toBe('<U+FEFF>root');
    expect(visible('a\u2028b')).toBe('a<U+2028>b');
    expect(visible('x\uD800y')).toBe('x<U+D800>y');
    expect(visible('tag\u{E0041}')).toBe('tag<U+E0041>');
  });

  it('leaves printable text alone: CJK, accents, emoji with joiners, skin tones and flags', () => {
    for (const text of ['生产环境-数据库', 'Zoë Ångström', '👨‍👩‍👧 team', '👍🏽', '🇨🇳', '❤️‍🔥', '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', 'plain ascii ~!@#$%^&*()']) {
      expect(visible(text)).toBe(text);
    }
  });

  it('shows a joiner that does not join emoji', () => {
    expect(visible('ad\u200Dmin')).toBe('ad<U+200D>min');
  });
});

describe('jsonVisible', () => {
  it('escapes what JSON.stringify leaves raw, and the value parses back the same', () => {
    const value = { name: `\u009b31m\u202Eevil\u200B${HOSTILE}\u{E0041}` };
    const json = jsonVisible(JSON.stringify(value));
    expect(json).not.toMatch(CONTROL);
    expect(json).not.toMatch(/[\u202E\u200B]/);
    expect(json).toContain('\\u009b');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('quoted and boundedMessage', () => {
  it('quotes a short value whole and a huge one as a prefix with its length', () => {
    expect(quoted('audit')).toBe('"audit"');
    const long = quoted('a'.repeat(100_000));
    expect(long.length).toBeLessThan(120);
    expect(long).toContain('(100000 characters)');
    expect(quoted('\u001b[2J')).toBe('"^[[2J"');
  });

  it('cuts every line of a message and shows its controls, keeping its line breaks', () => {
    const message = boundedMessage(`profile ${'x'.repeat(100_000)} not found\nsecond \u001b[31mline`);
    expect(message.length).toBeLessThan(1_000);
    expect(message).toMatch(/more characters\)\nsecond \^\[\[31mline$/);
  });
});
