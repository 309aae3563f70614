import Foundation
import IlsaTesting
import Testing

/// Runs every script of `Tests/Conformance` under `lua5.4` and under `ilsa lua`, and requires the
/// same standard output. Files named `full_*.lua` need io, os, debug or package and run only with
/// `--full`; the others run under both profiles.
@Suite("Conformance suite: ilsa lua against lua5.4")
struct ConformanceTests {
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.conformance.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted()
    }()

    static var sandboxFiles: [String] { files.filter { !$0.hasPrefix("full_") } }

    @Test func suiteIsPresent() {
        #expect(Self.files.count >= 12, "Tests/Conformance should hold the conformance scripts")
        #expect(Self.files.contains { $0.hasPrefix("full_") })
    }

    @Test("ilsa lua --full prints what lua5.4 prints", arguments: files)
    func fullProfile(file: String) async throws {
        try await compare(file, profile: .full)
    }

    @Test("ilsa lua (sandbox) prints what lua5.4 prints", arguments: sandboxFiles)
    func sandboxProfile(file: String) async throws {
        try await compare(file, profile: .sandbox)
    }

    private func compare(_ file: String, profile: Profile) async throws {
        let directory = Fixtures.conformance
        let reference = try await CLI.lua([file], in: directory)
        try #require(reference.exited(0), "lua5.4 \(file) must pass first: \(reference.summary)")
        #expect(reference.stdoutText.hasSuffix("OK\n"), "\(file) should end by printing OK")

        let arguments = profile == .full ? ["lua", "--full", file] : ["lua", file]
        let result = try await CLI.ilsa(arguments, in: directory)
        #expect(result.exited(0), "ilsa \(arguments.joined(separator: " ")): \(result.summary)")
        guard result.stdout != reference.stdout else { return }

        let expected = lines(reference.stdout)
        let actual = lines(result.stdout)
        guard expected.count == actual.count else {
            let first =
                zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(expected.count, actual.count)
            Issue.record(
                """
                ilsa \(arguments.joined(separator: " ")) printed \(actual.count) lines, lua5.4 printed \
                \(expected.count); first difference at line \(first + 1):
                  lua5.4: \(first < expected.count ? expected[first] : "<none>")
                  ilsa:   \(first < actual.count ? actual[first] : "<none>")
                """)
            return
        }
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            let message = Comment(
                rawValue: """
                    \(file):\(index + 1) of the output differs (\(profile)):
                      lua5.4: \(want)
                      ilsa:   \(got)
                    """)
            Issue.record(message)
        }
    }

    private func lines(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

enum Profile: String, Sendable, CustomStringConvertible {
    case sandbox, full
    var description: String { rawValue }
}
