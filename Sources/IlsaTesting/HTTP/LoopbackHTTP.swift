public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 client for tests of `ilsa serve`, over a plain socket to 127.0.0.1: it
/// follows no redirect and keeps no cookie, so a test sees every answer exactly as the server
/// sent it, and it can hold an event stream open and read it as it comes.
public enum LoopbackHTTP {
    /// An answer: the status, the headers (names in lower case; a repeated one joined by ", ",
    /// but `set-cookie` kept whole in ``cookies``) and the body.
    public struct Reply: Sendable, CustomStringConvertible {
        public var status: Int
        public var headers: [String: String]
        public var cookies: [String]
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object, or empty.
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var description: String { "\(status) \(text.prefix(400))" }
    }

    /// Sends one request and reads the whole answer (the connection closes after it).
    public static func request(
        port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval = 30
    ) throws -> Reply {
        let socket = try connect(port: port, timeout: timeout)
        defer { close(socket) }
        try send(socket, head(method, path, port: port, headers: headers, body: body, close: true), body)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return try parse(data)
    }

    static func head(_ method: String, _ path: String, port: Int, headers: [String: String], body: Data?, close: Bool) -> String {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)"]
        if close { lines.append("Connection: close") }
        if let body { lines.append("Content-Length: \(body.count)") }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        return lines.joined(separator: "\r\n") + "\r\n\r\n"
    }

    public static func connect(port: Int, timeout: TimeInterval) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestKitError("socket: \(errno)") }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw TestKitError("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return socket
    }

    public static func send(_ socket: Int32, _ head: String, _ body: Data?) throws {
        var bytes = Data(head.utf8)
        if let body { bytes.append(body) }
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw TestKitError("send failed: errno \(errno)") }
    }

    static func parse(_ data: Data) throws -> Reply {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw TestKitError("no HTTP answer: \(data.count) bytes") }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw TestKitError("bad status line: \(head.first ?? "")")
        }
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "set-cookie" { cookies.append(value) }
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.contains("chunked") == true { body = dechunk(body) }
        return Reply(status: status, headers: headers, cookies: cookies, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            let stop = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            result.append(rest[start..<stop])
            rest = rest[min(rest.index(stop, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex, rest.endIndex)...]
        }
        return result
    }
}

/// A live event stream (`GET /api/v1/events`) held open on its own thread: everything it has
/// read so far, and a wait for a text to arrive.
public final class EventStreamReader: @unchecked Sendable {
    private let socket: Int32
    private let lock = NSLock()
    private var received = ""
    private var closed = false

    public init(port: Int, headers: [String: String]) throws {
        socket = try LoopbackHTTP.connect(port: port, timeout: 60)
        try LoopbackHTTP.send(
            socket, LoopbackHTTP.head("GET", "/api/v1/events", port: port, headers: headers, body: nil, close: false), nil)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count <= 0 { break }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                lock.withLock { received += text }
            }
            lock.withLock { closed = true }
        }
        thread.start()
    }

    /// What the stream has said so far (headers included).
    public var text: String { lock.withLock { received } }

    /// Whether the server closed the stream.
    public var isClosed: Bool { lock.withLock { closed } }

    /// Waits until the stream has said `text` (after what it had said when the wait began, when
    /// `fresh`), or `timeout` passes. Returns how long it took, or nil.
    public func wait(for text: String, timeout: Duration = .seconds(5)) async -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if self.text.contains(text) { return ContinuousClock.now - start }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Closes the connection.
    public func close() { shutdown(socket, Int32(SHUT_RDWR)) }

    deinit {
        shutdown(socket, Int32(SHUT_RDWR))
        Glibc.close(socket)
    }
}
