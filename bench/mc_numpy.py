#!/usr/bin/env python3
"""numpy/LAPACK reference for bench/mc.mjs (issue 13): the same per-draw work in numpy.

Workload: power law k = 1, d = 256, N = 512, estimated mean; per draw: sample the N × d data
(x = √λ ∘ g in Σ's eigenbasis), form μ̂ and Σ̂ (centred, divided by N), eigh (LAPACK dsyevd),
the per-mode weights c_j = Σ_i λ_i V_ij², m_j = (v_jᵀδμ)², then train/test loss, gap, reference
loss and alignment summed over the 1000 noise levels of the default linear schedule (c = 0),
plus the KL at ε = 1e-3 — the sums of src/montecarlo/empiricalDraw.ts, vectorised over levels.

Run (one BLAS thread for the single-thread figure; this machine may set OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE, which are cleared for this command only):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 bench/mc_numpy.py [draws] [--workers W]
Prints the median ms per phase and per draw as JSON on the last line (bench/mc.mjs reads it).
With --workers W, W warm processes each run draws/W draws (one BLAS thread each); the wall time of
that pool.map per draw is reported (wallPerDraw, the figure comparable with monteCarloParallel's
whole call), and the slowest process's timed loop alone (computeWallPerDraw).
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # must precede the numpy import to count
import numpy as np  # noqa: E402


def setup(d=256):
    lam = 1.0 / np.arange(1, d + 1)
    lam *= d / lam.sum()
    T, b1, bT = 1000, 1e-4, 0.02
    betas = np.linspace(b1, bT, T)
    abar = np.cumprod(1 - betas)
    zeta = (1 - abar) / abar
    return lam, zeta


def one_draw(rng, lam, zeta, N, times):
    d = lam.size
    t0 = time.perf_counter()
    x = rng.standard_normal((N, d)) * np.sqrt(lam)
    t1 = time.perf_counter()
    mu_hat = x.mean(axis=0)
    xc = x - mu_hat
    S = (xc.T @ xc) / N
    t2 = time.perf_counter()
    w, V = np.linalg.eigh(S)
    t3 = time.perf_counter()
    rank = min(d, N - 1)
    w = np.where(np.arange(d) < d - rank, 0.0, np.maximum(w, 0.0))
    c = (V * V).T @ lam  # c_j = Σ_i λ_i V_ij²
    m = (V.T @ (-mu_hat)) ** 2
    # All noise levels at once (c = 0: z = ζ, q = 1), written as a few matrix-vector products
    # over the L × d matrices h = 1/(λ̂ + ζ) and u = 1/(λ + ζ) so numpy does ~4 elementwise passes:
    #   train_l = d − 2ζΣh + ζ²Σh² + ζ Σ λ̂h²,  gap_l = ζ Σ (c − λ̂ + m) h²,
    #   align_l = ζ [Σ (c + m) h² + ζ Σh² − 2Σh + Σ (λ + ζ) u²],  ref_l = Σ (λ² + ζλ) u².
    h = 1.0 / (w[None, :] + zeta[:, None])
    sh = h.sum(axis=1)
    H = (h * h) @ np.stack([np.ones(d), w, c - w + m, c + m], axis=1)
    u = 1.0 / (lam[None, :] + zeta[:, None])
    U = (u * u) @ np.stack([lam, lam * lam], axis=1)
    ginf2 = U[:, 0] + zeta * (u * u).sum(axis=1)
    ref = U[:, 1] + zeta * U[:, 0]
    train = d - 2 * zeta * sh + zeta * zeta * H[:, 0] + zeta * H[:, 1]
    gap = zeta * H[:, 2]
    align = zeta * (H[:, 3] + zeta * H[:, 0] - 2 * sh + ginf2)
    totals = (train.sum(), (train + gap).sum(), gap.sum(), ref.sum(), align.sum())
    e = w + 1e-3
    kl = 0.5 * (((c + m) / e).sum() - d + np.log(e).sum() - np.log(lam).sum())
    t4 = time.perf_counter()
    for k, v in zip(("sample", "covariance", "eigen", "sums"), (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
        times[k].append(1e3 * v)
    times["draw"].append(1e3 * (t4 - t0))
    return totals, kl


def run(draws, seed=1, N=512, warm=3):
    lam, zeta = setup()
    rng = np.random.default_rng(seed)
    times = {k: [] for k in ("sample", "covariance", "eigen", "sums", "draw")}
    for _ in range(warm):  # warm-up
        one_draw(rng, lam, zeta, N, {k: [] for k in times})
    t0 = time.perf_counter()
    for _ in range(draws):
        one_draw(rng, lam, zeta, N, times)
    times["elapsed"] = 1e3 * (time.perf_counter() - t0)
    return times


def main():
    args = sys.argv[1:]
    workers = 1
    if "--workers" in args:
        i = args.index("--workers")
        workers = int(args[i + 1])
        del args[i : i + 2]
    draws = int(args[0]) if args else 30
    if workers == 1:
        times = run(draws)
        med = {k: float(np.median(v)) for k, v in times.items() if k != "elapsed"}
        print(f"numpy {np.__version__}: d=256, N=512, 1000 levels + KL, {draws} draws, median ms per draw:")
        print("  " + ", ".join(f"{k} {v:.1f}" for k, v in med.items()))
        print(json.dumps({"workers": 1, "median": med}))
        return
    from functools import partial
    from multiprocessing import Pool

    per = draws // workers
    with Pool(workers) as pool:
        pool.map(run, [2] * workers)  # warm the workers up
        walls = []
        computes = []
        for _ in range(3):
            # wallPerDraw: the whole pool.map of warm workers, as seen by the caller (what
            # bench/mc.mjs's monteCarloParallel figure is: hand-out, results, the slowest worker);
            # computeWallPerDraw: the slowest process's timed loop alone. Both per draw of the total.
            t0 = time.perf_counter()
            res = pool.map(partial(run, warm=0), [per] * workers)
            walls.append(1e3 * (time.perf_counter() - t0) / (per * workers))
            computes.append(max(t["elapsed"] for t in res) / (per * workers))
    wall = float(np.median(walls))
    compute = float(np.median(computes))
    print(f"numpy {np.__version__}: {workers} processes x {per} draws, median ms per draw: wall {wall:.1f}, slowest process's loop {compute:.1f}")
    print(json.dumps({"workers": workers, "wallPerDraw": wall, "computeWallPerDraw": compute}))


if __name__ == "__main__":
    main()
