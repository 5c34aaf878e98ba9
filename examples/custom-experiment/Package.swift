// swift-tools-version: 6.1
// An executable that is `qnet` plus one experiment of its own: it sweeps,
// resumes, shards and plots the new protocol as qnet does its own.
import PackageDescription

let package = Package(
    name: "CustomExperiment",
    dependencies: [
        // In your own package: .package(url: "https://github.com/…/qnet", from: "0.4.0")
        .package(name: "QNet", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "my-qnet",
            dependencies: [
                .product(name: "QNetJobs", package: "QNet"),
                .product(name: "QuantumNetwork", package: "QNet"),
            ]
        ),
    ]
)
