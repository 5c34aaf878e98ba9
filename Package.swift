// swift-tools-version: 6.1
// QNet: a quantum-network simulator. No unsafe compiler flags: SIMD comes from
// per-file target attributes in CKernels and run-time dispatch, so the package
// stays usable as a versioned dependency.
import PackageDescription

let package = Package(
    name: "QNet",
    products: [
        .library(name: "QuantumSim", targets: ["QuantumSim"]),
        .library(name: "QuantumNetwork", targets: ["QuantumNetwork"]),
        .executable(name: "qnet", targets: ["qnet"]),
        .executable(name: "qnet-bench", targets: ["qnet-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "CKernels",
            path: "CKernels",
            publicHeadersPath: "include",
            linkerSettings: [
                .linkedLibrary("openblas"),
                .linkedLibrary("lapacke"),
                .linkedLibrary("pthread"),
            ]
        ),
        .target(
            name: "QuantumSim",
            dependencies: [
                "CKernels",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "QuantumNetwork",
            dependencies: [
                "QuantumSim",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "QNetCommands",
            dependencies: [
                "QuantumNetwork",
                "QuantumSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(name: "qnet", dependencies: ["QNetCommands"]),
        .executableTarget(
            name: "qnet-bench",
            dependencies: [
                "QuantumSim",
                "QuantumNetwork",
                "QNetCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/qnet-bench"
        ),
        .target(
            name: "QuantumSimTestSupport",
            dependencies: [
                "QuantumSim",
                .product(name: "Numerics", package: "swift-numerics"),
            ],
            path: "Tests/QuantumSimTestSupport"
        ),
        .testTarget(
            name: "QuantumSimTests",
            dependencies: ["QuantumSim", "QuantumSimTestSupport", "CKernels"],
            exclude: ["Fixtures"] // read from the source tree by path (see MeasureTests)
        ),
        .testTarget(
            name: "QNetCommandsTests",
            // Depending on the executable makes `swift test` build it: the
            // kill-and-resume test runs the real `qnet` process.
            dependencies: ["QNetCommands", "QuantumNetwork", "qnet"]
        ),
        .testTarget(
            name: "QuantumNetworkTests",
            dependencies: ["QuantumNetwork", "QuantumSim", "QuantumSimTestSupport"]
        ),
    ]
)
