public import Foundation

/// A PostgreSQL server of a test's own (Debian's `postgresql`, as `scripts/postgres` installs
/// it), for tests that restart or crash the database under a worker: a new cluster in a
/// temporary folder on a free loopback port, owned by the `postgres` user when the tests run
/// as root (PostgreSQL refuses to run as root). Stopped and removed with the value.
public final class PostgresServer {
    public let port: Int
    private let folder: TemporaryFolder
    private let bin: String
    private var data: String { folder.path("data") }

    /// Makes the cluster and starts it. - Throws: ``TestSetupError`` when PostgreSQL is not installed.
    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last else {
            throw TestSetupError("PostgreSQL is not installed: scripts/postgres start installs it (scripts/test runs it)")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        folder = try TemporaryFolder(prefix: "ilsa-postgres")
        port = try Self.freePort()
        if getuid() == 0 {
            try Self.run("/bin/chown", ["postgres:postgres", folder.url.path])
        }
        try command("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        try start()
        try command("createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "ilsa"])
    }

    deinit {
        try? command("pg_ctl", ["-D", data, "-m", "immediate", "stop"])
    }

    /// The database's URL, a schema named when given.
    public func url(schema: String? = nil) -> String {
        "postgres://postgres@127.0.0.1:\(port)/ilsa" + (schema.map { "?schema=\($0)" } ?? "")
    }

    /// Starts the server and waits until it takes connections.
    public func start() throws {
        try command(
            "pg_ctl",
            [
                "-D", data, "-l", folder.path("server.log"), "-w", "-o",
                "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(folder.url.path)", "start",
            ])
    }

    /// Stops the server: `fast` ends sessions cleanly (a restart); `immediate` is a crash,
    /// recovered from the log when it starts again.
    public func stop(mode: String = "fast") throws {
        try command("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"])
    }

    private func command(_ name: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", "\(bin)/\(name)"] + arguments, log: folder.path("commands.log"))
        } else {
            try Self.run("\(bin)/\(name)", arguments, log: folder.path("commands.log"))
        }
    }

    /// Runs a command with its output in `log` (not a pipe, which the server `pg_ctl` starts
    /// would hold open for as long as it runs), spawned and waited for directly: Foundation's
    /// Process did not see `runuser` exit once `pg_ctl` had left a server behind.
    private static func run(_ executable: String, _ arguments: [String], log: String = "/dev/null") throws {
        let output = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard output >= 0 else { throw TestSetupError("cannot open \(log)") }
        defer { close(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestSetupError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let tail = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(600)
            throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) failed: \(tail)")
        }
    }

    /// A loopback port nobody listens on now.
    private static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
