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
        .library(name: "QuantumSimMPI", targets: ["QuantumSimMPI"]),
        // The job runner as a library: register your own experiments and get
        // what `qnet run` gives (examples/custom-experiment shows how).
        .library(name: "QNetJobs", targets: ["QNetJobs"]),
        .executable(name: "qnet", targets: ["qnet"]),
        .executable(name: "qnet-bench", targets: ["qnet-bench"]),
    ],
    // MPI is opt-in: `swift build --traits MPI` links the MPI library
    // (pkg-config `mpi-c`; Debian: libopenmpi-dev). The default build needs
    // no MPI, and QuantumSimMPI then reports that it was built without it.
    traits: [
        .trait(name: "MPI", description: "Distributed state vectors and jobs over MPI (QuantumSimMPI)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
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
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .systemLibrary(name: "CMPI", pkgConfig: "mpi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        .target(
            name: "QuantumSimMPI",
            dependencies: [
                "QuantumSim",
                .target(name: "CMPI", condition: .when(traits: ["MPI"])),
            ]
        ),
        .target(
            name: "QuantumNetwork",
            dependencies: [
                "QuantumSim",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "QNetJobs",
            dependencies: [
                "QuantumNetwork",
                "QuantumSim",
                "QuantumSimMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(name: "qnet", dependencies: ["QNetJobs"]),
        .executableTarget(
            name: "qnet-bench",
            dependencies: [
                "QuantumSim",
                "QuantumNetwork",
                "QNetJobs",
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
        // Run under mpirun by scripts/test-mpi: the distributed checks over MPI.
        .executableTarget(
            name: "qnet-mpi-check",
            dependencies: ["QuantumSim", "QuantumSimMPI", "QuantumSimTestSupport"],
            path: "Tests/qnet-mpi-check"
        ),
        .testTarget(
            name: "QuantumSimTests",
            dependencies: ["QuantumSim", "QuantumSimMPI", "QuantumSimTestSupport", "CKernels"],
            exclude: ["Fixtures"] // read from the source tree by path (see MeasureTests)
        ),
        .testTarget(
            name: "QNetJobsTests",
            // Depending on the executable makes `swift test` build it: the
            // kill-and-resume test runs the real `qnet` process.
            dependencies: ["QNetJobs", "QuantumNetwork", "QuantumSim", "QuantumSimMPI", "qnet"],
            exclude: ["Fixtures"] // read from the source tree by path (NetworkFileTests)
        ),
        .testTarget(
            name: "QuantumNetworkTests",
            dependencies: ["QuantumNetwork", "QuantumSim", "QuantumSimTestSupport"]
        ),
    ]
)
