import ArgumentParser
import Foundation
import IlsaEngine
import IlsaServer
import IlsaStoreSQLite
import Synchronization

/// `ilsa serve`: the situation room's server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the board and the HTTP API, and do what ilsa work --follow does, in one process.",
        discussion: """
            One process for the situation room: the board (web pages for the control tower and \
            the districts), the JSON API under /api/v1 (described at /api/v1/openapi.json), a \
            live change stream, and the worker that fires timers, climbs ladders and delivers \
            notifications. ilsa work --follow may run beside it on the same store.

            People sign in with accounts (ilsa users add) and machines with tokens (ilsa tokens \
            issue); what each sees and may do follows its roster role. It listens on loopback \
            by default: to serve a network, put it behind a reverse proxy that speaks HTTPS, or \
            give it a certificate and key (--tls-cert, --tls-key). It prints "listening on URL" \
            when ready, and stops cleanly on Ctrl-C or SIGTERM.

            Examples:
              ilsa serve
              ilsa serve --port 8080
              ilsa serve --host 0.0.0.0 --port 8443 --tls-cert cert.pem --tls-key key.pem

            $ ilsa serve --port 8080
            listening on http://127.0.0.1:8080
            """
    )

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port: Int = 8080

    @Option(help: ArgumentHelp("The address to listen on (default: loopback only).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The folder of playbooks the API may start, by name.", valueName: "folder"))
    var workflows = "workflows"

    @Option(help: ArgumentHelp("A PEM certificate chain: serve HTTPS (with --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The certificate's PEM private key.", valueName: "file"))
    var tlsKey: String?

    @Option(
        help: ArgumentHelp(
            "Seconds a connection may send nothing (mid-request, or between requests) before it is closed; live streams stay open.",
            valueName: "seconds"))
    var idleTimeout: Double = 30

    @OptionGroup var engineOptions: EngineOptions

    func validate() throws {
        guard idleTimeout >= 0.1, idleTimeout <= 3_600 else { throw ValidationError("--idle-timeout must be from 0.1 to 3600 seconds") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
    }

    func run() throws {
        let finished = Blocking<Result<Void, any Error>>()
        Task.detached { [self] in
            do { finished.set(.success(try await serve())) } catch { finished.set(.failure(error)) }
        }
        try finished.wait().get()
    }

    /// Opens the store, starts the deliveries and serves until a signal stops it.
    private func serve() async throws {
        // One store, so one writer connection: the changes other processes commit are the only
        // ones its data_version shows (see RunStore.externalChangeMark).
        let store = try engineOptions.storeOption.open(create: true)
        let engine = try engineOptions.engine(create: true, store: store)
        guard let roster = engine.roster else {
            throw InputError("ilsa serve needs the roster: accounts' permissions follow its roles (--roster PATH or ILSA_ROSTER)")
        }
        let folder = URL(fileURLWithPath: workflows).standardizedFileURL
        let service = EngineService(engine: engine, store: store, roster: roster)
        let heartbeat = Heartbeat(store: store, kind: "serve")
        let stopDeliveries = Deliveries.start(store: store, claimant: heartbeat.beat.id)
        defer {
            stopDeliveries()
            heartbeat.end()
        }
        if try store.accounts().isEmpty {
            Console.warning("no accounts yet: nobody can sign in until you add one (ilsa users add NAME --role ROLE)")
        }
        for (option, file) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey)] {
            if let file, !FileManager.default.isReadableFile(atPath: file) { throw InputError("\(option) \(file): no such readable file") }
        }
        let settings = ServerSettings(
            host: host, port: port, workflows: folder, tls: tlsCert.flatMap { cert in tlsKey.map { (cert, $0) } }, idleTimeout: idleTimeout)
        let started = Started()
        do {
            try await SituationRoomServer.run(
                service: service, settings: settings, beat: { try heartbeat.beat() }, log: { Console.note($0) },
                listening: { url in
                    started.value.withLock { $0 = true }
                    print("listening on \(url)")
                    fflush(nil)
                })
        } catch  where !started.value.withLock({ $0 }) {
            throw InputError(Self.explain(error, host: host, port: port))
        }
        Console.note("stopped")
    }

    /// Why the server could not start, in a line: a port in use, a port it may not take, a
    /// certificate that does not load.
    static func explain(_ error: any Error, host: String, port: Int) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") {
            return "port \(port) on \(host) is in use (another ilsa serve?): choose another with --port, or --port 0 for a free one"
        }
        if text.contains("Permission denied") { return "cannot listen on port \(port): permission denied (ports below 1024 need root)" }
        if text.contains("Cannot assign requested address") || text.contains("getaddrinfo") || text.contains("unknown host") {
            return "cannot listen on '\(host)': not an address of this machine"
        }
        if text.lowercased().contains("certificate") || text.lowercased().contains("privatekey") || text.contains("SSL") {
            return "--tls-cert/--tls-key: the certificate or key does not load (\(text)); both must be PEM files"
        }
        return "cannot listen on \(host):\(port): \(text)"
    }
}

/// Whether the server got as far as listening: an error before that is why it could not start.
private final class Started: Sendable {
    let value = Mutex(false)
}
