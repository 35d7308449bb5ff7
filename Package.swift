// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "GraphGrad",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "graphgrad", targets: ["graphgrad"]),
        .library(name: "GraphModel", targets: ["GraphModel"]),
        .library(name: "GraphIO", targets: ["GraphIO"]),
        .library(name: "Gradients", targets: ["Gradients"]),
        .library(name: "Executor", targets: ["Executor"]),
        .library(name: "GradCheck", targets: ["GradCheck"]),
        .library(name: "GraphDiff", targets: ["GraphDiff"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    ],
    targets: [
        // Layer 1: C interop.
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CGraphDefProto", dependencies: ["CProtobufC"]),
        // The C allocator's knobs the CLI turns (glibc's mallopt, madvise).
        .target(name: "CHeap"),
        // The value types every layer above shares.
        .target(name: "GraphModel"),
        // Layer 2: the only Swift module that touches protobuf-c pointers.
        .target(name: "GraphIO", dependencies: ["GraphModel", "CGraphDefProto", "CProtobufC"]),
        // Layer 3: topology, naming, shapes, op catalog.
        .target(name: "GraphCore", dependencies: ["GraphModel"]),
        // Layer 4: features.
        .target(name: "Gradients", dependencies: ["GraphCore", "GraphModel"]),
        .target(name: "NumpyIO", dependencies: ["GraphModel", "CZlib"]),
        .target(name: "Executor", dependencies: ["GraphCore", "GraphModel"]),
        .target(name: "GradCheck", dependencies: ["Executor", "Gradients", "GraphCore", "GraphModel"]),
        .target(name: "GraphDiff", dependencies: ["GraphCore", "GraphModel"]),
        // Layer 5: the thin CLI.
        .executableTarget(
            name: "graphgrad",
            dependencies: [
                "CHeap", "GraphIO", "GraphCore", "Gradients", "GraphModel", "NumpyIO", "Executor", "GradCheck", "GraphDiff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "_TestSupport", dependencies: ["GraphIO", "GraphModel", "Gradients"], path: "Tests/_TestSupport"),
        .testTarget(name: "GraphIOTests", dependencies: ["GraphIO", "GraphModel", "_TestSupport"]),
        .testTarget(name: "GradientsTests", dependencies: ["Gradients", "GraphCore", "GraphIO", "GraphModel", "_TestSupport"]),
        .testTarget(name: "ExecutorTests", dependencies: ["Executor", "NumpyIO", "GradCheck", "Gradients", "GraphCore", "GraphIO", "GraphModel", "_TestSupport"]),
        .testTarget(name: "GraphDiffTests", dependencies: ["GraphDiff", "GraphIO", "GraphModel", "Gradients", "_TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GraphIO", "_TestSupport"]),
        .testTarget(name: "GradCheckTests", dependencies: ["GradCheck", "Executor", "NumpyIO", "Gradients", "GraphCore", "GraphIO", "GraphModel", "_TestSupport"]),
    ]
)
