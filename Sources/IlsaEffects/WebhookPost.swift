import Foundation
import IlsaStore

#if canImport(FoundationNetworking)
    public import FoundationNetworking
#endif

/// Posts a webhook effect: its body, its content type and its key in `Idempotency-Key`, cut
/// off after the attempt timeout however the server behaves (slow to answer, trickling,
/// hanging, closing the connection).
public struct WebhookPost: Sendable {
    /// Sends a request and returns the HTTP status and headers: URLSession by default; tests
    /// may replace it.
    public var send: @Sendable (URLRequest) async throws -> HTTPURLResponse

    public init(send: @escaping @Sendable (URLRequest) async throws -> HTTPURLResponse) {
        self.send = send
    }

    /// A URLSession without caches or cookies.
    public static let standard: WebhookPost = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        return WebhookPost { request in
            let (_, response) = try await session.data(for: request)
            guard let response = response as? HTTPURLResponse else { throw DeliveryError("the answer is not HTTP") }
            return response
        }
    }()

    /// Delivers one effect, within `settings.attemptTimeout`.
    func deliver(_ effect: Effect, settings: DeliverySettings) async throws {
        guard let url = URL(string: effect.target), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw DeliveryError("'\(effect.target)' is not an http or https URL", permanent: true)
        }
        let send = self.send
        let response = try await withThrowingTaskGroup(of: HTTPURLResponse?.self) { group in
            group.addTask {
                var request = URLRequest(
                    url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: settings.attemptTimeout.seconds)
                request.httpMethod = "POST"
                request.httpBody = Data(effect.body.utf8)
                request.setValue(effect.contentType, forHTTPHeaderField: "Content-Type")
                request.setValue(effect.key, forHTTPHeaderField: "Idempotency-Key")
                request.setValue("ilsa", forHTTPHeaderField: "User-Agent")
                do { return try await send(request) } catch let error as DeliveryError { throw error } catch {
                    throw DeliveryError(Self.describe(error, url: url))
                }
            }
            group.addTask {
                try await Task.sleep(for: settings.attemptTimeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw DeliveryError("\(Self.host(url)) did not answer within \(settings.attemptTimeout)")
            }
            return response
        }
        try Self.check(response, url: url)
    }

    /// 2xx is delivered; 408, 425, 429 and 5xx are tried again (after `Retry-After` when the
    /// server sends one); any other status is the receiver refusing the effect for good.
    static func check(_ response: HTTPURLResponse, url: URL) throws {
        let status = response.statusCode
        if (200..<300).contains(status) { return }
        let retryAfter = (response.value(forHTTPHeaderField: "Retry-After")).flatMap(Int.init).map { Duration.seconds(max(0, $0)) }
        let message = "\(host(url)) answered HTTP \(status) (\(HTTPURLResponse.localizedString(forStatusCode: status)))"
        let transient = [408, 425, 429].contains(status) || (500..<600).contains(status)
        throw DeliveryError(message, permanent: !transient, retryAfter: retryAfter)
    }

    /// A network error in a sentence, without Foundation's domain and code numbers.
    static func describe(_ error: any Error, url: URL) -> String {
        let host = host(url)
        guard let error = error as? URLError else { return "\(host): \(error.localizedDescription)" }
        switch error.code {
        case .timedOut: return "\(host) did not answer in time"
        case .cannotConnectToHost: return "\(host) refused the connection"
        case .cannotFindHost, .dnsLookupFailed: return "\(host): no such host"
        case .networkConnectionLost: return "\(host) closed the connection before answering"
        case .notConnectedToInternet: return "\(host): no network"
        case .badServerResponse: return "\(host) sent an answer that is not HTTP"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            return "\(host): the TLS connection failed (certificate or protocol)"
        case .cancelled: return "\(host): cancelled"
        default: return "\(host): \(error.localizedDescription)"
        }
    }

    static func host(_ url: URL) -> String {
        guard let host = url.host else { return url.absoluteString }
        return url.port.map { "\(host):\($0)" } ?? host
    }
}
