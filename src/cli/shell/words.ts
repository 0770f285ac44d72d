/**
 * A shell line as words, the way a POSIX shell splits it for the simple cases people type: blanks separate words,
 * 'single quotes' keep everything, "double quotes" keep all but \" and \\, and a backslash outside quotes escapes the
 * next character. No variables, globs or pipes: the shell runs aliaudit commands, not programs.
 */

export interface Word {
  text: string;
  /** Where the word starts and ends in the line (end excluded), quotes included. */
  start: number;
  end: number;
}

export interface SplitLine {
  words: Word[];
  /** The quote left open at the end of the line, if any. */
  unclosed?: "'" | '"';
}

export function splitLine(line: string): SplitLine {
  const words: Word[] = [];
  let current: Word | undefined;
  let quote: "'" | '"' | undefined;
  const begin = (at: number) => (current ??= { text: '', start: at, end: at });
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current!.text += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) current!.text += line[++i];
      else current!.text += c;
    } else if (c === ' ' || c === '\t') {
      if (current) {
        current.end = i;
        words.push(current);
        current = undefined;
      }
    } else {
      begin(i);
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < line.length) current!.text += line[++i];
      else current!.text += c;
    }
  }
  if (current) {
    current.end = line.length;
    words.push(current);
  }
  return quote ? { words, unclosed: quote } : { words };
}

/** A word as it must be typed to come back as itself: quoted when it holds blanks, quotes or backslashes. */
export function quoteWord(text: string): string {
  if (text !== '' && !/[\s'"\\]/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
