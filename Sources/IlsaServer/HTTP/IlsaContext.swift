import Hummingbird
import NIOCore

/// What a request carries through the routes: the caller once authenticated, and the address it
/// came from (for throttling sign-ins).
struct IlsaContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var caller: Caller?
    let address: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Requests are small (a note, a decision, a playbook's parameters).
    var maxUploadSize: Int { 64 * 1024 }

    /// A request's whole body, up to ``maxUploadSize``; 413 past it.
    func body(of request: Request) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: maxUploadSize)
        } catch {
            throw HTTPProblem(.contentTooLarge, "too_large", "the request body is over \(maxUploadSize / 1024) KiB")
        }
    }

    /// The caller, or 401.
    func signedIn() throws -> Caller {
        guard let caller else { throw HTTPProblem.unauthorized }
        return caller
    }
}
