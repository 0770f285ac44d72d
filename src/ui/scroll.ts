/** What of a list is shown in a number of rows: items [start, end), and whether a "more" line stands above or below. */
export interface ListWindow {
  start: number;
  end: number;
  above: boolean;
  below: boolean;
}

/**
 * Which of `count` items fit in `rows` lines, with a "more" line for each side cut off (none below 3 rows), scrolled as
 * little as keeps the end of `focus` in view, and its start too if it fits.
 */
export function listWindow(count: number, focus: { from: number; to: number }, rows: number): ListWindow {
  if (count <= rows) return { start: 0, end: count, above: false, below: false };
  if (rows <= 0) return { start: 0, end: 0, above: false, below: false };
  if (rows < 3) {
    const start = Math.max(0, focus.to - rows + 1);
    return { start, end: start + rows, above: false, below: false };
  }
  const layout = (start: number): ListWindow => {
    const above = start > 0;
    let end = Math.min(count, start + rows - (above ? 1 : 0));
    const below = end < count;
    if (below) end--;
    return { start, end, above, below };
  };
  let view = layout(0);
  for (let start = 0; start < count; start++) {
    view = layout(start);
    if (focus.to < view.end) break;
  }
  return view;
}
