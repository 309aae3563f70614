import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP server on 127.0.0.1 for webhook tests, each connection on a thread of its own,
/// that behaves as the test says: answers with a status, answers slowly, hangs, or closes the
/// connection without answering. It keeps every request it read whole.
public final class TestHTTPServer: @unchecked Sendable {
    /// What the server does with a request.
    public enum Behaviour: Sendable, Equatable {
        /// Answers with this status (and `Retry-After`, when given).
        case answer(Int, retryAfter: Int? = nil)
        /// Waits, then answers 204.
        case slow(Duration)
        /// Reads the request and never answers (until the server stops).
        case hang
        /// Closes the connection without answering.
        case close
    }

    /// A request as it arrived.
    public struct Request: Sendable {
        public var head: String
        public var body: String
        /// The `Idempotency-Key` header's value.
        public var key: String? { header("Idempotency-Key") }

        public func header(_ name: String) -> String? {
            head.split(separator: "\r\n").dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
    }

    public let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var behaviour: (Int) -> Behaviour
    private var stopped = false

    /// Every request read whole, in the order they arrived.
    public var requests: [Request] { lock.withLock { received } }
    /// The URL of a path on the server.
    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// - Parameter behaviour: What to do with the request numbered from 0 in arrival order.
    public init(behaviour: @escaping @Sendable (Int) -> Behaviour = { _ in .answer(204) }) throws {
        self.behaviour = behaviour
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in accepting() }.start()
    }

    /// Changes what the server does with the requests that come next.
    public func behave(_ behaviour: @escaping @Sendable (Int) -> Behaviour) {
        lock.withLock { self.behaviour = behaviour }
    }

    /// Stops accepting; hanging connections are closed.
    public func stop() {
        lock.withLock { stopped = true }
        shutdown(socket, Int32(SHUT_RDWR))
    }

    deinit {
        stop()
        close(socket)
    }

    private func accepting() {
        var count = 0
        while true {
            let client = accept(socket, nil, nil)
            if client < 0 { return }
            let number = count
            count += 1
            Thread { [self] in answer(client, number: number) }.start()
        }
    }

    private func answer(_ client: Int32, number: Int) {
        defer { close(client) }
        guard let request = read(client) else { return }
        let behaviour = lock.withLock {
            received.append(request)
            return self.behaviour(number)
        }
        switch behaviour {
        case .answer(let status, let retryAfter):
            respond(client, status: status, extra: retryAfter.map { "Retry-After: \($0)\r\n" } ?? "")
        case .slow(let wait):
            Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            respond(client, status: 204)
        case .hang:
            while !lock.withLock({ stopped }) { Thread.sleep(forTimeInterval: 0.05) }
        case .close:
            return
        }
    }

    private func respond(_ client: Int32, status: Int, extra: String = "") {
        let text = "HTTP/1.1 \(status) \(status < 300 ? "OK" : "Problem")\r\n\(extra)Content-Length: 0\r\nConnection: close\r\n\r\n"
        _ = text.withCString { Glibc.write(client, $0, strlen($0)) }
    }

    /// Reads one request: its head and, by `Content-Length`, its body.
    private func read(_ client: Int32) -> Request? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(client, &buffer, buffer.count)
            if n <= 0 { return nil }
            data += buffer[0..<n]
            guard let end = data.firstRange(of: Array("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
            let length = Request(head: head, body: "").header("Content-Length").flatMap { Int($0) } ?? 0
            if data.count - end.upperBound >= length {
                return Request(head: head, body: String(decoding: data[end.upperBound..<(end.upperBound + length)], as: UTF8.self))
            }
        }
    }
}
