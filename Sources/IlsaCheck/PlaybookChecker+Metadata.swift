import IlsaLua
import IlsaEngine

/// The metadata: `ilsa.workflow { ... }` as ``Playbook/load(source:chunkName:)`` reads it, its
/// parameters' defaults against the roster, and `ctx.params.NAME` against the parameters.
extension PlaybookChecker {
    /// Loads the metadata (running the file's top level, not `run`).
    /// - Returns: The playbook, or nil when it does not load (a finding says why).
    func checkMetadata(_ source: String, tokens: PlaybookTokens, into findings: inout FindingList) -> Playbook? {
        do {
            // The top level runs: keep its `print` off the checker's output (on line 1, so every
            // line keeps its number).
            return try Playbook.load(source: Self.silencePrint + source, chunkName: Self.chunk, plugins: plugins ?? .empty)
        } catch let error as PlaybookError {
            var (line, message) = Self.splitLocation(error.message)
            if line == nil, error.code == .invalidField || error.code == .notAWorkflow {
                line = Self.line(ofField: Self.fieldPath(in: error.message), in: tokens)
            }
            // `os.execute()` at the top level fails there too: one finding for the line is enough.
            if let line, findings.hasError(on: line) { return nil }
            findings.add(line: line ?? 1, .metadata, message)
        } catch {
            findings.add(line: 1, .metadata, "\(error)")
        }
        return nil
    }

    /// Put in front of the file's first line while its metadata is read.
    static let silencePrint = "local print = function() end; "

    /// Checks parameter defaults against the roster, and `x.params.NAME` against the
    /// parameters.
    func checkParameters(_ playbook: Playbook, tokens: PlaybookTokens, into findings: inout FindingList) {
        if let roster {
            for parameter in playbook.params {
                guard let value = parameter.default else { continue }
                do {
                    _ = try parameter.resolveDefault(value, roster: roster)
                } catch {
                    let line = Self.line(ofField: ["params", parameter.name, "default"], in: tokens)
                    let what = error.detail ?? "it should be \(error.expected)"
                    findings.add(line: line, .params, "the default of parameter '\(parameter.name)' does not fit the roster: \(what)")
                }
            }
        }
        let names = playbook.params.map(\.name)
        for index in tokens.indices where tokens[index].is(".") {
            guard tokens[index + 1].isName("params"), tokens[index + 2].is("."), tokens[index + 3].kind == .name,
                !names.contains(tokens[index + 3].text)
            else { continue }
            let owner = tokens[index - 1].kind == .name ? tokens[index - 1].text + "." : ""
            let name = tokens[index + 3].text
            let hint = DidYouMean.clause(for: name, in: names)
            let known =
                names.isEmpty ? "; it has no parameters" : hint.isEmpty ? "; its parameters are \(names.joined(separator: ", "))" : ""
            findings.add(
                line: tokens[index + 3].line, .params, "\(owner)params.\(name) is not a parameter of \(playbook.name)\(hint)\(known)")
        }
    }

    // MARK: Where a field is

    /// The field a metadata message is about, as path components: `workflow field
    /// 'params.district.default' must be ...` gives `params`, `district`, `default`; `the
    /// workflow has unknown field 'nmae'` gives `nmae`.
    static func fieldPath(in message: String) -> [String] {
        func quoted(after marker: String) -> String? {
            guard let start = message.range(of: marker) else { return nil }
            let rest = message[start.upperBound...]
            guard let end = rest.firstIndex(of: "'") else { return nil }
            return String(rest[..<end])
        }
        var path = (quoted(after: "workflow field '") ?? quoted(after: "workflow fields '")).map(components) ?? []
        if let unknown = quoted(after: "unknown field '") { path.append(unknown) }
        return path
    }

    /// `params[2].name` → `params`, `[2]`, `name`.
    private static func components(_ path: String) -> [String] {
        path.split(separator: ".").flatMap { part -> [String] in
            let key = String(part.prefix { $0 != "[" })
            let index = part.dropFirst(key.count)
            return (key.isEmpty ? [] : [key]) + (index.isEmpty ? [] : [String(index)])
        }
    }

    /// The line of the innermost part of `path` found, searching forward from `ilsa.workflow`:
    /// a key (`name`), a list item (`[2]`), or a parameter by name whether `params` is a map
    /// (`district = {...}`) or a list (`{ name = "district", ... }`). The line of
    /// `ilsa.workflow` when nothing is found; line 1 when there is no `ilsa.workflow`.
    static func line(ofField path: [String], in tokens: PlaybookTokens) -> Int {
        guard
            let start = tokens.indices.first(where: {
                tokens[$0].isName("ilsa") && tokens[$0 + 1].is(".") && tokens[$0 + 2].isName("workflow")
            })
        else { return 1 }
        var line = tokens[start].line
        var position = start
        var previous: String?
        for component in path {
            let found: Int?
            if component.hasPrefix("["), let number = Int(component.dropFirst().dropLast()) {
                found = item(number, ofTableAfter: position, in: tokens)
            } else {
                found = tokens.indices[position...].first { index in
                    guard tokens.isKey(index) else { return false }
                    if tokens[index].text == component { return true }
                    // A parameter in list form: `{ name = "district", ... }`
                    return previous == "params" && tokens[index].text == "name" && tokens[index + 2].kind == .string
                        && tokens[index + 2].text == component
                }
            }
            guard let found else { break }
            line = tokens[found].line
            position = found + 1
            previous = component
        }
        return line
    }

    /// The index of the `number`th item of the table whose key ends just before `position`.
    private static func item(_ number: Int, ofTableAfter position: Int, in tokens: PlaybookTokens) -> Int? {
        guard tokens[position].is("="), tokens[position + 1].is("{"), let close = tokens.closing[position + 1] else { return nil }
        let open = position + 1
        var count = 0
        var expectingItem = true
        for index in (open + 1)..<close where tokens.enclosing[index] == open {
            if tokens[index].is(",") || tokens[index].is(";") {
                expectingItem = true
            } else if expectingItem {
                count += 1
                if count == number { return index }
                expectingItem = false
            }
        }
        return nil
    }
}
