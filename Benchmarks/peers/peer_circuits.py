"""Times peers on OpenQASM circuits: qsim (qsimcirq, complex64, fusion 4) and
Qiskit Aer (statevector, complex128, its default fusion), median of repeats after
a warm-up, with a given thread count. Prints one JSON line per (peer, circuit).

Usage: python peer_circuits.py THREADS REPEATS FILE.qasm...
"""
import json
import sys

from peer_gates import median_time


def qsim_runner(path, threads):
    import cirq
    import qsimcirq
    from cirq.contrib.qasm_import import circuit_from_qasm
    circuit = circuit_from_qasm(open(path).read())
    sim = qsimcirq.QSimSimulator(qsimcirq.QSimOptions(cpu_threads=threads, max_fused_gate_size=4))
    return lambda: sim.simulate(circuit)


def aer_runner(path, threads):
    from qiskit import qasm2, transpile
    from qiskit_aer import AerSimulator
    circuit = qasm2.loads(open(path).read(), custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    circuit.save_statevector()
    sim = AerSimulator(method="statevector", max_parallel_threads=threads)
    compiled = transpile(circuit, sim, optimization_level=0)
    return lambda: sim.run(compiled).result()


def main():
    threads, repeats = int(sys.argv[1]), int(sys.argv[2])
    for path in sys.argv[3:]:
        for name, make in [("qsim", qsim_runner), ("aer", aer_runner)]:
            try:
                seconds = median_time(make(path, threads), repeats)
                print(json.dumps({"peer": name, "circuit": path, "threads": threads, "seconds": seconds}), flush=True)
            except Exception as error:  # a peer that cannot run is reported, not fatal
                print(json.dumps({"peer": name, "circuit": path, "threads": threads, "error": str(error)}), flush=True)


if __name__ == "__main__":
    main()
