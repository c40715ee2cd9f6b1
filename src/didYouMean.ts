/**
 * "Did you mean …" for names a user types (commands, flags, measures, spectrum kinds and keys):
 * the closest known name by edit distance (Damerau–Levenshtein with adjacent transpositions,
 * case-insensitive), offered only when it is close enough to be a plausible typo — at most a third
 * of the name's length (and at least 1) edits away, or a case-only difference — so a word that
 * resembles nothing gets no suggestion rather than a misleading one.
 */

/** Edit distance: insertions, deletions, substitutions and swaps of two adjacent characters each cost 1. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rows suffice for the transposition term.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** The known name closest to `typed`, or undefined when none is a plausible typo of it. */
export function closestName(typed: string, known: Iterable<string>): string | undefined {
  const t = typed.toLowerCase();
  // Names are short (flags, kinds); a long input is not a typo of one of them, and the O(m·n) table stays small.
  if (t.length === 0 || t.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(t, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined || best === typed) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(t.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean X?)` for a message, or '' when nothing is close; `format` renders the name (e.g. with `--`). */
export function didYouMean(typed: string, known: Iterable<string>, format: (name: string) => string = (n) => n): string {
  const best = closestName(typed, known);
  return best === undefined ? '' : ` (did you mean ${format(best)}?)`;
}
