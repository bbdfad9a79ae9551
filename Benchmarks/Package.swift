// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "WhitespotBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named so the product resolves whatever the checkout folder is called.
        .package(name: "Whitespot", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "WhitespotBenchmarks",
            dependencies: [
                .product(name: "Whitespot", package: "Whitespot"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WhitespotBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
