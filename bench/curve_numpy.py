#!/usr/bin/env python3
"""Vectorised numpy implementation of the main job (W1), for comparison with bench/curve.mjs.

The test loss summed over the 1000 steps of the linear schedule (beta 1e-4 -> 2e-2), model
ensemble with estimated mean (n = N - 1, ridge r*zeta_t, r = N/(N-1)), power law k = 1 with
trace d, for a log grid of N. Same equations as the package (docs/theory.md sections 2, 3, 4;
src/predictions/lossSums/lossMeasures.ts), on the exact spectrum:

- all T noise levels of one N are solved at once by safeguarded Newton in u = log kappa,
  vectorised over the levels still unconverged;
- every sum over the d eigenvalues is a matrix product of a few weight rows (lambda^p) with the
  matrix R = 1/(lambda_i + kappa_t) and R**2, built in blocks of eigenvalues sized for the cache;
- the test loss needs only df1 and V = sum lambda R^2 at the solved kappa, which the last Newton
  pass already has (no separate loss pass);
- kappa at the next N starts from the first-order predictor du = [(n/k) dw - (delta/k) dn]/psi_u.

Usage: python3 bench/curve_numpy.py [--d 4096] [--count 40] [--lo 64] [--hi 65536] [--repeats 5]
Prints one JSON line: {"d", "Ns", "testLoss", "median_s" (wall), "median_cpu_s" (all threads),
"times_s", "newton_iterations", "numpy"}.
"""
import argparse
import json
import time

import numpy as np

BLOCK_BYTES = 1 << 19  # one block of R (and its products) stays in L2


def power_law(d, k=1.0):
    nu = np.arange(1, d + 1, dtype=np.float64)
    lam = np.exp(-k * np.log(nu))
    return lam * (d / lam.sum())


def linear_schedule(T=1000, b1=1e-4, bT=2e-2):
    beta = b1 + (bT - b1) * np.arange(T) / (T - 1)
    return np.cumprod(1.0 - beta)


def log_grid(lo, hi, count):
    out = []
    for i in range(count):
        f = 0.0 if count == 1 else i / (count - 1)
        v = int(round(lo * (hi / lo) ** f))
        if v not in out:
            out.append(v)
    return out


