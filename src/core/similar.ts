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

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
