#!/usr/bin/env python3
"""Times the squared Uhlmann fidelity of two 10-qubit mixed states in
NumPy/SciPy, for comparison with qnet-bench's `fidelity` row (one thread).
Two ways: the textbook (Tr sqrtm(sqrtm(ρ) σ sqrtm(ρ)))² with scipy.linalg.sqrtm,
and QNet's method (eigh square roots, then the singular values of √ρ √σ).
Random full-rank states (timing does not depend on the values).

  OPENBLAS_NUM_THREADS=1 peer_fidelity.py --repeats 3 --json out.json
"""
import argparse
import json

import numpy as np
import scipy
import scipy.linalg

from peer_gates import median_time


def random_density(d, rng):
    g = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    r = g @ g.conj().T
    return r / np.trace(r).real


def psd_sqrt(a):
    w, v = np.linalg.eigh(a)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.conj().T


def textbook(a, b):
    s = scipy.linalg.sqrtm(a)
    return np.real(np.trace(scipy.linalg.sqrtm(s @ b @ s))) ** 2


def svd_form(a, b):
    return np.linalg.svd(psd_sqrt(a) @ psd_sqrt(b), compute_uv=False).sum() ** 2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    a, b = random_density(1024, rng), random_density(1024, rng)
    rows = []
    for name, fn in [("scipy sqrtm", textbook), ("numpy eigh+svd", svd_form)]:
        seconds = median_time(lambda: fn(a, b), args.repeats)
        rows.append({"peer": f"{name} (numpy {np.__version__}, scipy {scipy.__version__})", "gate": "fidelity",
                     "qubits": 10, "targets": [], "threads": 1, "seconds": seconds})
        print(f"{rows[-1]['peer']}: {rows[-1]['seconds'] * 1e3:.0f} ms")
    try:
        from threadpoolctl import threadpool_info
        print([(i.get("internal_api"), i.get("architecture"), i.get("num_threads")) for i in threadpool_info()])
    except ImportError:
        pass
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f)


if __name__ == "__main__":
    main()
