import IlsaCheck
import IlsaDrill
import Foundation
import IlsaEngine
import IlsaTesting
import Testing

/// Every Lua example in `docs/authoring.md` runs. Each ```lua block says what it is in its info
/// string:
///
/// - ```` ```lua playbook name=FILE [param.NAME=VALUE]... [responders=NAME] [expect=OUTCOME] [returns=JSON] ````:
///   a whole playbook file. `ilsa check` finds nothing in it against the real roster, and a drill
///   (the engine on a throw-away store and a virtual clock, with the real roster and the
///   built-in responders, or the guide's responders block NAME; seed 1) ends with OUTCOME
///   (default `completed`), and the run returns JSON when it is given (compact, keys sorted).
/// Checks and drills have the shipped plugins' modules, as `ilsa check` and `ilsa drill` do.
///
/// - ```` ```lua fragment ````: lines from inside `run(ctx)`. Wrapped in a playbook with a `district`
///   parameter (default `singil`), `ilsa check` finds nothing, and a drill does not fail.
/// - ```` ```lua responders name=NAME ````: a responders file; it loads and fits the roster.
struct AuthoringGuideTests {
    static let blocks: [Block] = (try? Block.all(in: Fixtures.text("docs/authoring.md"))) ?? []

    /// A fenced ```lua block of the guide.
    struct Block: Sendable, CustomTestStringConvertible {
        /// The line of its opening fence.
        var line: Int
        /// `playbook`, `fragment` or `responders`.
        var kind: String
        var attributes: [String: String]
        var code: String

        var testDescription: String { "\(kind) \(attributes["name"] ?? "") at docs/authoring.md:\(line)" }

        static func all(in text: String) -> [Block] {
            var blocks: [Block] = []
            var open: Block?
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if var block = open {
                    if line == "```" {
                        blocks.append(block)
                        open = nil
                    } else {
                        block.code += line + "\n"
                        open = block
                    }
                } else if line.hasPrefix("```lua") {
                    let words = line.dropFirst(3).split(separator: " ").map(String.init)
                    var attributes: [String: String] = [:]
                    for word in words.dropFirst(2) {
                        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                        if parts.count == 2 { attributes[parts[0]] = parts[1] }
                    }
                    open = Block(line: index + 1, kind: words.count > 1 ? words[1] : "", attributes: attributes, code: "")
                }
            }
            return blocks
        }
    }

    @Test func theGuideHasExamplesOfEveryKindAndEachSaysWhatItIs() {
        #expect(Self.blocks.count >= 10)
        for block in Self.blocks {
            #expect(["playbook", "fragment", "responders"].contains(block.kind), "docs/authoring.md:\(block.line): ```lua \(block.kind)")
        }
        #expect(Self.blocks.filter { $0.kind == "playbook" }.count >= 4)
    }

    /// The source `ilsa check` and the drill see: the block, or a fragment inside a playbook.
    static func source(of block: Block) -> String {
        guard block.kind == "fragment" else { return block.code }
        return """
            return ilsa.workflow {
              name = "fragment", title = "Fragment",
              params = { { name = "district", type = "district", default = "singil" } },
              run = function(ctx)
            \(block.code)  end,
            }

            """
    }

    @Test(arguments: blocks.filter { $0.kind != "responders" })
    func theExampleIsCleanByIlsaCheck(_ block: Block) {
        // A fragment is lines from inside `run`: what follows it is not shown, so work it leaves
        // open is not a finding there (whole playbooks are checked for it).
        let findings = PlaybookChecker(roster: Fixtures.roster, plugins: Fixtures.pluginModules).check(
            source: Self.source(of: block), file: block.attributes["name"] ?? "fragment.lua"
        ).filter { block.kind == "playbook" || $0.code != .openWork }
        #expect(findings.isEmpty, "docs/authoring.md:\(block.line): \(findings.map(\.description))")
    }

    @Test(arguments: blocks.filter { $0.kind != "responders" })
    func theExampleRunsInADrill(_ block: Block) throws {
        var drill = Drill(playbook: block.attributes["name"] ?? "fragment.lua", source: Self.source(of: block), roster: Fixtures.roster)
        drill.plugins = Fixtures.pluginModules
        drill.arguments = Dictionary(
            uniqueKeysWithValues: block.attributes.compactMap { key, value in
                key.hasPrefix("param.") ? (String(key.dropFirst(6)), value) : nil
            })
        if let name = block.attributes["responders"] {
            let file = try #require(
                Self.blocks.first { $0.kind == "responders" && $0.attributes["name"] == name }, "no responders block '\(name)'")
            drill.responders = try ResponderProfile.load(source: file.code, chunkName: name + ".lua")
        }
        let report = try drill.run()
        #expect(report.failure == nil, "docs/authoring.md:\(block.line): \(report.failure ?? "")")
        if block.kind == "playbook" {
            let expected = block.attributes["expect"] ?? "completed"
            #expect(report.outcome.rawValue == expected, "docs/authoring.md:\(block.line): the drill ended \(report.outcome)")
            if let returns = block.attributes["returns"] {
                #expect(try report.returned?.encodedText() == returns, "docs/authoring.md:\(block.line)")
            }
        } else {
            #expect(report.outcome != .failed)
        }
    }

    @Test(arguments: blocks.filter { $0.kind == "responders" })
    func theRespondersFileLoadsAndFitsTheRoster(_ block: Block) throws {
        let profile = try ResponderProfile.load(source: block.code, chunkName: (block.attributes["name"] ?? "responders") + ".lua")
        try profile.validate(against: Fixtures.roster)
    }
}
