import Foundation
import IlsaTesting
import Testing

/// `ilsa run --detach`, `status`, `history` and `cancel` as a user runs them, one process each.
struct RunCommandTests {
    @Test func detachPrintsOnlyTheIdAndStatusShowsTheRunWaiting() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let started = try await scratch.ilsa(["run", "--detach", "--id", "sb1", "sandbags.lua", "--param", "district=choji"])
        #expect(started.exited(0), "\(started.summary)")
        #expect(started.stdoutText == "sb1\n")
        #expect(started.stderrText.contains("run sb1 (sandbags) is waiting for task sb1.1"), "\(started.stderrText)")

        let table = try await scratch.ilsa(["status"])
        #expect(table.exited(0), "\(table.summary)")
        let lines = table.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("RUN  WORKFLOW  STATUS   STARTED") == true, "\(table.stdoutText)")
        #expect(lines.count == 2)
        #expect(
            lines.last?.contains(#/^sb1  sandbags  waiting  (just now|\d+s ago) +task sb1.1 +1  in 4h59m  /#) == true, "\(table.stdoutText)"
        )
        #expect(lines.last?.hasSuffix("모래주머니 배치") == true, "\(table.stdoutText)")

        let detail = try await scratch.ilsa(["status", "sb1"])
        #expect(detail.exited(0), "\(detail.summary)")
        #expect(detail.stdoutText.contains("title      모래주머니 배치\n"), "\(detail.stdoutText)")
        #expect(detail.stdoutText.contains("params     district=choji\n"))
        #expect(detail.stdoutText.contains("waiting    task sb1.1\n"))
        #expect(detail.stdoutText.contains("\nopen tasks (1)\nTASK   TITLE            ASSIGNEE         STATE  DUE"), "\(detail.stdoutText)")
        #expect(detail.stdoutText.contains("sb1.1  모래주머니 배치  DONG.HEAD choji  open   in 59m"), "\(detail.stdoutText)")

        let runs = try await scratch.json(["status"]) as? [[String: Any]] ?? []
        #expect(runs.count == 1)
        #expect(runs.first?["id"] as? String == "sb1")
        #expect(runs.first?["status"] as? String == "waiting")
        #expect(runs.first?["open_tasks"] as? Int == 1)
    }

    @Test func theRunRecordsThePlaybooksAbsolutePathSoOtherFoldersFindIt() async throws {
        let scratch = try Workspace()
        let elsewhere = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try scratch.write("workflows/sandbags.lua", FixturePlaybooks.sandbags)
        let started = try await scratch.ilsa(["run", "--detach", "--id", "sb2", "sandbags"])
        #expect(started.exited(0), "\(started.summary)")
        let status = try await scratch.status("sb2")
        #expect(status["playbook"] as? String == scratch.url.appendingPathComponent("workflows/sandbags.lua").standardizedFileURL.path)
        // Cancelling replays the run: from another folder, it must find the playbook.
        let cancelled = try await scratch.ilsa(["cancel", "sb2"], in: elsewhere)
        #expect(cancelled.exited(0), "\(cancelled.summary)")
    }

    @Test func historyListsEveryEventInWords() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "h1", "sandbags.lua"]).exited(0))
        let history = try await scratch.ilsa(["history", "h1"])
        #expect(history.exited(0), "\(history.summary)")
        // 2025-07-16 18:00:00 KST  1  text: the roster's time zone
        let texts = history.stdoutText.split(separator: "\n").map { String($0.dropFirst("2025-07-16 18:00:00 KST  1  ".count)) }
        #expect(
            texts == [
                "run h1 started: sandbags (district=singil)",
                "task h1.1 created: 모래주머니 배치 → DONG.HEAD singil, due in 1h00m",
                "log: waiting for the sandbags",
                "waiting for task h1.1",
            ], "\(history.stdoutText)")
        let first = try #require(history.stdoutText.split(separator: "\n").first)
        #expect(first.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST  1  run h1 started: .*/) != nil, "\(first)")

        let relative = try await scratch.ilsa(["history", "--relative", "h1"])
        #expect(relative.stdoutText.hasPrefix("T+0s  1  run h1 started"), "\(relative.stdoutText)")

        let events = try await scratch.history("h1")
        #expect(events.map { $0["kind"] as? String } == ["run_started", "command_issued", "command_issued", "command_issued"])
        #expect(events.map { $0["command"] as? Int } == [nil, 1, 2, 3])
        #expect(events.map { $0["name"] as? String } == ["sandbags", "task.create", "log", "task.wait"])
        #expect(events[1]["text"] as? String == "task h1.1 created: 모래주머니 배치 → DONG.HEAD singil, due in 1h00m")
    }

    @Test func cancelEndsTheRunAndASecondCancelExitsTwo() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "c1", "sandbags.lua"]).exited(0))
        let cancelled = try await scratch.ilsa(["cancel", "c1", "--reason", "비가 그쳤다"])
        #expect(cancelled.exited(0), "\(cancelled.summary)")
        #expect(cancelled.stdoutText == "run c1 (sandbags) cancelled by tester: 1 open task cancelled\n  closed task c1.1: 모래주머니 배치\n")

        let status = try await scratch.status("c1")
        #expect(status["status"] as? String == "cancelled")
        #expect((status["tasks"] as? [[String: Any]])?.map { $0["state"] as? String } == ["cancelled"])
        let detail = try await scratch.ilsa(["status", "c1"])
        #expect(detail.stdoutText.contains("outcome    run cancelled by tester: 비가 그쳤다\n"), "\(detail.stdoutText)")
        #expect(try await scratch.ilsa(["status"]).stderrText.contains("no active runs"))
        let all = try await scratch.ilsa(["status", "--all"])
        #expect(all.stdoutText.contains("c1   sandbags  cancelled"), "\(all.stdoutText)")

        let again = try await scratch.ilsa(["cancel", "c1", "--by", "park"])
        #expect(again.exited(2), "\(again.summary)")
        #expect(again.stderrText == "ilsa: run 'c1' has already ended (cancelled)\n")
        let history = try await scratch.history("c1")
        #expect(history.filter { $0["kind"] as? String == "run_cancelled" }.count == 1)
    }

    @Test func aMalformedParamExitsTwoAndStoresNothing() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        let malformed = try await scratch.ilsa(["run", "sandbags.lua", "--param", "district"])
        #expect(malformed.exited(2), "\(malformed.summary)")
        #expect(malformed.stderrText == "ilsa: --param district: expected NAME=VALUE, such as --param district=singil\n")

        let unknown = try await scratch.ilsa(["run", "sandbags.lua", "--param", "distrcit=singil"])
        #expect(unknown.exited(2), "\(unknown.summary)")
        #expect(unknown.stderrText.contains("sandbags has no parameter 'distrcit' (did you mean 'district'?)"), "\(unknown.stderrText)")

        let invalid = try await scratch.ilsa(["run", "--detach", "sandbags.lua", "--param", "district=atlantis"])
        #expect(invalid.exited(2), "\(invalid.summary)")
        #expect(!FileManager.default.fileExists(atPath: scratch.store), "a store was created")
        let status = try await scratch.ilsa(["status"])
        #expect(status.exited(2))
        #expect(status.stderrText.hasPrefix("ilsa: no store at"))
    }

    @Test func anUnknownRunExitsTwoWithTheNearestId() async throws {
        let scratch = try Workspace()
        try scratch.write("sandbags.lua", FixturePlaybooks.sandbags)
        #expect(try await scratch.ilsa(["run", "--detach", "--id", "rain7", "sandbags.lua"]).exited(0))
        for command in [["status", "rain8"], ["history", "rain8"], ["cancel", "rain8"]] {
            let result = try await scratch.ilsa(command)
            #expect(result.exited(2), "\(result.summary)")
            #expect(result.stderrText == "ilsa: no run 'rain8' (did you mean 'rain7'?); list the runs with ilsa status --all\n")
        }
    }

    @Test func heavyRainStartsFromTheProjectAndIsCancelledFromAnotherFolder() async throws {
        let scratch = try Workspace()
        let started = try await scratch.ilsa(
            ["run", "--detach", "--id", "hr1", "workflows/heavy_rain.lua", "--param", "district=singil"], in: Fixtures.packageRoot)
        #expect(started.exited(0), "\(started.summary)")
        #expect(started.stdoutText == "hr1\n")

        let detail = try await scratch.ilsa(["status", "hr1"])
        #expect(detail.stdoutText.contains("title      호우 대응 (권역) — heavy rain, district response\n"), "\(detail.stdoutText)")
        #expect(detail.stdoutText.contains("params     district=singil, level=advisory, rain_mm_per_hour=30, watch=3h\n"))
        #expect(detail.stdoutText.contains("open tasks (4)"), "\(detail.stdoutText)")
        #expect(detail.stdoutText.contains("반지하 취약가구 연락·대피 안내"))
        #expect(detail.stdoutText.contains("signals kma.heavy_rain, rain_reading; a timer (in 2h59m)"), "\(detail.stdoutText)")

        let history = try await scratch.ilsa(["history", "hr1"])
        #expect(history.stdoutText.contains("log: 호우주의보 (heavy rain advisory) for singil, 30 mm/h"), "\(history.stdoutText)")
        #expect(history.stdoutText.contains("created: 지하차도 통제 준비 → POL.BOX singil, due in 1h00m, high"))
        #expect(
            history.stdoutText.contains(
                "waiting for the first of: signal 'kma.heavy_rain', signal 'rain_reading', a timer (fires in 3h00m)"))

        let cancelled = try await scratch.ilsa(["cancel", "hr1", "--by", "kim.minsu", "--reason", "주의보 해제"])
        #expect(cancelled.exited(0), "\(cancelled.summary)")
        #expect(
            cancelled.stdoutText == """
                run hr1 (heavy_rain) cancelled by kim.minsu: 4 open tasks cancelled
                  closed task hr1.3: 반지하 취약가구 연락·대피 안내
                  closed task hr1.4: 침수 우려 지역 순찰·빗물받이 점검
                  closed task hr1.6: 배수펌프·구조장비 대기
                  closed task hr1.8: 지하차도 통제 준비

                """, "it names every task it closed")
    }
}
