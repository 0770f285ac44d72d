import { describe, expect, it } from 'vitest';
import { keysOf } from '../../src/ui/keys.js';

const names = (chunk: string) => keysOf(chunk).map((k) => `${k.ctrl ? 'C-' : ''}${k.meta ? 'M-' : ''}${k.name === 'text' ? k.text : k.name}`);

describe('keysOf', () => {
  it('splits a chunk into the keys it holds', () => {
    expect(names('whoami\r')).toEqual(['whoami', 'return']);
    expect(names('ram us\tl\t\r')).toEqual(['ram us', 'tab', 'l', 'tab', 'return']);
    expect(names('\u0015configure s')).toEqual(['C-u', 'configure s']);
  });

  it('tells Backspace from Delete, and reads arrows, Home, End and their modifiers', () => {
    expect(names('\u007f\b\u001b[3~')).toEqual(['backspace', 'backspace', 'delete']);
    expect(names('\u001b[A\u001b[B\u001bOC\u001b[D')).toEqual(['up', 'down', 'right', 'left']);
    expect(names('\u001b[H\u001b[F\u001b[1~\u001b[4~')).toEqual(['home', 'end', 'home', 'end']);
    expect(names('\u001b[1;5D\u001b[1;3C\u001b[Z')).toEqual(['C-left', 'M-right', 'backtab']);
  });

  it('reads Ctrl and Alt letters, and a lone Escape', () => {
    expect(names('\u0003\u0004\u0012\u0001\u0005')).toEqual(['C-c', 'C-d', 'C-r', 'C-a', 'C-e']);
    expect(names('\u001bb\u001bf\u001b\u007f')).toEqual(['M-b', 'M-f', 'M-backspace']);
    expect(names('\u001b')).toEqual(['escape']);
  });

  it('keeps text that is not ASCII whole', () => {
    expect(names('用户 ünïcode')).toEqual(['用户 ünïcode']);
  });
});
