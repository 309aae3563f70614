public import Foundation

/// `ilsa serve` running in a workspace for a test: the real binary on a free loopback port,
/// with the repository's playbooks and plugins, and the accounts a test adds.
///
/// ```swift
/// let server = try await ServerUnderTest.start()
/// let token = try await server.account("sitroom", role: "CITY.SITROOM")
/// let reply = try server.call("GET", "/api/v1/tasks", token: token)
/// ```
public final class ServerUnderTest: @unchecked Sendable {
    public let workspace: Workspace
    public let process: RunningProcess
    public let port: Int
    public static let password = "a long test password"

    private init(workspace: Workspace, process: RunningProcess, port: Int) {
        self.workspace = workspace
        self.process = process
        self.port = port
    }

    /// Starts the server in a new workspace (or `workspace`) and waits for its `listening on` line.
    public static func start(in workspace: Workspace? = nil, arguments: [String] = [], scheme: String = "http") async throws
        -> ServerUnderTest
    {
        let workspace = try workspace ?? Workspace(user: "당직자")
        workspace.pluginPath = Fixtures.plugins.path
        let process = try workspace.spawn(["serve", "--port", "0", "--workflows", Fixtures.workflows.path] + arguments)
        guard await process.waitForOutput("listening on \(scheme)://127.0.0.1:", timeout: .seconds(30)) else {
            process.send(SIGKILL)
            throw TestKitError("ilsa serve did not start: \(process.errorsSoFar())")
        }
        let line = String(decoding: process.outputSoFar(), as: UTF8.self)
        guard let match = line.firstMatch(of: /listening on https?:\/\/127\.0\.0\.1:(\d+)/), let port = Int(match.1) else {
            throw TestKitError("no port in: \(line)")
        }
        return ServerUnderTest(workspace: workspace, process: process, port: port)
    }

    /// Adds an account and issues it a token; returns the token.
    public func account(_ name: String, role: String, district: String? = nil) async throws -> String {
        let added = try await workspace.ilsa(
            ["users", "add", name, "--role", role] + (district.map { ["--district", $0] } ?? []), stdin: Data((Self.password + "\n").utf8))
        guard added.exited(0) else { throw TestKitError("users add \(name): \(added.summary)") }
        let issued = try await workspace.ilsa(["tokens", "issue", name])
        guard issued.exited(0) else { throw TestKitError("tokens issue \(name): \(issued.summary)") }
        return issued.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts a run of a repository playbook with a fixed id, through the CLI.
    public func startRun(_ playbook: String, id: String, _ parameters: [String: String]) async throws {
        let arguments = parameters.sorted { $0.key < $1.key }.flatMap { ["--param", "\($0.key)=\($0.value)"] }
        let result = try await workspace.ilsa(
            ["run", Fixtures.workflows.appendingPathComponent("\(playbook).lua").path, "--detach", "--id", id] + arguments)
        guard result.exited(0) else { throw TestKitError("run \(playbook): \(result.summary)") }
    }

    /// One request; `json` is sent as the body, `token` as a bearer token.
    public func call(
        _ method: String, _ path: String, token: String? = nil, json: Any? = nil, headers: [String: String] = [:]
    ) throws -> LoopbackHTTP.Reply {
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        var body: Data?
        if let json {
            body = try JSONSerialization.data(withJSONObject: json)
            headers["Content-Type"] = "application/json"
        }
        return try LoopbackHTTP.request(port: port, method, path, headers: headers, body: body)
    }

    /// Signs in through the board's form; returns the session cookie (`ilsa_session=...`) and
    /// the whole answer.
    public func signIn(_ name: String, password: String = password) throws -> (cookie: String?, reply: LoopbackHTTP.Reply) {
        let form =
            "name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)"
            + "&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password)&next=%2Fboard"
        let reply = try LoopbackHTTP.request(
            port: port, "POST", "/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1:\(port)"], body: Data(form.utf8))
        let cookie = reply.cookies.first { $0.hasPrefix("ilsa_session=") }?.split(separator: ";").first.map(String.init)
        return (cookie, reply)
    }

    /// Stops the server with SIGTERM and waits for it.
    @discardableResult
    public func stop() async -> RunResult {
        process.send(SIGTERM)
        return await process.wait(timeout: .seconds(20))
    }

    deinit { process.send(SIGKILL) }
}
