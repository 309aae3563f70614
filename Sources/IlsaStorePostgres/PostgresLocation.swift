public import Foundation
import IlsaStore
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: `postgres://user[:password]@host[:port]/database[?schema=S&sslmode=M]`.
///
/// The password may also come from `PGPASSWORD`, so it stays out of process listings and shell
/// history. `schema` keeps the store's tables in a schema of their own (several stores in one
/// database; default `public`); `sslmode` is `disable` (the default, for a database on the
/// same host or a private network) or `require` (TLS, the server's certificate verified).
/// The location is written back without its password (``description``): that is what messages show.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    var password: String?
    public var database: String
    public var schema: String
    public var requiresTLS: Bool

    /// Whether a `--store` or `ILSA_STORE` value names a PostgreSQL database rather than a file.
    public static func names(_ store: String) -> Bool {
        store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` URL.
    /// - Throws: A one-line message (as a `StoreError` `io`) naming what is wrong with it.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ why: String) -> StoreError {
            StoreError(.io, "\(why) (expected postgres://user@host:port/database)", path: Self.withoutPassword(text))
        }
        guard Self.names(text), let components = URLComponents(string: text) else { throw bad("not a PostgreSQL URL") }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("the port \(port) is out of range") }
        user = components.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw bad("the URL names no database") }
        database = path.removingPercentEncoding ?? path
        schema = "public"
        requiresTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("schema", let name):
                guard Self.isPlainName(name) else {
                    throw bad("the schema '\(name)' is not a plain name (letters, digits and _, not starting with a digit)")
                }
                schema = name
            case ("sslmode", "disable"): requiresTLS = false
            case ("sslmode", "require"), ("sslmode", "verify-full"): requiresTLS = true
            case ("sslmode", let mode): throw bad("sslmode '\(mode)' is not one of disable, require")
            case (let name, _): throw bad("unknown setting '\(name)' (known: schema, sslmode)")
            }
        }
    }

    /// `postgres://user@host:port/database`, with the schema when it is not `public`; never the password.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema == "public" ? "" : "?schema=\(schema)")
    }

    /// How PostgresNIO connects.
    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if requiresTLS {
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw StoreError(.io, "cannot set up TLS: \(error)", path: description)
            }
        } else {
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [
            ("application_name", "ilsa"), ("search_path", schema), ("TimeZone", "UTC"),
        ]
        return configuration
    }

    /// Letters, digits and `_`, not starting with a digit: a schema name that needs no quoting.
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.utf8.count <= 50 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The URL with any password replaced, for a message about a URL that could not be read.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}
