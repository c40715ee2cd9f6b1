/**
 * The model options the explorer offers, declared once: each becomes a control in the "Model"
 * box and a field of the options object passed to BOTH the theory (lossCurve) and the Monte
 * Carlo (monteCarlo, in the worker). To offer a new prediction option, add one entry here (as
 * the finite-size order below).
 *
 * `theoryOnly: true` keeps an option out of the Monte Carlo options (the real model has no
 * such knob); `type` is 'select', 'number' or 'checkbox'.
 */
export const MODEL_OPTIONS = [
  { key: 'mean', label: 'mean', type: 'select', choices: ['estimated', 'known'], value: 'estimated', help: 'the model estimates the mean (n = N − 1) or knows it (n = N)' },
  { key: 'c', label: 'regularisation c', type: 'number', value: 0, min: 0, help: 'c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI' },
  { key: 'perDimension', label: 'per dimension', type: 'checkbox', value: false, help: 'divide every measure by d' },
  { key: 'finiteSize', label: 'finite-size correction', type: 'select', choices: ['first-order', 'none'], value: 'first-order', theoryOnly: true, help: 'first-order finite-d correction (docs/theory.md §6) or the d → ∞ theory' },
];

/** The measures a curve can show, in the CLI's order (curve --measure). */
export const MEASURES = [
  { key: 'testLoss', label: 'test loss', checked: true },
  { key: 'trainLoss', label: 'train loss', checked: true },
  { key: 'gap', label: 'gap', checked: true },
  { key: 'alignment', label: 'alignment', checked: false },
  { key: 'referenceLoss', label: 'reference loss', checked: false },
  { key: 'kl', label: 'KL', checked: false },
];

/** Render the option controls into a container (ids: opt-<key>). */
export function renderOptions(container, options = MODEL_OPTIONS) {
  for (const o of options) {
    const label = document.createElement('label');
    label.title = o.help ?? '';
    let input;
    if (o.type === 'select') {
      input = document.createElement('select');
      for (const c of o.choices) input.append(new Option(c, c, c === o.value, c === o.value));
      label.append(`${o.label} `, input);
    } else if (o.type === 'checkbox') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = Boolean(o.value);
      label.className = 'checkbox';
      label.append(input, ` ${o.label}`);
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = 'any';
      if (o.min !== undefined) input.min = String(o.min);
      input.value = String(o.value);
      label.append(`${o.label} `, input);
    }
    input.id = `opt-${o.key}`;
    container.append(label);
  }
}

/** Read the option controls: { theory, monteCarlo } option objects. */
export function readOptions(options = MODEL_OPTIONS) {
  const theory = {};
  const monteCarlo = {};
  for (const o of options) {
    const input = document.getElementById(`opt-${o.key}`);
    let v;
    if (o.type === 'checkbox') v = input.checked;
    else if (o.type === 'number') {
      v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) throw new Error(`${o.label}: not a number`);
    } else v = input.value;
    theory[o.key] = v;
    if (!o.theoryOnly) monteCarlo[o.key] = v;
  }
  return { theory, monteCarlo };
}
