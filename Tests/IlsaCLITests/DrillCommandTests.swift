import Foundation
import IlsaTesting
import Testing

/// `ilsa drill` as a user runs it: the whole text for a fixed seed, the HTML report, the same
/// bytes twice, and the exit statuses for bad input.
struct DrillCommandTests {
    /// Runs `ilsa drill ARGUMENTS` from the package root (the roster and workflows are found
    /// there), without colour and without anything from the caller's environment.
    private func drill(_ arguments: [String]) async throws -> RunResult {
        try await CLI.ilsa(
            ["drill"] + arguments, environment: ["ILSA_ROSTER": "", "ILSA_WORKFLOWS": "", "NO_COLOR": "1"], in: Fixtures.packageRoot)
    }

    static let heavyRainSeed7 = """
        Drill of heavy_rain — 호우 대응 (권역) — heavy rain, district response
          workflows/heavy_rain.lua · district=singil, level=advisory, rain_mm_per_hour=30, watch=3h
          seed 7 · T0 2025-07-16 09:00 KST (virtual clock) · horizon 72h · responders: built-in (Ansan)

        Timeline
        TIME        EVENT
        T+0:00:00   run started: heavy_rain (district=singil, level=advisory, rain_mm_per_hour=30, watch=3h)
        T+0:00:00   log: 호우주의보 (heavy rain advisory) for singil, 30 mm/h
        T+0:00:00   task 반지하 취약가구 연락·대피 안내 → DONG.HEAD singil, due T+1:00:00
        T+0:00:00   task 침수 우려 지역 순찰·빗물받이 점검 → DONG.HEAD singil, due T+2:00:00
        T+0:00:00   task 배수펌프·구조장비 대기 → FIRE.SC119 singil, due T+1:00:00
        T+0:00:00   task 지하차도 통제 준비 → POL.BOX singil, due T+1:00:00
        T+0:03:40   acknowledged by FIRE.SC119 singil: 배수펌프·구조장비 대기
        T+0:12:43   acknowledged by DONG.HEAD singil: 반지하 취약가구 연락·대피 안내
        T+0:15:03   acknowledged by DONG.HEAD singil: 침수 우려 지역 순찰·빗물받이 점검
        T+0:38:32   done by FIRE.SC119 singil: 배수펌프·구조장비 대기 — met
        T+0:55:54   done by DONG.HEAD singil: 반지하 취약가구 연락·대피 안내 — met
        T+2:15:10   done by DONG.HEAD singil: 침수 우려 지역 순찰·빗물받이 점검 — missed, 15m10s late
        T+3:00:00   log: watch over in singil: watch_ended
        T+5:00:00   not acknowledged: 지하차도 통제 준비 climbed to rung 1 (unit_head)
        T+9:00:00   not acknowledged: 지하차도 통제 준비 climbed to rung 2 (DIST.CHAIR)
        T+9:04:55   acknowledged by DIST.CHAIR singil: 지하차도 통제 준비
        T+10:04:11  done by POL.BOX singil: 지하차도 통제 준비 — missed, 9h4m11s late
        T+10:04:11  log: singil: watch_ended, peak 30 mm/h
        T+10:04:11  run completed

        Tasks
        ID       TASK                               ASSIGNEE           DUE        ACKNOWLEDGED  DONE        LADDER        RESULT
        drill.3  반지하 취약가구 연락·대피 안내     DONG.HEAD singil   T+1:00:00  T+0:12:43     T+0:55:54   —             met
        drill.4  침수 우려 지역 순찰·빗물받이 점검  DONG.HEAD singil   T+2:00:00  T+0:15:03     T+2:15:10   —             missed (+15m10s)
        drill.6  배수펌프·구조장비 대기             FIRE.SC119 singil  T+1:00:00  T+0:03:40     T+0:38:32   —             met
        drill.8  지하차도 통제 준비                 POL.BOX singil     T+1:00:00  T+9:04:55     T+10:04:11  2 DIST.CHAIR  missed (+9h4m11s)

        Escalations
        none

        Critical path
        FROM        TO              TOOK  STEP
        T+0:00:00   T+0:00:00             start: run started
        T+0:00:00   T+10:04:11  10h4m11s  task: 지하차도 통제 준비 (POL.BOX singil)
        T+10:04:11  T+10:04:11            end: run completed

        Result: completed at T+10:04:11 · tasks: 2 met, 2 missed · ladders: 1 climbed, highest rung 2 (DIST.CHAIR, 지하차도 통제 준비) · escalations: none
        Returned: {"district":"singil","level":"advisory","outcome":"watch_ended","peak_mm_per_hour":30.0,"tasks":{"flood_spots":"done","households":"done","pumps":"done","underpasses":"done"}}

        """