class Sums:
    """Blocked matrix products: rows of weights times functions of 1/(lambda + kappa)."""

    def __init__(self, lam, T):
        self.lam = lam
        self.block = max(8, BLOCK_BYTES // (8 * max(T, 1)))
        # Weight rows w lam^p (weights are 1 for the power law: one row per power).
        self.P = np.vstack([lam**p for p in range(4)])

    def kappa_sums(self, kappa):
        """s = kappa sum R, df1 = sum lam R, kappa s' = kappa sum lam R^2."""
        a = np.zeros((2, kappa.size))
        b = np.zeros(kappa.size)
        for i in range(0, self.lam.size, self.block):
            lb = self.lam[i:i + self.block]
            R = 1.0 / (lb[:, None] + kappa[None, :])
            a += self.P[0:2, i:i + self.block] @ R
            b += self.P[1, i:i + self.block] @ (R * R)
        return kappa * a[0], a[1], kappa * b


def solve_kappa(S, d, trace, trace_inv, n, w, guess, tol=1e-14, max_it=100):
    """Safeguarded Newton in u = log kappa for all levels at once (docs/theory.md section 2)."""
    lo = np.zeros_like(w)
    if d > n:
        lo = np.maximum(lo, (d - n) / trace_inv - w) * (1 - 1e-10)
    hi = np.full_like(w, trace / n)
    if n > d:
        hi = np.minimum(hi, w * d / (n - d))
    hi *= 1 + 1e-10
    lo = np.maximum(lo, 0.0)
    delta = guess - w
    bad = ~((delta > lo) & (delta < hi))
    delta[bad] = np.sqrt((w[bad] + lo[bad]) * (w[bad] + hi[bad])) - w[bad]
    kappa = w + delta
    psi_u = np.ones_like(w)
    df1_at = np.zeros_like(w)
    v_at = np.zeros_like(w)
    active = np.arange(w.size)
    iterations = 0
    for _ in range(max_it):
        if active.size == 0:
            break
        iterations += 1
        k = w[active] + delta[active]
        s, df1, ksp = S.kappa_sums(k)
        nwk = n * w[active] / k
        form_b = df1 <= s
        psi = np.where(form_b, n * delta[active] / k - df1, (n - d) + s - nwk)
        pu = ksp + nwk
        kappa[active] = k
        psi_u[active] = pu
        # The last pass of each level is at the returned kappa: its df1 and V = sum lam R^2
        # are what the test loss needs, so no extra pass (the package fuses it the same way).
        df1_at[active] = df1
        v_at[active] = ksp / k
        lo[active] = np.where(psi < 0, delta[active], lo[active])
        hi[active] = np.where(psi > 0, delta[active], hi[active])
        h = -psi / pu
        inc = k * np.expm1(h)
        done = (psi == 0) | np.where(form_b, np.abs(inc) <= tol * delta[active], np.abs(h) <= tol)
        done |= (hi[active] - lo[active]) <= 4 * 2.220446049250313e-16 * hi[active]
        nxt = delta[active] + inc
        out = ~((nxt > lo[active]) & (nxt < hi[active]))
        bis = np.sqrt((w[active] + lo[active]) * (w[active] + hi[active])) - w[active]
        delta[active] = np.where(done, delta[active], np.where(out, bis, nxt))
        active = active[~done]
    return kappa, psi_u, df1_at, v_at, iterations


def run(lam, zeta, Ns):
    d = lam.size
    trace, trace_inv = lam.sum(), (1.0 / lam).sum()
    S = Sums(lam, zeta.size)
    z = zeta  # c = 0
    totals = []
    its = 0
    prev = None
    for N in Ns:
        n, r = N - 1.0, N / (N - 1.0)
        w = r * z
        if prev is None:
            s2 = trace / d
            q = d / n
            b = w + s2 * (q - 1)
            root = np.sqrt(b * b + 4 * w * s2)
            guess = np.where(b >= 0, 0.5 * (b + root), 2 * w * s2 / (root - b))
        else:
            pk, pn, pw, ppu = prev
            du = ((n / pk) * (w - pw) - ((pk - pw) / pk) * (n - pn)) / ppu
            guess = pk * np.exp(np.clip(du, -20, 20))
        kappa, psi_u, df1, V, it = solve_kappa(S, d, trace, trace_inv, n, w, guess)
        its += it
        prev = (kappa, n, w, psi_u)
        dk = n / psi_u
        # lossMeasures.ts with c = 0 (cEff = 0), estimated mean (meanFactor 1/N).
        rho = kappa / w
        r2 = r * r
        tr_sigma_g2 = r2 * rho * rho * dk * V
        gap_core = r2 * ((rho * (rho + 1) * dk * V * df1) / n) + r * (1.0 / (N - 1.0)) * dk * V
        gap = zeta * (gap_core + (1.0 / N) * tr_sigma_g2)
        train = df1  # T0 = df1 when c = 0
        totals.append(float(np.sum(train + gap)))
    return totals, its


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--d', type=int, default=4096)
    p.add_argument('--count', type=int, default=40)
    p.add_argument('--lo', type=float, default=64)
    p.add_argument('--hi', type=float, default=65536)
    p.add_argument('--repeats', type=int, default=5)
    a = p.parse_args()
    lam = power_law(a.d)
    ab = linear_schedule()
    zeta = (1.0 - ab) / ab
    Ns = log_grid(a.lo, a.hi, a.count)
    times = []
    cpu = []
    result = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        result = run(lam, zeta, Ns)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({
        'd': a.d,
        'Ns': Ns,
        'testLoss': result[0],
        'median_s': float(np.median(times)),
        'median_cpu_s': float(np.median(cpu)),
        'times_s': times,
        'newton_iterations': result[1],
        'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
