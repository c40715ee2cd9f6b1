#!/usr/bin/env python3
"""numpy/LAPACK peer of bench/eigen.mjs (issue 23): one eigendecomposition and one Monte Carlo draw.

Runs as a warm server: bench/eigen.mjs starts it once and sends one request per line, so that
the two sides' rounds alternate back to back under the same machine load.
    eig D SEED        -> values + vectors of a d × d GOE matrix (np.linalg.eigh = LAPACK dsyevd)
    draw D N SEED     -> one draw of src/montecarlo/empiricalDraw.ts with sampling 'wishart':
                         Σ̂ = L Lᵀ/N from a Bartlett factor (n = N − 1, estimated mean), μ̂ − μ ~ N(0, Σ/N),
                         eigh, c_j = Σ_i λ_i V_ij², m_j = (v_jᵀδμ)², losses over the 1000 levels of the
                         default linear schedule (c = 0) and the KL at ε = 1e-3
Each answer is one JSON line {"wall": ms, "cpu": ms}. A line "info" answers with the BLAS in use.

Run it single-threaded, and on this machine without the OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
overrides (they select an older, slower kernel; cleared for this process only):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 bench/eigen_numpy.py
(bench/eigen.mjs does this itself).
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # must precede the numpy import to count
import numpy as np  # noqa: E402


def goe(d, seed):
    g = np.random.default_rng(seed).standard_normal((d, d))
    return (g + g.T) / 2


def levels():
    T, b1, bT = 1000, 1e-4, 0.02
    abar = np.cumprod(1 - np.linspace(b1, bT, T))
    return (1 - abar) / abar


def power_law(d):
    lam = 1.0 / np.arange(1, d + 1)
    return lam * (d / lam.sum())


def draw(d, N, seed, zeta):
    rng = np.random.default_rng(seed)
    lam = power_law(d)
    n = N - 1
    # Bartlett factor of W_d(I, n): normals below the diagonal (columns < n), √χ²_{n−i} on it.
    A = np.tril(rng.standard_normal((d, d)), -1)
    if n < d:
        A[:, n:] = 0
    k = min(n, d)
    A[np.arange(k), np.arange(k)] = np.sqrt(rng.chisquare(n - np.arange(k)))
    L = np.sqrt(lam)[:, None] * A
    S = (L @ L.T) / N
    dmu = np.sqrt(lam / N) * rng.standard_normal(d)
    w, V = np.linalg.eigh(S)
    rank = min(d, n)
    w = np.where(np.arange(d) < d - rank, 0.0, np.maximum(w, 0.0))
    c = (V * V).T @ lam
    m = (V.T @ dmu) ** 2
    h = 1.0 / (w[None, :] + zeta[:, None])
    sh = h.sum(axis=1)
    H = (h * h) @ np.stack([np.ones(d), w, c - w + m, c + m], axis=1)
    u = 1.0 / (lam[None, :] + zeta[:, None])
    U = (u * u) @ np.stack([lam, lam * lam], axis=1)
    ginf2 = U[:, 0] + zeta * (u * u).sum(axis=1)
    train = d - 2 * zeta * sh + zeta * zeta * H[:, 0] + zeta * H[:, 1]
    gap = zeta * H[:, 2]
    align = zeta * (H[:, 3] + zeta * H[:, 0] - 2 * sh + ginf2)
    e = w + 1e-3
    kl = 0.5 * (((c + m) / e).sum() - d + np.log(e).sum() - np.log(lam).sum())
    return train.sum() + gap.sum() + align.sum() + kl


def main():
    zeta = levels()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "info":
            try:
                from threadpoolctl import threadpool_info

                info = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")} for i in threadpool_info()]
            except ImportError:
                info = "threadpoolctl missing"
            print(json.dumps({"numpy": np.__version__, "blas": info}), flush=True)
            continue
        if parts[0] == "eig":
            d, seed = int(parts[1]), int(parts[2])
            a = goe(d, seed)
            job = lambda: np.linalg.eigh(a)  # noqa: E731
        else:
            d, N, seed = int(parts[1]), int(parts[2]), int(parts[3])
            job = lambda: draw(d, N, seed, zeta)  # noqa: E731
        c0, w0 = time.process_time(), time.perf_counter()
        job()
        print(json.dumps({"wall": 1e3 * (time.perf_counter() - w0), "cpu": 1e3 * (time.process_time() - c0)}), flush=True)


if __name__ == "__main__":
    main()
