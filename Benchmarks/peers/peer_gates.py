#!/usr/bin/env python3
"""Times single gate applications in peer simulators, for side-by-side
comparison with qnet-bench (same gates, same qubits, same machine, same run).

  peer_gates.py --qubits 24 --threads 1 --repeats 7 --json out.json

Qulacs: gate.update_quantum_state on a QuantumState (no fusion).
Qiskit Aer (statevector, fusion off): the per-gate time is the difference of
a circuit with 20 copies of the gate and an empty one, divided by 20, so the
state allocation and result handling are not counted.
Each figure is the median over the repeats after a warm-up.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

# The gates of qnet-bench's GateCase list that peers can express directly.
CASES = [
    ("dense1", [0]), ("dense1", [1]), ("dense1", [2]), ("dense1", "mid"), ("dense1", "high"),
    ("rz", [0]), ("rz", "mid"), ("rz", "high"),
    ("cx", "low,high"), ("cx", "high,low"), ("cx", "mid,mid+1"),
    ("cz", "mid,mid+1"),
    ("dense2", "mid,high"),
]


def u_gate(theta, phi, lam):
    """OpenQASM's U(θ, φ, λ), the matrix of qnet-bench's dense1 gate u(0.7, 1.3, −0.4)."""
    c, s_ = np.cos(theta / 2), np.sin(theta / 2)
    return np.array([[c, -np.exp(1j * lam) * s_], [np.exp(1j * phi) * s_, np.exp(1j * (phi + lam)) * c]])


U1 = u_gate(0.7, 1.3, -0.4)
U2 = np.array([[0.8, 0, 0, 0.6j], [0, 0.8j, 0.6, 0], [0, 0.6, 0.8j, 0], [0.6j, 0, 0, 0.8]])


def resolve(spec, n):
    if isinstance(spec, list):
        return spec
    names = {"low": 0, "mid": n // 2, "mid+1": n // 2 + 1, "high": n - 1}
    return [names[s] for s in spec.split(",")]


def median_time(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def qulacs_rows(n, threads, repeats):
    os.environ["QULACS_NUM_THREADS"] = str(threads)
    import qulacs
    from qulacs.gate import CNOT, CZ, RZ, DenseMatrix
    state = qulacs.QuantumState(n)
    rows = []
    for gate, spec in CASES:
        q = resolve(spec, n)
        g = {"dense1": lambda: DenseMatrix(q[0], U1), "rz": lambda: RZ(q[0], 0.3),
             "cx": lambda: CNOT(q[0], q[1]), "cz": lambda: CZ(q[0], q[1]),
             "dense2": lambda: DenseMatrix(q, U2)}[gate]()
        s = median_time(lambda: g.update_quantum_state(state), repeats)
        rows.append({"peer": "qulacs " + qulacs.__version__ if hasattr(qulacs, "__version__") else "qulacs",
                     "gate": gate, "qubits": n, "targets": q, "threads": threads, "seconds": s})
    return rows


def aer_rows(n, threads, repeats):
    import qiskit_aer
    from qiskit import QuantumCircuit
    from qiskit.circuit.library import UnitaryGate
    sim = qiskit_aer.AerSimulator(method="statevector", fusion_enable=False, max_parallel_threads=threads,
                                  max_parallel_experiments=1, statevector_parallel_threshold=14)
    copies = 20
    rows = []

    def timed(circuit):
        circuit.save_state()
        compiled = circuit  # only native gates: no transpilation needed
        return median_time(lambda: sim.run(compiled, shots=1).result(), repeats)

    empty = timed(QuantumCircuit(n))
    for gate, spec in CASES:
        q = resolve(spec, n)
        qc = QuantumCircuit(n)
        for _ in range(copies):
            if gate == "dense1":
                qc.append(UnitaryGate(U1), [q[0]])
            elif gate == "rz":
                qc.rz(0.3, q[0])
            elif gate == "cx":
                qc.cx(q[0], q[1])
            elif gate == "cz":
                qc.cz(q[0], q[1])
            else:
                qc.append(UnitaryGate(U2), q)
        s = (timed(qc) - empty) / copies
        rows.append({"peer": "qiskit-aer " + qiskit_aer.__version__, "gate": gate, "qubits": n, "targets": q,
                     "threads": threads, "seconds": s})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qubits", type=int, default=24)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--json")
    args = ap.parse_args()
    if not 4 <= args.qubits <= 30:
        sys.exit(f"--qubits {args.qubits} is out of range: expected 4..30")
    rows = qulacs_rows(args.qubits, args.threads, args.repeats) + aer_rows(args.qubits, args.threads, args.repeats)
    for r in rows:
        print(f"{r['peer']:<20} {r['gate']:<8} {','.join(map(str, r['targets'])):<8} "
              f"threads={r['threads']} {r['seconds'] * 1e3:9.3f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
