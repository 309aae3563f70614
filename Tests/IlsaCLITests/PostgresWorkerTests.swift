import Foundation
import IlsaTesting
import Testing

/// A worker on a PostgreSQL store and a value only PostgreSQL cannot keep (the NUL character in
/// text): the run that makes one cannot go on, says so once, and the others go on.
@Suite(.serialized) struct PostgresWorkerTests {
    @Test func aValueTheDatabaseCannotKeepStopsItsRunNotTheWorker() async throws {
        let scratch = try Workspace(store: .postgres)
        try scratch.write(
            "nul.lua",
            """
            return ilsa.workflow {
              name = "nul", title = "nul",
              run = function(ctx)
                ilsa.sleep("1s")
                ilsa.task { title = "a\\0b", assignee = { role = "DONG.HEAD", district = "singil" } }:wait()
                return "never"
              end,
            }
            """)
        try scratch.write("nap.lua", FixturePlaybooks.nap(1))
        try await scratch.start("nul", id: "bad")
        try await scratch.start("nap", id: "good")
        let worker = try scratch.spawn(["work", "--follow", "--interval", "0.2"])
        let done = try await scratch.eventually(timeout: .seconds(15)) {
            try await scratch.status("good")["status"] as? String == "completed"
        }
        #expect(done, "the other run went on")
        #expect(!worker.hasExited, "the worker keeps working")
        worker.send(SIGTERM)
        let result = await worker.wait(timeout: .seconds(20))
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText.contains("NUL character"), "\(result.stderrText)")
        #expect(try await scratch.status("bad")["status"] as? String == "waiting", "nothing of the step was stored")
        #expect(try await scratch.ilsa(["cancel", "bad", "--reason", "bad title"]).exited(0), "and it can be cancelled")
    }
}
