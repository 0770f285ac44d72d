/**
 * Keys from what a terminal sends. A chunk often holds several keys (a paste, `whoami⏎` sent at once over a slow
 * link or by tmux send-keys), which Ink hands over whole; here every control character is a key of its own, so Enter
 * at the end of a chunk still runs the line. Backspace (DEL, 0x7f) and Delete (ESC [3~) are told apart.
 */
export type KeyName =
  | 'text' | 'return' | 'tab' | 'backtab' | 'backspace' | 'delete' | 'escape'
  | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown' | 'unknown';

export interface Key {
  name: KeyName;
  /** The typed text (name 'text'), or the letter of a Ctrl or Alt combination. */
  text: string;
  ctrl: boolean;
  meta: boolean;
}

const key = (name: KeyName, text = '', ctrl = false, meta = false): Key => ({ name, text, ctrl, meta });

const CSI_LETTERS: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'backtab' };
const CSI_NUMBERS: Record<string, KeyName> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '5': 'pageup', '6': 'pagedown' };

/** Every key in one chunk of input, in order. */
export function keysOf(chunk: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < chunk.length) {
    const c = chunk[i];
    if (c === '\u001b') {
      const sequence = /^\u001b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z]|[\s\S])?/.exec(chunk.slice(i))![0];
      keys.push(escapeKey(sequence));
      i += sequence.length;
    } else if (c < ' ' || c === '\u007f') {
      keys.push(controlKey(c));
      i++;
    } else {
      let end = i + 1;
      while (end < chunk.length && chunk[end] >= ' ' && chunk[end] !== '\u007f' && chunk[end] !== '\u001b') end++;
      keys.push(key('text', chunk.slice(i, end)));
      i = end;
    }
  }
  return keys;
}

function controlKey(c: string): Key {
  if (c === '\r' || c === '\n') return key('return');
  if (c === '\t') return key('tab');
  if (c === '\u007f' || c === '\b') return key('backspace');
  const code = c.charCodeAt(0);
  return code >= 1 && code <= 26 ? key('text', String.fromCharCode(code + 96), true) : key('unknown');
}

function escapeKey(sequence: string): Key {
  if (sequence === '\u001b') return key('escape');
  const csi = /^\u001b\[(?:(\d+)(?:;(\d+))?)?([~A-Za-z])$/.exec(sequence) ?? /^\u001bO()()([A-Za-z])$/.exec(sequence);
  if (csi) {
    const [, number, modifier, final] = csi;
    const name = final === '~' ? CSI_NUMBERS[number ?? ''] : CSI_LETTERS[final];
    // xterm modifiers: 1 + (shift 1, alt 2, ctrl 4).
    const bits = modifier ? Number(modifier) - 1 : 0;
    return key(name ?? 'unknown', '', (bits & 4) !== 0, (bits & 2) !== 0);
  }
  const second = sequence[1];
  if (second === '\u007f' || second === '\b') return key('backspace', '', false, true);
  if (second === '\r') return key('return', '', false, true);
  return key('text', second ?? '', false, true);
}
