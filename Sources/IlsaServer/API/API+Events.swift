import Foundation
import Hummingbird
import IlsaEngine
import IlsaStore
import ServiceLifecycle

extension API {
    /// `GET /events`: the live change stream, as Server-Sent Events. Each change the engine
    /// makes arrives as an `event: change` whose data is the run, its status and the tasks and
    /// escalations it touched, only those the caller may see; a change another process made is
    /// an `event: external` (reload what you show). A comment line every 15 seconds keeps an
    /// idle connection open. The stream ends when the server stops; `EventSource` reconnects.
    func events(_ request: Request, caller: Caller) throws -> Response {
        let hub = service.changes
        guard let (stream, end) = hub.listen(for: caller.account.name) else {
            throw HTTPProblem(
                .tooManyRequests, "too_many_streams",
                "\(caller.account.name) already holds \(ChangeHub.streamsPerAccount) live streams; close one (a board tab) first",
                retryAfter: 5)
        }
        let city = service.city
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                // The server waits for its connections when it stops, so a stream ends then; and
                // it ends when its client goes away, not at the next event it cannot send.
                try await request.body.consumeWithInboundCloseHandler { _ in
                    try await withGracefulShutdownHandler {
                        for await notice in stream {
                            guard let text = Self.event(notice, for: caller, city: city) else { continue }
                            try await writer.write(ByteBuffer(string: text))
                        }
                    } onGracefulShutdown: {
                        hub.close()
                    }
                } onInboundClosed: {
                    end()
                }
                try await writer.finish(nil)
            })
    }

    /// One notice as an SSE event for a caller, or nil when it shows the caller nothing.
    static func event(_ notice: ChangeNotice, for caller: Caller, city: CityTime) -> String? {
        if notice.keepAlive { return ": alive\n\n" }
        if notice.external { return "event: external\ndata: {\"at\":\"\(ReadModelJSON.iso(notice.at))\"}\n\n" }
        let tasks = notice.tasks.filter { Permissions.allows(caller, .seeTask($0)) }
        let escalations = Permissions.allows(caller, .seeEscalations) ? notice.escalations : []
        guard !tasks.isEmpty || !escalations.isEmpty || caller.scope.isTower, let run = notice.run else { return nil }
        let now = Date()
        let data: JSONValue = .object([
            "run": .string(run.rawValue), "run_status": notice.status.map { .string($0.rawValue) } ?? .null,
            "tasks": .array(tasks.map { ReadModelJSON.task($0, now: now, city: city) }),
            "escalations": .array(escalations.map { ReadModelJSON.escalation($0, city: city) }),
            "published_at": .string(ReadModelJSON.iso(notice.at)),
        ])
        // JSON text has no raw newlines, so it is one `data:` line.
        return "event: change\ndata: \((try? data.encodedText()) ?? "{}")\n\n"
    }
}
