import IlsaStore
import Foundation
import IlsaEngine
import IlsaTerminal

/// Prints a run's events as they happen, one line each: `18:00:05  task a1b2c3d4.4 created: ...`,
/// or with `--json` one JSON object per line (JSON Lines), every event included. Each line is
/// flushed at once, so a pipe or a file sees it as it happens.
struct ProgressPrinter {
    let styler: Styler
    let json: Bool

    init(output: OutputOptions) {
        styler = output.styler
        json = output.json
    }

    /// Prints an event: its words (nil when the narrator leaves it out), with the time of day.
    func print(_ event: HistoryEvent, run: RunID, line: EventNarrator.Line?) {
        if json {
            emit(RunJSON.event(event, run: run, text: line?.text).compactText)
        } else if let line {
            emit(text(line, at: event.at))
        }
    }

    /// Prints something the history does not record but the follower noticed (a task overdue).
    func print(notice line: EventNarrator.Line, kind: String, at date: Date, run: RunID, fields: [String: JSONValue]) {
        if json {
            var object = fields
            object["run"] = .string(run.rawValue)
            object["kind"] = .string(kind)
            object["at"] = .string(ReadModelJSON.iso(date))
            object["text"] = .string(line.text)
            emit(JSONValue.object(object).compactText)
        } else {
            emit(text(line, at: date))
        }
    }

    /// `18:00:05  text`, styled.
    func text(_ line: EventNarrator.Line, at date: Date) -> String {
        styler.apply(.dim, to: TimeText.clock(date)) + "  " + styler.apply(Self.style(line.tone), to: line.text)
    }

    static func style(_ tone: EventNarrator.Tone) -> Style {
        switch tone {
        case .plain: .plain
        case .quiet: .dim
        case .good: .color(.green)
        case .notice: .color(.yellow)
        case .bad: Style(color: .red, bold: true)
        }
    }

    private func emit(_ text: String) {
        Swift.print(text)
        fflush(nil)
    }
}

extension JSONValue {
    /// One line of JSON (the canonical encoding, as ``JSONOutput`` writes it).
    var compactText: String { (try? JSONOutput.text(self)) ?? "null" }
}
