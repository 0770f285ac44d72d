import { describe, expect, it } from 'vitest';
import { quoteWord, splitLine } from '../../../src/cli/shell/words.js';

const texts = (line: string) => splitLine(line).words.map((word) => word.text);

describe('splitLine', () => {
  it('splits on blanks and keeps quoted text whole', () => {
    expect(texts('  ram user   list ')).toEqual(['ram', 'user', 'list']);
    expect(texts(`ram user create 'a b' --display-name "Alice \\"A\\" Li"`)).toEqual(['ram', 'user', 'create', 'a b', '--display-name', 'Alice "A" Li']);
    expect(texts(`a\\ b c\\'d ''`)).toEqual(['a b', "c'd", '']);
  });

  it('says which quote is left open', () => {
    expect(splitLine(`configure set --process-command 'x`).unclosed).toBe("'");
    expect(splitLine('a "b').unclosed).toBe('"');
    expect(splitLine('a "b"').unclosed).toBeUndefined();
  });

  it('knows where each word stands', () => {
    expect(splitLine(`use  'my prof'`).words.map(({ start, end }) => [start, end])).toEqual([[0, 3], [5, 14]]);
  });

  it('quotes a word so that it splits back to itself', () => {
    for (const word of ['plain', 'a b', "it's", '', 'back\\slash', '"q"']) {
      expect(texts(quoteWord(word))).toEqual([word]);
    }
    expect(quoteWord('cn-hangzhou')).toBe('cn-hangzhou');
  });
});
