"""Times peers on OpenQASM circuits: qsim (qsimcirq, complex64, fusion 4),
Qiskit Aer (statevector, complex128, its default fusion), Qulacs (complex128,
no fusion) and PennyLane's lightning.qubit (complex128), median of repeats after
a warm-up, with a given thread count. Prints one JSON line per (peer, circuit).

Usage: python peer_circuits.py THREADS REPEATS FILE.qasm...
"""
import json
import os
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


def qiskit_circuit(path, basis):
    """The QASM file through Qiskit, rewritten into `basis` (the gate names the
    peers without a QASM reader of their own understand)."""
    from qiskit import qasm2, transpile
    circuit = qasm2.loads(open(path).read(), custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    return transpile(circuit, basis_gates=basis, optimization_level=0)


def qulacs_runner(path, threads):
    # Qulacs takes its thread count from OpenMP's environment, read when it loads (see main).
    import numpy as np
    from qulacs import QuantumCircuit, QuantumState
    from qulacs.gate import CNOT, H, RotX, RotZ, SWAP, DiagonalMatrix
    source = qiskit_circuit(path, ["rx", "rz", "h", "cx", "p", "swap", "cp"])
    circuit = QuantumCircuit(source.num_qubits)
    index = {q: i for i, q in enumerate(source.qubits)}
    for item in source.data:
        name, qubits, params = item.operation.name, [index[q] for q in item.qubits], item.operation.params
        # Qulacs' rotations are exp(+i θ/2 P): the opposite sign of Qiskit's.
        if name == "rx": circuit.add_gate(RotX(qubits[0], -float(params[0])))
        elif name == "rz": circuit.add_gate(RotZ(qubits[0], -float(params[0])))
        elif name == "h": circuit.add_gate(H(qubits[0]))
        elif name == "cx": circuit.add_gate(CNOT(qubits[0], qubits[1]))
        elif name == "p": circuit.add_gate(DiagonalMatrix([qubits[0]], np.exp(1j * np.array([0, float(params[0])]))))
        elif name == "swap": circuit.add_gate(SWAP(qubits[0], qubits[1]))
        elif name == "cp":  # a diagonal gate: Qulacs' fast path (a controlled U1 takes its general one)
            phase = np.exp(1j * np.array([0, 0, 0, float(params[0])]))
            circuit.add_gate(DiagonalMatrix([qubits[0], qubits[1]], phase))
        else: raise ValueError(f"no Qulacs mapping for {name}")
    def run():
        state = QuantumState(source.num_qubits)
        circuit.update_quantum_state(state)
    return run


def lightning_runner(path, threads):
    import pennylane as qml
    source = qiskit_circuit(path, ["rx", "rz", "h", "cx", "p", "swap", "cp"])
    n = source.num_qubits
    index = {q: i for i, q in enumerate(source.qubits)}
    ops = {"rx": qml.RX, "rz": qml.RZ, "h": qml.Hadamard, "cx": qml.CNOT, "p": qml.PhaseShift,
           "swap": qml.SWAP, "cp": qml.ControlledPhaseShift}
    device = qml.device("lightning.qubit", wires=n)

    @qml.qnode(device)
    def circuit():
        for item in source.data:
            op = ops[item.operation.name]
            op(*[float(p) for p in item.operation.params], wires=[index[q] for q in item.qubits])
        return qml.state()
    return circuit


def main():
    threads, repeats = int(sys.argv[1]), int(sys.argv[2])
    for path in sys.argv[3:]:
        for name, make in [("qsim", qsim_runner), ("aer", aer_runner), ("qulacs", qulacs_runner),
                           ("lightning", lightning_runner)]:
            try:
                seconds = median_time(make(path, threads), repeats)
                print(json.dumps({"peer": name, "circuit": path, "threads": threads, "seconds": seconds}), flush=True)
            except Exception as error:  # a peer that cannot run is reported, not fatal
                print(json.dumps({"peer": name, "circuit": path, "threads": threads, "error": str(error)}), flush=True)


if __name__ == "__main__":
    # OpenMP-threaded peers (Qulacs, lightning) read these when they load.
    os.environ["OMP_NUM_THREADS"] = os.environ["QULACS_NUM_THREADS"] = sys.argv[1]
    main()
