import Foundation
import IlsaTesting
import Testing

/// `ilsa escalations`, `ilsa decide`, `ilsa escalation ack` and `ilsa signal`.
struct EscalationAndSignalTests {
    @Test func escalationsListTheSeverityInKorean() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("tower", id: "t1")
        let result = try await duty.ilsa(["escalations", "--open"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText == """
                ID    RUN       TO             SEVERITY    REASON             OPTIONS                   STATE
                t1.1  t1 tower  control_tower  경계 alert  55 mm/h in singil  evacuate_low_areas, hold  open

                """)
        let json = try await duty.ilsa(["escalations", "--json"])
        let escalations = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(escalations.first?["severity_ko"] as? String == "경계")
        #expect(escalations.first?["options"] as? [String] == ["evacuate_low_areas", "hold"])
        #expect(escalations.first?["decision"] is NSNull)
    }

    @Test func decideWithAnOfferedOptionWakesTheRun() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("tower", id: "t1")
        let ack = try await duty.ilsa(["escalation", "ack", "t1.1", "--by", "상황실장"])
        #expect(ack.exited(0), "\(ack.summary)")
        #expect(
            ack.stdoutText == """
                t1.1 acknowledged by 상황실장: control_tower, 경계 alert: 55 mm/h in singil
                  options: evacuate_low_areas, hold

                """)
        let again = try await duty.ilsa(["escalation", "ack", "t1.1"])
        #expect(again.exited(2), "\(again.summary)")
        #expect(again.stderrText == "ilsa: escalation 't1.1' is already acknowledged by 상황실장\n")
        let decide = try await duty.ilsa(["decide", "t1.1", "evacuate_low_areas", "--by", "상황실장", "--note", "하천 수위 상승"])
        #expect(decide.exited(0), "\(decide.summary)")
        #expect(
            decide.stdoutText.hasPrefix(
                """
                t1.1 decided by 상황실장: evacuate_low_areas
                  note: 하천 수위 상승
                  new task t1.3: 저지대 주민 대피 (DONG.HEAD singil, due in 
                """), "\(decide.summary)")
        let listed = try await duty.ilsa(["escalations", "--all"])
        #expect(listed.stdoutText.contains("decided  evacuate_low_areas by 상황실장"), "\(listed.summary)")
        // By default, only those still to decide.
        let open = try await duty.ilsa(["escalations"])
        #expect(open.stderrText == "no open escalations\n")
        #expect(try await duty.ilsa(["escalations", "--open"]).stderrText == "no open escalations\n")
    }

    @Test func escalationDecideIsDecide() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("tower", id: "t1")
        let result = try await duty.ilsa(["escalation", "decide", "t1.1", "hold"])
        #expect(result.exited(0), "\(result.summary)")
        #expect(result.stdoutText == "t1.1 decided by 당직자: hold\n  run t1 completed\n")
    }

    struct BadDecision: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let badDecisions: [BadDecision] = [
        BadDecision(
            arguments: ["decide", "t1.1", "evacuate"],
            message:
                "ilsa: escalation 't1.1' does not offer 'evacuate' (did you mean 'evacuate_low_areas'?); its options are evacuate_low_areas, hold\n"
        ),
        BadDecision(
            arguments: ["decide", "t1.1", "hodl"],
            message: "ilsa: escalation 't1.1' does not offer 'hodl' (did you mean 'hold'?); its options are evacuate_low_areas, hold\n"),
        BadDecision(arguments: ["decide", "t1.2", "hold"], message: "ilsa: no escalation 't1.2' (did you mean 't1.1'?)"),
        BadDecision(arguments: ["decide", "t2.1", "hold"], message: "ilsa: escalation 't2.1' is already decided: 'hold' by 당직자\n"),
        BadDecision(arguments: ["escalation", "ack", "t2.1"], message: "ilsa: escalation 't2.1' is already decided: 'hold' by 당직자\n"),
        BadDecision(arguments: ["decide", "t1.1"], message: "Error: Missing expected argument '<option>'"),
    ]

    @Test(arguments: badDecisions)
    func badDecisionsExitTwoAndChangeNothing(_ bad: BadDecision) async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("tower", id: "t1")
        try await duty.start("tower", id: "t2")
        #expect(try await duty.ilsa(["decide", "t2.1", "hold"]).exited(0))
        let before = [try await duty.snapshot("t1"), try await duty.snapshot("t2")]
        let result = try await duty.ilsa(bad.arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdoutText.isEmpty, "\(result.summary)")
        #expect(result.stderrText.hasPrefix(bad.message), "\(result.summary)")
        #expect([try await duty.snapshot("t1"), try await duty.snapshot("t2")] == before)
    }

    @Test func signalWithAJSONPayloadWakesTheRun() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("gauge", id: "g1")
        let history = try await duty.historyLength("g1")
        let result = try await duty.ilsa(["signal", "g1", "rain_reading", #"{"mm_per_hour": 55, "gauge": "신길동"}"#])
        #expect(result.exited(0), "\(result.summary)")
        #expect(
            result.stdoutText.hasPrefix(
                """
                signal 'rain_reading' sent to run g1
                  new task g1.2: 점검 신길동 (DONG.HEAD singil, due in 
                """), "\(result.summary)")
        #expect(result.stderrText.isEmpty, "\(result.summary)")
        #expect(try await duty.historyLength("g1") > history)

        try await duty.start("gauge", id: "g2")
        let json = try await duty.ilsa(["signal", "g2", "rain_reading", #"{"mm_per_hour": 72.5, "gauge": "원곡동"}"#, "--json"])
        #expect(json.exited(0), "\(json.summary)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["signal"] as? String == "rain_reading")
        #expect((object["payload"] as? [String: Any])?["mm_per_hour"] as? Double == 72.5)
        #expect(object["waited"] as? Bool == true)
        #expect((object["new_tasks"] as? [[String: Any]])?.first?["title"] as? String == "점검 원곡동")
    }

    @Test func aSignalNameThePlaybookNeverMentionsIsRefusedUnlessForced() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("gauge", id: "g1")
        let before = try await duty.historyLength("g1")
        let typo = try await duty.ilsa(["signal", "g1", "rain_readng", "null"])
        #expect(typo.exited(2), "\(typo.summary)")
        #expect(typo.stdoutText.isEmpty)
        #expect(
            typo.stderrText == """
                ilsa: run g1 does not wait for 'rain_readng' and its playbook never names it (did you mean 'rain_reading'?); \
                it waits for 'rain_reading'; to send it anyway: --force

                """)
        #expect(try await duty.historyLength("g1") == before, "a refused signal records nothing")
        let forced = try await duty.ilsa(["signal", "g1", "rain_readng", "null", "--force"])
        #expect(forced.exited(0), "\(forced.summary)")
        #expect(forced.stdoutText == "signal 'rain_readng' sent to run g1\n")
        #expect(
            forced.stderrText == """
                note: run g1 is not waiting for 'rain_readng' now; it keeps the signal until it asks for it. It waits for \
                'rain_reading' (did you mean 'rain_reading'?)

                """)
    }

    static let badSignals: [BadDecision] = [
        BadDecision(
            arguments: ["signal", "g1", "rain_reading", #"{"mm_per_hour": 55,}"#],
            message: "ilsa: the payload is not JSON: expected a key at offset 19 (near '}')\n"),
        BadDecision(
            arguments: ["signal", "g1", "rain_reading", "{mm_per_hour: 55}"],
            message: """
                ilsa: the payload is not JSON: expected a key at offset 1 (near 'mm_per_hour:')
                JSON keys need double quotes: '{"mm_per_hour": 55}'

                """),
        BadDecision(
            arguments: ["signal", "g1", "rain_reading", "heavy"],
            message: """
                ilsa: the payload is not JSON: unexpected character at offset 0 (near 'heavy')
                to send text, quote it as a JSON string inside the shell's quotes: '"heavy"'

                """),
        BadDecision(
            arguments: ["signal", "g2", "rain_reading"],
            message: "ilsa: no run 'g2' (did you mean 'g1'?); list the runs with ilsa status --all\n"),
        BadDecision(arguments: ["signal", "d1", "rain_reading"], message: "ilsa: run 'd1' has completed; it takes no signals\n"),
    ]

    @Test(arguments: badSignals)
    func badSignalsExitTwoAndChangeNothing(_ bad: BadDecision) async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("gauge", id: "g1")
        try await duty.start("tower", id: "d1")
        #expect(try await duty.ilsa(["decide", "d1.1", "hold"]).exited(0))
        let before = [try await duty.historyLength("g1"), try await duty.historyLength("d1")]
        let result = try await duty.ilsa(bad.arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stdoutText.isEmpty, "\(result.summary)")
        #expect(result.stderrText == bad.message, "\(result.summary)")
        #expect([try await duty.historyLength("g1"), try await duty.historyLength("d1")] == before)
    }
}
