/// ilsa-bench: what calls, suspensions, states and limits cost in Ilsa, measured side by side.
/// Usage: swift run -c release ilsa-bench [--quick] [--rounds K] [--processes P] (see --help).
import IlsaLua
import Foundation

if CommandLine.arguments.dropFirst().first == "--measure-process" {
    measureProcessAndReport(Array(CommandLine.arguments.dropFirst(2)))
}
if CommandLine.arguments.dropFirst().first == "--fleet-worker" {
    fleetWorker(Array(CommandLine.arguments.dropFirst(2)))
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let options = try Options.parse(arguments)
    #if DEBUG
        FileHandle.standardError.write(Data("warning: debug build; use `swift run -c release ilsa-bench`\n".utf8))
    #endif
    let loadAtStart = loadAverage()
    let lines: [Line]
    var header = "ilsa-bench: \(LuaState.luaRelease); "
    if options.processes > 1 {
        var childArguments = arguments
        if let i = childArguments.firstIndex(of: "--processes") { childArguments.removeSubrange(i...i + 1) }
        lines = try acrossProcesses(options.processes, arguments: childArguments)
        header +=
            "median of \(options.processes) processes (each the median of \(options.rounds) rounds); "
            + "[min..max] = range of the per-process medians"
    } else {
        lines = try runAll(options)
        header +=
            "median of \(options.rounds) rounds in one process (tight loops: \(options.rounds * options.loopRepeats) runs); [min..max] over rounds"
    }
    if options.tsv {
        printTSV(lines)
    } else {
        printTable(lines, header: header + "\nload average before / after: \(loadAtStart) / \(loadAverage())")
        printGoals(lines)
        printNotes()
    }
} catch let error as UsageError {
    guard let message = error.message else {
        print(Options.usage)
        exit(0)
    }
    FileHandle.standardError.write(Data("ilsa-bench: \(message)\n\(Options.usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("ilsa-bench: \(error)\n".utf8))
    exit(1)
}
