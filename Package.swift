// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Ilsa",
    products: [
        .executable(name: "ilsa", targets: ["ilsa"]),
        .library(name: "IlsaLua", targets: ["IlsaLua"]),
        .library(name: "IlsaEngine", targets: ["IlsaEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // Debian's liblua5.4-dev, found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The only C the project writes: macro shims, the trampoline, the budgeted allocator,
        // the interrupt hook and watchdog, coroutine pass-through, bounded string functions.
        .target(name: "CLuaShims", dependencies: ["CLua"]),
        .target(name: "IlsaLua", dependencies: ["CLua", "CLuaShims"], swiftSettings: swiftSettings),
        // The domain (roster, tasks, escalations, runs), the store and the durable runtime.
        .target(
            name: "IlsaEngine",
            dependencies: ["IlsaLua", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // What people see in a terminal: display widths of Korean text, aligned tables, colour.
        .target(name: "IlsaTerminal", swiftSettings: swiftSettings),
        // The prompt's logic (lua.c's reading, pretty printing, completion, commands), no terminal code.
        .target(name: "IlsaREPL", dependencies: ["IlsaLua", "IlsaEngine", "IlsaTerminal"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "ilsa",
            dependencies: [
                "IlsaLua",
                "IlsaEngine",
                "IlsaTerminal",
                "IlsaREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fuzzing the conversions and the readers of untrusted files: scripts/fuzz builds it with
        // libFuzzer; a plain build replays inputs (ilsa-fuzz FILE...).
        .executableTarget(name: "ilsa-fuzz", dependencies: ["IlsaLua", "IlsaEngine"], swiftSettings: swiftSettings),
        .target(name: "IlsaBenchC", dependencies: ["CLua"]),
        .executableTarget(
            name: "ilsa-bench",
            dependencies: ["IlsaLua", "IlsaEngine", "CLua", "CLuaShims", "IlsaBenchC"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IlsaLuaTests", dependencies: ["IlsaLua", "CLua", "CLuaShims"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IlsaEngineTests",
            dependencies: ["IlsaEngine", "IlsaLua", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IlsaTerminalTests", dependencies: ["IlsaTerminal"], swiftSettings: swiftSettings),
        .testTarget(name: "IlsaREPLTests", dependencies: ["IlsaREPL", "IlsaEngine"], swiftSettings: swiftSettings),
        .testTarget(name: "IlsaCLITests", dependencies: [], swiftSettings: swiftSettings),
    ]
)
