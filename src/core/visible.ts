/**
 * Text from outside aliaudit (the cloud, a world file, config.json, the environment, the command line) made safe to
 * show: anything that could drive a terminal or hide what a name is becomes visible instead. C0 controls and DEL are
 * shown in caret notation (ESC as `^[`, BEL as `^G`), as gh and `cat -v` show them; C1 controls, bidi overrides,
 * zero-width and other invisible characters, line separators and lone surrogates as `<U+202E>`. Printable text,
 * CJK and emoji included, is left alone (a joiner between two emoji stays, so a family emoji is still one).
 *
 * Every place where text meets a screen or a file a person reads (tables, notes, errors, CSV, HTML, the dashboard,
 * the shell) goes through `visible`; JSON keeps every value exactly, with the same characters escaped (`jsonVisible`).
 */

/*
 * These classes hold joiners and variation selectors on purpose (each one alone is what is matched), which the
 * no-misleading-character-class rule cannot tell from a class written with a combined character by mistake.
 */
/* eslint-disable no-misleading-character-class */

/** Invisible or format characters that are not C0/C1 controls. */
const INVISIBLE =
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF0-\\uFFFB' +
  '\\u{1D173}-\\u{1D17A}\\u{E0000}-\\u{E0FFF}';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';

const UNSAFE_LINE = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${INVISIBLE}]|${LONE_SURROGATE}`, 'gu');
// A carriage return before a line feed ends a line as one does; alone it would move back over what was written.
const UNSAFE_TEXT = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${INVISIBLE}]|\\r(?!\\n)|${LONE_SURROGATE}`, 'gu');
const QUICK = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${INVISIBLE}\\uD800-\\uDFFF]`, 'u');

/* eslint-enable no-misleading-character-class */

const JOINERS = new Set(['\u200C', '\u200D']);
// eslint-disable-next-line no-misleading-character-class
const JOINED = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\uFE0F]/u;
/** A tag character after a black flag (🏴 + tags + U+E007F) spells a subdivision flag: part of the emoji. */
const TAG = /^[\u{E0020}-\u{E007F}]$/u;

export interface VisibleOptions {
  /** Keep line breaks (LF, CRLF) and tabs (a policy document, a multi-line message); otherwise they are shown too. */
  lines?: boolean;
}

/** The text with every control and invisible character shown visibly (see the module's comment). */
export function visible(text: string, options: VisibleOptions = {}): string {
  if (!QUICK.test(text)) return text;
  const pattern = options.lines ? UNSAFE_TEXT : UNSAFE_LINE;
  return text.replace(pattern, (char: string, offset: number) => {
    if (JOINERS.has(char) && betweenEmoji(text, offset, char.length)) return char;
    if (TAG.test(char) && inFlagSequence(text, offset)) return char;
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

function betweenEmoji(text: string, offset: number, length: number): boolean {
  const before = String.fromCodePoint(text.codePointAt(offset - 1) ?? 0);
  const previous = /[\uDC00-\uDFFF]/.test(before) && offset >= 2 ? String.fromCodePoint(text.codePointAt(offset - 2) ?? 0) : before;
  const after = String.fromCodePoint(text.codePointAt(offset + length) ?? 0);
  return JOINED.test(previous) && JOINED.test(after);
}

function inFlagSequence(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\u{1F3F4}', offset);
  if (start < 0) return false;
  return [...text.slice(start + 2, offset)].every((char) => TAG.test(char));
}

// eslint-disable-next-line no-misleading-character-class
const JSON_UNSAFE = new RegExp(`[\\u007F-\\u009F${INVISIBLE}]`, 'gu');

/**
 * JSON text (as JSON.stringify writes it, which already escapes C0 controls) with DEL, C1 controls and invisible
 * characters escaped as \uXXXX too: the same values to any parser, and nothing a terminal acts on when it is shown.
 */
export function jsonVisible(json: string): string {
  return json.replace(JSON_UNSAFE, (char: string) => {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
    const low = ((code - 0x10000) % 0x400) + 0xdc00;
    return `\\u${high.toString(16)}\\u${low.toString(16)}`;
  });
}

/** How much of an outside value an error message repeats: enough to recognise it, never the whole of a huge one. */
export const ECHO_LIMIT = 80;

/**
 * An outside value as an error message quotes it: in double quotes, shown visibly, and cut to its first
 * ECHO_LIMIT characters (`"aaaa…" (100000 characters)`), so a 100 kB argument gives a one-line error.
 */
export function quoted(value: string): string {
  const chars = [...value];
  if (chars.length <= ECHO_LIMIT) return `"${visible(value)}"`;
  return `"${visible(chars.slice(0, ECHO_LIMIT).join(''))}…" (${chars.length} characters)`;
}

/** The longest line an error or hint prints: past it the rest is left out and counted. */
export const MESSAGE_LINE_LIMIT = 400;

/**
 * A message safe to print on the terminal, however it was built: shown visibly (line breaks kept), and every line
 * cut at MESSAGE_LINE_LIMIT characters, in case some echo of an outside value was not bounded where it was made.
 */
export function boundedMessage(message: string): string {
  return visible(message, { lines: true })
    .split('\n')
    .map((line) => {
      const chars = [...line];
      if (chars.length <= MESSAGE_LINE_LIMIT) return line;
      return `${chars.slice(0, MESSAGE_LINE_LIMIT).join('')}… (${chars.length - MESSAGE_LINE_LIMIT} more characters)`;
    })
    .join('\n');
}

/**
 * One CSV field (RFC 4180): quoted when it holds the delimiter, a quote or a line break, its quotes doubled. The value
 * is shown visibly first (line breaks kept, inside the quotes), so `cat` of the file cannot drive a terminal; JSON is
 * the format that keeps every byte.
 */
export function csvField(value: string, delimiter: ',' | ';'): string {
  const shown = visible(value, { lines: true });
  return shown.includes(delimiter) || /["\r\n]/.test(shown) ? `"${shown.replace(/"/g, '""')}"` : shown;
}
