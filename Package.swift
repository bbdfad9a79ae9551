// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Whitespot",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Whitespot", targets: ["Whitespot"]),
        .executable(name: "whitespot", targets: ["whitespot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Debian's libopenblas-dev: CBLAS + the LAPACK entry points declared in shim.h.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Whitespot",
            dependencies: ["COpenBLAS"]
        ),
        .executableTarget(
            name: "whitespot",
            dependencies: [
                "Whitespot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "WhitespotTests", dependencies: ["Whitespot"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Whitespot"]),
    ],
    swiftLanguageModes: [.v5]
)
