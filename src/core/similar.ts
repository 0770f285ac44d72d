/**
 * The candidate closest to what was typed, if it is close enough to be a typo (or differs only in case), else the one
 * candidate that begins with what was typed (`ram_root_mfa` → `ram_root_mfa_enabled`).
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  if (best && best.distance <= allowed) return best.name;
  const extending = typed.length >= 3 ? candidates.filter((name) => name.toLowerCase().startsWith(lower)) : [];
  return extending.length === 1 ? extending[0] : undefined;
}

/**
 * Every candidate that could be what was typed (a typo, or the start of it), best first: those `usable` says can run
 * now before those that cannot, then the nearest. `wh` gives whoami before why when why needs a scan first.
 */
export function ranked(typed: string, candidates: readonly string[], usable: (name: string) => boolean = () => true): string[] {
  const lower = typed.toLowerCase();
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  const near = candidates
    .map((name) => ({ name, distance: editDistance(lower, name.toLowerCase()), starts: lower.length >= 2 && name.toLowerCase().startsWith(lower) }))
    .filter((candidate) => candidate.starts || candidate.distance <= allowed);
  return near
    .sort((a, b) => Number(usable(b.name)) - Number(usable(a.name)) || a.distance - b.distance || a.name.localeCompare(b.name))
    .map((candidate) => candidate.name);
}

/** Edit distance with adjacent transpositions (optimal string alignment): "audti" is one step from "audit". */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}
