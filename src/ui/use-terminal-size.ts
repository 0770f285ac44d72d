import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size, followed as it is resized; `fallback` where it reports none (off a terminal, or 0×0). */
export function useTerminalSize<Rows extends number | undefined>(fallback: { columns: number; rows: Rows }): { columns: number; rows: number | Rows } {
  const { stdout } = useStdout();
  const measure = () => ({ columns: stdout.columns || fallback.columns, rows: (stdout.rows || fallback.rows) as number | Rows });
  const [size, setSize] = useState(measure);
  useEffect(() => {
    const resized = () => setSize(measure());
    stdout.on('resize', resized);
    return () => void stdout.off('resize', resized);
  }, [stdout, fallback.columns, fallback.rows]);
  return size;
}
