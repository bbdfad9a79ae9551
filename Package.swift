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
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Debian's libopenblas-dev: CBLAS + the LAPACK entry points declared in shim.h.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Debian's libsqlite3-dev: the embedded default store (no package to build in CI).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Debian's libpq-dev: PostgreSQL's client library (COPY in and out).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Debian's zlib1g-dev: gzip-compressed order and side files (.csv.gz) read directly.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Whitespot",
            dependencies: ["COpenBLAS", "CSQLite", "CLibPQ", "CZlib"]
        ),
        .executableTarget(
            name: "whitespot",
            dependencies: [
                "Whitespot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Helpers both test targets share: the binary locator, a deterministic generator, SHA-256.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "WhitespotTests",
            dependencies: ["Whitespot", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["Whitespot", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
