#!/usr/bin/env python3
"""Times qnet-bench's noisy density-matrix circuit in Qiskit Aer's
density_matrix method: 3 layers of RX(θ)·RZ(φ) on every qubit and a CX ladder
on 10 qubits, each gate followed by depolarizing noise (Qiskit's
depolarizing_error(p, k): ρ → (1 − p)ρ + p I/2^k, QNet's depolarizing/
depolarizing2). Same angles as Benchmarks/qnet-bench/DensityCases.swift.

  peer_noisy.py --threads 1 --repeats 5 --json out.json
The time includes Aer's state initialisation and returning the final ρ.
"""
import argparse
import json

import qiskit_aer
from qiskit import QuantumCircuit
from qiskit_aer.noise import NoiseModel, depolarizing_error

from peer_gates import median_time


def circuit(n=10, layers=3):
    qc = QuantumCircuit(n)
    for layer in range(layers):
        for q in range(n):
            qc.rx(0.1 * (q + 1) * (layer + 1), q)
            qc.rz(0.2 * (q + 1) + 0.3 * layer, q)
        for q in range(n - 1):
            qc.cx(q, q + 1)
    qc.save_density_matrix()
    return qc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--p", type=float, default=0.01)
    ap.add_argument("--fusion", action="store_true", help="leave Aer's gate fusion on (its default)")
    ap.add_argument("--json")
    args = ap.parse_args()
    noise = NoiseModel()
    noise.add_all_qubit_quantum_error(depolarizing_error(args.p, 1), ["rx", "rz"])
    noise.add_all_qubit_quantum_error(depolarizing_error(args.p, 2), ["cx"])
    sim = qiskit_aer.AerSimulator(method="density_matrix", noise_model=noise, max_parallel_threads=args.threads,
                                  max_parallel_experiments=1, fusion_enable=args.fusion)
    qc = circuit()
    seconds = median_time(lambda: sim.run(qc).result(), args.repeats)
    mode = "fusion on" if args.fusion else "fusion off"
    row = {"peer": f"qiskit-aer {qiskit_aer.__version__} (density_matrix, {mode})", "gate": "noisy-circuit",
           "qubits": 10, "targets": [], "threads": args.threads, "seconds": seconds}
    print(f"{row['peer']}: threads={args.threads} {row['seconds'] * 1e3:.1f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([row], f)


if __name__ == "__main__":
    main()
