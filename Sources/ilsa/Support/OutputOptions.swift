public import IlsaStore
public import ArgumentParser
import Foundation
import IlsaEngine
public import IlsaTerminal

extension ColorMode: ExpressibleByArgument {}

/// `--json` and `--color`, for every command that prints data.
///
/// With `--json` a command prints one JSON document on standard output (an array or an
/// object, keys sorted) and nothing else there; messages still go to standard error.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text (for scripts).")
    var json = false

    @Option(help: ArgumentHelp("Colour: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorMode = .auto

    /// Styles text for standard output: plain unless colour is on.
    var styler: Styler { json ? .plain : Styler(mode: color) }

    /// Prints a JSON document on standard output.
    func print(json value: JSONValue) throws {
        Swift.print(try JSONOutput.text(value))
    }
}
