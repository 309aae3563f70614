public import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// How `ilsa serve` listens.
public struct ServerSettings: Sendable {
    public var host: String
    /// 0 picks a free port (the `listening on` line says which).
    public var port: Int
    /// Where `POST /api/v1/runs` finds playbooks by name.
    public var workflows: URL
    /// A PEM certificate chain and key: HTTPS instead of HTTP.
    public var tls: (certificate: String, key: String)?
    /// How long a connection may send nothing while a request is being read, or between
    /// requests, before it is closed (a live stream, whose request is read, stays open).
    public var idleTimeout: TimeInterval
    /// The most connections open at once; past it new ones wait in the listen queue.
    public static let maximumConnections = 2_000

    public init(host: String, port: Int, workflows: URL, tls: (certificate: String, key: String)? = nil, idleTimeout: TimeInterval = 30) {
        self.host = host
        self.port = port
        self.workflows = workflows
        self.tls = tls
        self.idleTimeout = idleTimeout
    }
}

/// The situation room's server: the API, the live stream and the board on one engine, with the
/// scheduler beside them. It runs until SIGTERM or SIGINT, then stops taking requests, ends the
/// live streams and returns.
public enum SituationRoomServer {
    /// - Parameters:
    ///   - beat: Records this process's heartbeat as a worker.
    ///   - log: Where warnings go (standard error).
    ///   - listening: Called once with the address the server listens on.
    public static func run(
        service: EngineService, settings: ServerSettings, beat: @escaping @Sendable () throws -> Void,
        log: @escaping @Sendable (String) -> Void, listening: @escaping @Sendable (String) -> Void
    ) async throws {
        let router = router(service: service, settings: settings)

        var logger = Logger(label: "ilsa.serve")
        logger.logLevel = .warning
        let scheme = settings.tls == nil ? "http" : "https"
        // A client that opens connections and sends nothing, or a request a byte at a time, is
        // cut off after the idle timeout, and connections are capped, so none can hold them all.
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1_000))))
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            server = try .tls(
                http1, tlsConfiguration: TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } else {
            server = http1
        }
        let app = Application(
            router: router, server: server,
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(ServerSettings.maximumConnections)),
            services: [Scheduler(service: service, beat: beat, log: log, workflows: settings.workflows.path)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                listening("\(scheme)://\(host):\(port)")
            },
            logger: logger)
        try await app.runService()
    }
}

extension SituationRoomServer {
    /// Every route the server answers, the API's and the board's, behind the security headers
    /// and authentication.
    static func router(service: EngineService, settings: ServerSettings) -> Router<IlsaContext> {
        let sessions = Sessions()
        let cache = AnswerCache(hub: service.changes)
        let router = Router(context: IlsaContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: Authentication(service: service, sessions: sessions))
        API(service: service, workflows: settings.workflows, cache: cache).register(on: router)
        Board(service: service, sessions: sessions, throttle: LoginThrottle(), secure: settings.tls != nil, cache: cache).register(
            on: router)
        return router
    }

    /// The API's routes as `GET /api/v1/tasks/{task}`: what a test compares with the OpenAPI
    /// document.
    public static func apiRoutes(service: EngineService) -> [String] {
        let settings = ServerSettings(host: "127.0.0.1", port: 0, workflows: URL(fileURLWithPath: "/"))
        return router(service: service, settings: settings).routes.compactMap { route in
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            let text = "/" + path.joined(separator: "/")
            return text.hasPrefix("/api/") ? "\(route.method) \(text)" : nil
        }.sorted()
    }
}

/// Headers every answer carries: no framing (clickjacking), no guessing of content types, no
/// referrer leaving the server, and a content security policy that lets the board run only its
/// own script and style.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = IlsaContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        }
        return response
    }
}
