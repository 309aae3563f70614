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
        // Passwords: bcrypt from Hummingbird's auth package (the server, issue 15, uses the rest).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // API tokens are kept as SHA-256 of their secret.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        // ilsa serve: the HTTP API, the live change stream and the board (decision 0006).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        // The store for several machines: PostgreSQL's wire protocol on SwiftNIO (decision 0007).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // What a run is made of and the store keeps: the typed history, ids, run records, read
        // models; the store protocol, the in-memory store. No Lua runs here, no SQLite is linked.
        .target(
            name: "IlsaStore", dependencies: ["IlsaLua", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        // The embedded store: one SQLite file, through GRDB.
        .target(
            name: "IlsaStoreSQLite",
            dependencies: [
                "IlsaStore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the hook that moves checkpoints off the writes' path.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The store for several machines: one PostgreSQL database, leases on runs, change notices.
        .target(
            name: "IlsaStorePostgres",
            dependencies: [
                "IlsaStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The durable runtime: roster, playbooks, plugins, clock, the engine and its Lua bindings.
        .target(name: "IlsaEngine", dependencies: ["IlsaLua", "IlsaStore"], swiftSettings: swiftSettings),
        // The Lua API's registry: one description of every ilsa.* function, for docs, LuaLS and help.
        .target(name: "IlsaAPI", dependencies: ["IlsaEngine"], swiftSettings: swiftSettings),
        // Delivering what hooks queued in the store's outbox: outbox files, webhooks, retries.
        .target(name: "IlsaEffects", dependencies: ["IlsaStore"], swiftSettings: swiftSettings),
        // Who may do what: accounts' passwords and tokens, and what a roster role may see and do.
        .target(
            name: "IlsaAccess",
            dependencies: [
                "IlsaStore", "IlsaEngine", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        // ilsa serve: the situation room's HTTP API, change stream and board, on one engine.
        .target(
            name: "IlsaServer",
            dependencies: [
                "IlsaStore", "IlsaEngine", "IlsaAccess", "IlsaEffects", "IlsaDrill",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings),
        // ilsa check: the playbook linter.
        .target(name: "IlsaCheck", dependencies: ["IlsaLua", "IlsaEngine", "IlsaAPI"], swiftSettings: swiftSettings),
        // ilsa drill: simulated responders, a virtual clock, the after-action report.
        .target(name: "IlsaDrill", dependencies: ["IlsaLua", "IlsaEngine"], swiftSettings: swiftSettings),
        // What people see in a terminal: display widths of Korean text, aligned tables, colour.
        .target(name: "IlsaTerminal", swiftSettings: swiftSettings),
        // The prompt's logic (lua.c's reading, pretty printing, completion, commands), no terminal code.
        .target(
            name: "IlsaREPL", dependencies: ["IlsaLua", "IlsaEngine", "IlsaAPI", "IlsaStoreSQLite", "IlsaTerminal"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ilsa",
            dependencies: [
                "IlsaLua",
                "IlsaEngine",
                "IlsaStoreSQLite",
                "IlsaStorePostgres",
                "IlsaEffects",
                "IlsaAccess",
                "IlsaServer",
                "IlsaAPI",
                "IlsaCheck",
                "IlsaDrill",
                "IlsaTerminal",
                "IlsaREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fuzzing the conversions and the readers of untrusted files: scripts/fuzz builds it with
        // libFuzzer; a plain build replays inputs (ilsa-fuzz FILE...).
        .executableTarget(name: "ilsa-fuzz", dependencies: ["IlsaLua", "IlsaEngine", "IlsaDrill"], swiftSettings: swiftSettings),
        // The benchmark's C side; it also counts SQLite's statements, commits and syncs (the
        // reference case), so it links the SQLite that GRDB links.
        .target(name: "IlsaBenchC", dependencies: ["CLua"], linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(
            name: "ilsa-bench",
            dependencies: [
                "IlsaLua", "IlsaEngine", "IlsaStoreSQLite", "IlsaStorePostgres", "IlsaDrill", "CLua", "CLuaShims", "IlsaBenchC",
            ],
            swiftSettings: swiftSettings
        ),
        // The test kit: the engine bench, temporary folders and stores, the CLI workspace, where the
        // repository's files are, the shared playbooks. Test targets only; no test framework.
        .target(
            name: "IlsaTesting",
            dependencies: [
                "IlsaEngine", "IlsaStoreSQLite", "IlsaStorePostgres", "IlsaEffects", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "IlsaLuaTests", dependencies: ["IlsaLua", "CLua", "CLuaShims"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IlsaEngineTests",
            dependencies: [
                "IlsaEngine", "IlsaLua", "IlsaStore", "IlsaStoreSQLite", "IlsaStorePostgres", "IlsaEffects", "IlsaAccess", "IlsaServer",
                "IlsaAPI", "IlsaCheck",
                "IlsaDrill",
                "IlsaTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IlsaTerminalTests", dependencies: ["IlsaTerminal"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IlsaREPLTests", dependencies: ["IlsaREPL", "IlsaEngine", "IlsaAPI", "IlsaTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IlsaCLITests", dependencies: ["IlsaTesting", "IlsaStore", "IlsaStoreSQLite", "IlsaStorePostgres"],
            swiftSettings: swiftSettings),
    ]
)
