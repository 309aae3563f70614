import Foundation
import IlsaEngine
import IlsaREPL
import Testing

/// Feeds lines to a fresh session and returns what it printed, one string per non-empty output.
func transcript(_ lines: [String], roster: Roster? = nil) throws -> String {
    let session = try ReplSession(options: .init(roster: roster, start: Date(timeIntervalSince1970: 1_752_624_000)))
    var out: [String] = []
    for line in lines {
        let output = session.feed(line)
        if !output.text.isEmpty { out.append(output.text) }
        if output.quit { break }
    }
    return out.joined(separator: "\n")
}
