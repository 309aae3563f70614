import Foundation
import IlsaTesting
import Testing

/// Input the commands refuse with one clear line and status 2, changing nothing: a negative
/// number for an option, an empty `--by`, a playbook that is not UTF-8.
struct InputCheckTests {
    /// argument-parser would take `-5` for an option and say the value is missing.
    @Test(arguments: [
        (["tasks", "--limit", "-5"], "--limit must be a positive number, not -5"),
        (["tasks", "--limit=-5"], "--limit must be a positive number, not -5"),
        (["status", "--page", "0"], "--page must be a positive number, not 0"),
        (["escalations", "--limit", "ten"], "The value 'ten' is invalid for '--limit <n>'"),
        (["work", "--interval", "-1"], "--interval must be a positive number of seconds"),
        (["drill", "x.lua", "--seed", "-3"], "The value '-3' is invalid for '--seed <n>': a seed is a whole number from 0 to "),
        (["run", "x.lua", "--seed", "-3"], "The value '-3' is invalid for '--seed <n>': a seed is a whole number from 0 to "),
        (["plugins", "poll", "--every", "-60"], "--every must be a positive number of seconds"),
        (["lua", "--time-limit", "-1", "x.lua"], "--time-limit must be a positive number of seconds"),
        (["lua", "--memory-limit", "-5M", "x.lua"], "The value '-5M' is invalid for '--memory-limit <bytes>'"),
    ])
    func negativeNumbersAreRefusedClearly(_ arguments: [String], _ message: String) async throws {
        let workspace = try Workspace()
        let result = try await workspace.ilsa(arguments)
        #expect(result.exited(2), "\(result.summary)")
        #expect(result.stderrText.hasPrefix("Error: " + message), "\(result.summary)")
        #expect(!result.stderrText.contains("Missing value"), "\(result.summary)")
    }

    /// "cancelled by " names nobody: every command that records who acted refuses an empty name.
    @Test func everyByRefusesAnEmptyName() async throws {
        let duty = try Workspace.dutyDesk()
        try await duty.start("duty", id: "d1")
        try await duty.start("tower", id: "t1")
        let before = (try await duty.snapshot("d1"), try await duty.snapshot("t1"))
        for command in [
            ["cancel", "d1"], ["task", "ack", "d1.1"], ["task", "done", "d1.1"], ["escalation", "ack", "t1.1"], ["decide", "t1.1", "hold"],
        ] {
            for name in ["", "   ", "\t\n"] {
                let result = try await duty.ilsa(command + ["--by", name])
                #expect(result.exited(2), "\(command) --by '\(name)': \(result.summary)")
                #expect(result.stderrText == "ilsa: --by needs a name: who is acting (default: $USER)\n", "\(result.summary)")
            }
        }
        #expect(try await duty.snapshot("d1") == before.0)
        #expect(try await duty.snapshot("t1") == before.1)
        // A name with spaces around it is the name.
        let cancel = try await duty.ilsa(["cancel", "d1", "--by", "  kim.minsu "])
        #expect(cancel.stdoutText.hasPrefix("run d1 (duty) cancelled by kim.minsu: "), "\(cancel.summary)")
    }

    /// A playbook saved in EUC-KR (a Korean editor's default) is named, with the line, on one line.
    @Test func aPlaybookThatIsNotUTF8IsNamed() async throws {
        let workspace = try Workspace()
        // "-- 가" in EUC-KR: 0xB0 0xA1 is not UTF-8.
        let bytes = Data("return ilsa.workflow { name = \"x\", title = \"x\", run = function() end }\n-- ".utf8) + Data([0xB0, 0xA1, 0x0A])
        try bytes.write(to: URL(fileURLWithPath: workspace.path("euckr.lua")))
        let message = "euckr.lua: not UTF-8 text (line 2 is not); save the playbook as UTF-8 (from EUC-KR: iconv -f CP949 -t UTF-8)\n"
        for command in [["run", "--detach", "euckr.lua"], ["drill", "euckr.lua"], ["check", "euckr.lua"]] {
            let result = try await workspace.ilsa(command)
            #expect(result.exited(2), "\(command): \(result.summary)")
            #expect(result.stderrText.hasPrefix("ilsa: ") && result.stderrText.hasSuffix(message), "\(command): \(result.summary)")
            #expect(result.stderrText.split(separator: "\n").count == 1, "\(result.summary)")
            #expect(!result.stderrText.contains("NSCocoaErrorDomain"), "\(result.summary)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.store), "nothing was started")
    }
}
