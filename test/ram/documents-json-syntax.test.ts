import { describe, expect, it } from 'vitest';
import { checkDocumentText, jsonSyntaxError, lineAndColumn } from '../../src/ram/documents.js';

describe('jsonSyntaxError', () => {
  it('finds nothing wrong in valid JSON of every kind of value', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\""], "b": {}} ', '"s"', '0']) {
      expect(jsonSyntaxError(text), text).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  const cases: [string, string, number, RegExp][] = [
    ['a missing comma', '{"a": 1 "b": 2}', 8, /expected ',' or '}', found '"'/],
    ['a trailing comma in an object', '{"a": 1,}', 8, /a comma before '}'/],
    ['a trailing comma in an array', '[1, 2, ]', 7, /a comma before ']'/],
    ['an unquoted property name', '{Version: "1"}', 1, /expected a property name in double quotes, found 'V'/],
    ['single quotes', "{'a': 1}", 1, /expected a property name in double quotes/],
    ['a single-quoted value', `{"a": 'x'}`, 6, /a single quote: JSON strings take double quotes/],
    ['a missing colon', '{"a" 1}', 5, /expected ':' after the property name, found '1'/],
    ['an unterminated string', '{"a": "b}', 6, /unterminated string/],
    ['a cut-off document', '{"a": [1, 2', 11, /expected ',' or ']', found the end of the text/],
    ['nothing at all', '', 0, /unexpected end of the text/],
    ['text after the document', '{} x', 3, /unexpected 'x' after the end of the document/],
    ['a bad literal', '{"a": tru}', 6, /unexpected 't'/],
    ['a bad escape', '{"a": "\\x"}', 7, /a bad escape \\x in a string/],
    ['a line break inside a string', '{"a": "b\nc"}', 8, /a line break or control character inside a string/],
    ['a leading zero', '[01]', 2, /expected ',' or ']', found '1'/],
  ];
  for (const [name, text, offset, problem] of cases) {
    it(`${name}: offset ${offset}`, () => {
      expect(() => JSON.parse(text)).toThrow();
      const found = jsonSyntaxError(text);
      expect(found?.offset).toBe(offset);
      expect(found?.problem).toMatch(problem);
    });
  }
});

describe('lineAndColumn', () => {
  it('counts from 1, over \\n and \\r\\n line ends', () => {
    expect(lineAndColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('a\r\nb\r\ncd', 7)).toEqual({ line: 3, column: 2 });
  });
});

describe('a document that is not JSON', () => {
  it('is refused with the flag, the problem and its line and column', () => {
    const text = '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow", "Action": "*" "Resource": "*"}\n  ]\n}';
    expect(() => checkDocumentText(text, 'permission', '--document')).toThrow(
      /^--document is not valid JSON: expected ',' or '}', found '"' at line 4, column 39$/,
    );
  });
});
