import ArgumentParser
import Foundation
import IlsaEngine

/// `ilsa history`: a run's timeline, every event in words.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a run's history: every command it issued and every answer it got, in order.",
        discussion: """
            One line per event: when it happened (the engine's time, in UTC; with --relative, the \
            time since the run started, T+1h05m), its number in the history, and what happened, \
            in the words ilsa run prints as it happens. Unlike ilsa run, the history shows every \
            wait and every answer too. --json prints the events themselves (kind, command number, \
            name, payload), for scripts.

            Examples:
              ilsa history 3f9c1a2b
              ilsa history --relative 3f9c1a2b
              ilsa history --json 3f9c1a2b | jq 'map(select(.kind == "task_updated"))'

            $ ilsa history 3f9c1a2b
            2025-07-16 00:00:00Z   1  run 3f9c1a2b started: heavy_rain (...)
            2025-07-16 00:00:00Z   2  log: 호우주의보 (heavy rain advisory) for singil, 30 mm/h
            2025-07-16 00:00:00Z   3  running 4 branches side by side
            2025-07-16 00:00:00Z   4  task 3f9c1a2b.3 created: 반지하 …
            2025-07-16 00:00:00Z   6  waiting for task 3f9c1a2b.3
            """
    )

    @Argument(help: ArgumentHelp("The run.", valueName: "run"))
    var runID: String

    @Flag(help: "Show times as T+... from the run's start instead of UTC times.")
    var relative = false

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rosterOption: RosterOption
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOption.open(create: false)
        let record = try Lookup.run(runID, in: store)
        let history = try store.history(of: record.id)
        var narrator = EventNarrator(run: record.id)
        let lines = history.map { narrator.narrate($0, detail: .full) }
        if output.json {
            try output.print(json: .array(zip(history, lines).map { RunJSON.event($0, run: record.id, text: $1?.text) }))
            return
        }
        let start = history.first?.at ?? record.createdAt
        let city = CityTime(roster: try? rosterOption.load())
        let times = history.map { relative ? TimeText.sinceStart($0.at, start: start) : TimeText.stamp($0.at, city) }
        let timeWidth = times.map(\.count).max() ?? 0
        let numberWidth = String(history.last?.sequence ?? 0).count
        let styler = output.styler
        for (index, event) in history.enumerated() {
            guard let line = lines[index] else { continue }
            let time = times[index].padding(toLength: timeWidth, withPad: " ", startingAt: 0)
            let number = String(event.sequence)
            let padded = String(repeating: " ", count: numberWidth - number.count) + number
            print(
                styler.apply(.dim, to: time) + "  " + styler.apply(.dim, to: padded) + "  "
                    + styler.apply(ProgressPrinter.style(line.tone), to: line.text))
        }
    }
}
