import Foundation

/// The reference as plain text, for `ilsa api` and the REPL's `:help NAME`.
extension APIReference {
    /// How an entry is called and what it gives back: `ilsa.task(spec) -> ilsa.Task`.
    public static func heading(_ entry: APIEntry) -> String {
        entry.returns.isEmpty ? entry.signature : entry.signature + " -> " + entry.returns.map(\.type).joined(separator: ", ")
    }

    /// One entry in full: signature, summary, discussion, parameters, returns, whether it waits,
    /// an example and its errors.
    ///
    /// ```text
    /// ilsa.sleep(due) -> ilsa.TimerAnswer   (waits)
    ///   Waits until a due time: a duration from now, an offset from the run's start, or a time.
    /// ...
    /// ```
    public static func text(_ entry: APIEntry) -> String {
        var lines = [heading(entry) + (entry.waits ? "   (waits)" : "")]
        lines += wrap(entry.summary, indent: "  ")
        if !entry.discussion.isEmpty { lines += [""] + wrap(entry.discussion, indent: "  ") }
        if !entry.parameters.isEmpty {
            lines += ["", "Parameters"]
            for parameter in entry.parameters {
                let name = parameter.name + (parameter.optional ? "?" : "")
                lines += wrap("\(name) (\(parameter.type)): \(parameter.summary)", indent: "  ", hanging: "    ")
            }
        }
        if !entry.returns.isEmpty {
            lines += ["", "Returns"]
            for value in entry.returns { lines += wrap("\(value.name) (\(value.type)): \(value.summary)", indent: "  ", hanging: "    ") }
        }
        if entry.waits {
            lines += ["", "Waits", "  yes: the run stops here, in the store, until it is answered; other branches go on"]
        }
        lines += ["", "Example"] + entry.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        if !entry.errors.isEmpty {
            lines += ["", "Errors"] + entry.errors.flatMap { wrap($0, indent: "  ", hanging: "    ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The whole API in brief: one line per function and method, with `ilsa api NAME` for more.
    public static func overview() -> String {
        var lines = ["The playbook API: the functions a playbook calls inside run(ctx), and the methods of what they return.", ""]
        let width = entries.map { heading($0).count }.max() ?? 0
        func line(_ entry: APIEntry) -> String {
            let shown = heading(entry)
            return "  " + shown + String(repeating: " ", count: width - shown.count) + "  " + (entry.waits ? "waits  " : "       ")
                + entry.summary.replacingOccurrences(of: "`", with: "")
        }
        lines += ["Functions"] + functions.map(line)
        for handle in PlaybookAPI.Handle.allCases where !methods(of: handle).isEmpty {
            lines += ["", className(of: handle)] + methods(of: handle).map(line)
        }
        lines += ["", "ilsa api NAME shows one in full (ilsa api task, ilsa api task:wait); --markdown, --json, --luals for the others."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Words wrapped at 100 columns; lines after the first start with `hanging`.
    static func wrap(_ text: String, indent: String, hanging: String? = nil, width: Int = 100) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = indent + word
            } else if current.count + 1 + word.count > width {
                lines.append(current)
                current = (hanging ?? indent) + word
            } else {
                current += " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
