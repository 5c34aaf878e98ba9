// Complex numbers are part of QuantumSim's API (amplitudes, gate matrices):
// re-export swift-numerics' Complex so `import QuantumSim` is enough.
@_exported import ComplexModule
