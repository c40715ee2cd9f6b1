/**
 * Eigenvalues pasted into the explorer, as people paste them: `3,2,1`, `3 2 1`, one per line,
 * tab-separated, with a header word on the first line (`eigenvalue`, as pandas writes a column),
 * `#` comments, a Python list `[3, 2, 1]` or numpy's `[3. 2. 1.]`. The library's parseEigenvalues
 * reads one value per line or JSON; this turns the other layouts into numbers and names the line
 * and token it refuses. No imports: the page passes the numbers to createSpectrum.
 *
 * Returns `{ json: text }` when the text is a JSON array/object (the library parses it: weights,
 * d) or `{ values: number[] }`.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SEPARATORS = /[\s,;]+/;

export function parseEigenvalueList(text, source = 'pasted eigenvalues') {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let body = text.trim();
  if (body.startsWith('{')) return { json: body };
  if (body.startsWith('[')) {
    if (isJson(body)) return { json: body };
    // numpy's repr ([3. 2. 1.], possibly over several lines) is not JSON: drop the brackets.
    if (!body.endsWith(']')) throw new Error(`${source}: starts with "[" but does not end with "]"`);
    body = body.slice(1, -1);
  }
  const values = [];
  let seenContent = false;
  const lines = body.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].indexOf('#');
    const tokens = (hash < 0 ? lines[i] : lines[i].slice(0, hash)).split(SEPARATORS).filter((t) => t !== '');
    if (tokens.length === 0) continue;
    const numeric = tokens.map((t) => DECIMAL.test(t));
    // A first content line with no number at all is a header (e.g. "eigenvalue" or "lambda").
    if (!seenContent && numeric.every((ok) => !ok)) {
      seenContent = true;
      continue;
    }
    seenContent = true;
    tokens.forEach((t, j) => {
      if (!numeric[j]) throw new Error(`${source} line ${i + 1}: "${t}" is not a number (separate eigenvalues by commas, spaces or new lines)`);
      values.push(Number(t));
    });
  }
  if (values.length === 0) throw new Error(`${source}: no eigenvalues`);
  return { values };
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
