import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { type Key, keysOf } from './keys.js';

/** Calls `handler` for every key typed, one key at a time even when a chunk holds several (see keys.ts). */
export function useKeys(handler: (key: Key) => void): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const onInput = (input: string) => {
      for (const key of keysOf(input)) latest.current(key);
    };
    events.on('input', onInput);
    return () => void events.removeListener('input', onInput);
  }, [events]);
}
