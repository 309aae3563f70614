import IlsaCheck
import Testing

/// `ilsa check` warns about work nothing comes back to: it closes with the run when `run`
/// returns (issue 17). Work that is waited for, raced, cancelled or handed on is not flagged.
struct OpenWorkCheckTests {
    func findings(_ body: String) -> [CheckFinding] {
        let source = "return ilsa.workflow { name = \"p\", title = \"P\", run = function(ctx)\n\(body)\nend }\n"
        return PlaybookChecker().check(source: source, file: "p.lua").filter { $0.code == .openWork }
    }

    @Test(arguments: [
        #"ilsa.task { title = "안내" }"#,
        #"local t = ilsa.task { title = "안내" }"#,
        #"local b = ilsa.branch(function() ilsa.sleep("1h") end)"#,
        "for i = 1, 3 do ilsa.task { title = \"순찰 \" .. i } end",
        "if true then ilsa.task { title = \"x\" } end",
    ])
    func workNothingComesBackToIsAWarning(_ body: String) {
        let found = findings(body)
        #expect(found.count == 1, "\(body): \(found)")
        #expect(found.allSatisfy { $0.severity == .warning && $0.line == 2 })
    }

    @Test(arguments: [
        #"ilsa.task { title = "x" }:wait()"#,
        #"local t = ilsa.task { title = "x" }; t:wait()"#,
        #"local t = ilsa.task { title = "x" }; ilsa.any { t, ilsa.timer("1h") }"#,
        #"local t = ilsa.task { title = "x" }; t:cancel()"#,
        #"local t = ilsa.task { title = "x" }; return t"#,
        #"local tasks = { ilsa.task { title = "a" }, ilsa.task { title = "b" } }; ilsa.all(tasks)"#,
        #"local b = ilsa.branch(function() end); b:wait()"#,
        #"ilsa.all { ilsa.task { title = "a" } }"#,
        #"return ilsa.task { title = "x" }:id()"#,
    ])
    func workThatIsKeptIsNot(_ body: String) {
        #expect(findings(body).isEmpty, "\(body)")
    }
}
