"""QNet beside its peers on OpenQASM circuits, in one run: `qnet simulate` and
the peers of peer_circuits.py (qsim, Qiskit Aer, Qulacs, lightning.qubit), each
with 1 thread and with all cores, median of repeats after a warm-up; prints a
table of times and peer/QNet ratios (QNet in complex128 and in complex64)
and writes the raw figures as JSON lines. With --check FILE it first checks
that QNet's (fused) state of FILE matches Qiskit Aer's to 1e-10 in complex128
and to 1e-5 in complex64.

Usage: python compare_circuits.py --qnet PATH [--repeats 3] [--check FILE]
                                  [--out FILE.jsonl] FILE.qasm...
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def qnet_seconds(qnet, path, threads, repeats, single=False):
    """Median of `repeats` runs of `qnet simulate` after one warm-up; each
    figure is the simulation time QNet reports (fusion, gates and reading the
    probabilities; parsing excluded, as for the peers)."""
    times = []
    for _ in range(repeats + 1):
        out = subprocess.run([qnet, "simulate", path, "--output", "probabilities", "--top", "1",
                              "--format", "json", "--threads", str(threads)] + (["--single"] if single else []),
                             check=True, capture_output=True, text=True).stdout
        times.append(json.loads(out)["seconds"])
    return statistics.median(times[1:])


def peer_seconds(path, threads, repeats):
    """{peer: seconds or None} from peer_circuits.py in a process of its own
    (thread counts are read from the environment when the peers load)."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "peer_circuits.py"), str(threads), str(repeats), path],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {r["peer"]: r.get("seconds") for r in rows}, rows


def check_state(qnet, path, single=False):
    import numpy as np
    from qiskit import qasm2, transpile
    from qiskit_aer import AerSimulator
    out = subprocess.run([qnet, "simulate", path, "--output", "amplitudes", "--top", "0", "--precision", "17",
                          "--format", "json"] + (["--single"] if single else []),
                         check=True, capture_output=True, text=True).stdout
    amplitudes = json.loads(out)["amplitudes"]
    circuit = qasm2.loads(open(path).read(), custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    circuit.save_statevector()
    sim = AerSimulator(method="statevector")
    aer = np.asarray(sim.run(transpile(circuit, sim, optimization_level=0)).result().get_statevector())
    ours = np.zeros(len(aer), dtype=complex)
    for bits, (re, im) in amplitudes.items():
        ours[int(bits, 2)] = re + 1j * im
    difference = float(np.max(np.abs(ours - aer)))
    required = 1e-5 if single else 1e-10
    print(f"state check: QNet's fused {'complex64' if single else 'complex128'} state of {os.path.basename(path)} "
          f"against Qiskit Aer's: max |Δamplitude| = {difference:.2e} (required < {required:g})")
    return difference < required


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qnet", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--check")
    parser.add_argument("--out")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    ok = all(check_state(args.qnet, args.check, single) for single in (False, True)) if args.check else True
    peers = ["qsim", "aer", "qulacs", "lightning"]
    raw = open(args.out, "w") if args.out else None
    table = []
    for threads in sorted({1, os.cpu_count() or 1}):
        for path in args.files:
            ours = qnet_seconds(args.qnet, path, threads, args.repeats)
            ours64 = qnet_seconds(args.qnet, path, threads, args.repeats, single=True)
            theirs, rows = peer_seconds(path, threads, args.repeats)
            if raw:
                raw.write(json.dumps({"peer": "qnet", "circuit": path, "threads": threads, "seconds": ours}) + "\n")
                raw.write(json.dumps({"peer": "qnet-complex64", "circuit": path, "threads": threads,
                                      "seconds": ours64}) + "\n")
                for r in rows: raw.write(json.dumps(r) + "\n")
                raw.flush()
            table.append((os.path.basename(path), threads, ours, ours64, [theirs.get(p) for p in peers]))
    print()
    print(f"{'circuit':<16}{'threads':>8}{'QNet s':>10}{'QNet64 s':>10}"
          + "".join(f"{p + ' s':>13}{p + '/QNet':>15}{p + '/QNet64':>17}" for p in peers))
    for name, threads, ours, ours64, theirs in table:
        cells = "".join(f"{t:>13.3f}{t / ours:>15.2f}{t / ours64:>17.2f}" if t else f"{'—':>13}{'—':>15}{'—':>17}"
                        for t in theirs)
        print(f"{name:<16}{threads:>8}{ours:>10.3f}{ours64:>10.3f}" + cells)
    print(f"\n(median of {args.repeats} after a warm-up; QNet with its defaults: fusion 4, cache blocking 16, "
          "complex128 (QNet) and complex64 (QNet64, --single); qsim complex64, fusion 4; Aer complex128, its fusion; "
          "Qulacs and lightning complex128, no fusion)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
