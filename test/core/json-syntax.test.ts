import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from '../../src/core/json-syntax.js';

describe('findJsonSyntaxProblem', () => {
  it('finds nothing wrong in valid JSON of every kind', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n\\""], "b": {}} ', '0', '"x"']) {
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it.each([
    ['', 1, 1, 'expected a value, found the end of the file'],
    ['{"a": 01}', 1, 8, "expected ',' or '}' after a property, found '1'"],
    ['{"a": 1.}', 1, 9, 'digits must follow the decimal point'],
    ['{"a": -}', 1, 8, 'invalid number'],
    ['{"a": tru}', 1, 7, "expected a value, found 't'"],
    ['{"a": "\\x"}', 1, 8, 'invalid escape'],
    ['{"a": "\\u12"}', 1, 8, 'invalid \\u escape'],
    ['[1, 2,]', 1, 7, "comma before ']'"],
    ['[1 2]', 1, 4, "expected ',' or ']' after an element, found '2'"],
    ['{"a" 1}', 1, 6, "expected ':' after the property name"],
    ['{}\n{}', 2, 1, 'after the end of the JSON document'],
    ['{\n\t"a": 1,\n\t/* no */\n}', 3, 2, 'comments are not allowed'],
    ['{"a": "open', 1, 7, 'a string is not closed'],
    ['{"a": 1,}', 1, 9, "trailing comma before '}'"],
    ['{Version: "1"}', 1, 2, "expected a property name in double quotes, found 'V'"],
    [`{"a": 'x'}`, 1, 7, 'strings must be in double quotes'],
    ['{"a": "b\nc"}', 1, 9, 'a line break or control character inside a string'],
    ['{"a": [1, 2', 1, 12, "expected ',' or ']' after an element, found the end of the file"],
  ])('places the problem in %j at %i:%i', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonSyntaxProblem(text)!;
    expect(found).toMatchObject({ line, column });
    expect(found.problem).toContain(problem);
  });
});