    @Test func heavyRainInSingilWithSeed7() async throws {
        let result = try await drill(["workflows/heavy_rain.lua", "--param", "district=singil", "--seed", "7"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stderrText == "")
        #expect(result.stdoutText == Self.heavyRainSeed7)
    }

    @Test func theReportIsHTMLWithAChartAndTheSameSeedGivesTheSameBytes() async throws {
        let scratch = try Workspace()
        var reports: [Data] = []
        var outputs: [Data] = []
        for name in ["first.html", "second.html"] {
            let path = scratch.url.appendingPathComponent(name).path
            let result = try await drill([
                "heavy_rain", "--param", "district=singil", "--seed", "7", "--responders", "plugins/ansan/responders.lua",
                "--report", path,
            ])
            #expect(result.exited(0), "\(result.summary)")
            #expect(result.stderrText == "after-action report: \(path) (open it in a browser)\n")
            reports.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            outputs.append(result.stdout)
        }
        let html = String(decoding: reports[0], as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("경계 (alert)"))
        #expect(reports[0] == reports[1])
        #expect(outputs[0] == outputs[1])
        #expect(
            String(decoding: outputs[0], as: UTF8.self).contains(
                "escalations: 1, highest 경계 (alert) to control_tower, decided evacuate_low_areas"))
    }

    @Test func jsonIsTheReportForScripts() async throws {
        let result = try await drill(["heavy_rain", "--param", "district=singil", "--seed", "7", "--json"])
        #expect(result.exited(0), "\(result.summary)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["outcome"] as? String == "completed")
        #expect(object["end_s"] as? Int == 36_251)
        #expect((object["summary"] as? [String: Any])?["highest_rung"] as? Int == 2)
        #expect((object["tasks"] as? [Any])?.count == 4)
    }

    @Test func aRunStillWaitingAtTheHorizonExitsOne() async throws {
        let result = try await drill(["heavy_rain", "--param", "district=singil", "--until", "1h"])
        #expect(result.exited(1), "\(result.summary)")
        #expect(result.stdoutText.contains("Result: still waiting at the horizon, T+1:00:00"))
    }

    @Test func badParametersExitTwo() async throws {
        var result = try await drill(["heavy_rain", "--param", "district"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText == "ilsa: --param district: expected NAME=VALUE, such as --param district=singil\n")
        result = try await drill(["heavy_rain", "--param", "distrcit=singil"])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.contains("distrcit"))
        #expect(result.stdoutText == "")
        result = try await drill(["heavy_rain", "--until", "soon"])
        #expect(result.exited(2), "\(result.summary)")
    }

    @Test func aBadRespondersFileExitsTwoWithFileAndLine() async throws {
        let scratch = try Workspace()
        let file = try scratch.write(
            "responders.lua",
            """
            default { miss = 0.1 }

            role "DONG.HEAD" { acknowledge = { "5m", "20 minutes" } }
            role "FIRE.SC911" { miss = 0 }
            """)
        var result = try await drill(["heavy_rain", "--responders", file.path])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.hasPrefix("ilsa: \(file.path):3: role 'DONG.HEAD': 'acknowledge': \"20 minutes\" is not a duration"))
        try scratch.write("responders.lua", "role \"FIRE.SC911\" { miss = 0 }\n")
        result = try await drill(["heavy_rain", "--responders", file.path])
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText == "ilsa: \(file.path):1: the roster has no role 'FIRE.SC911' (did you mean 'FIRE.SC119'?)\n")
        result = try await drill(["heavy_rain", "--responders", scratch.url.appendingPathComponent("nope.lua").path])
        #expect(result.exited(2), "\(result.summary)")
    }

    @Test func helpHasAnExample() async throws {
        let result = try await drill(["--help"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText.contains("ilsa drill heavy_rain --param district=singil --seed 7"))
    }
}
