/// The `--color always|never|auto` choice.
///
/// The raw values are the option's spellings, so the CLI can parse it directly
/// (`extension ColorMode: ExpressibleByArgument {}`).
public enum ColorMode: String, Sendable, CaseIterable {
    /// Colour when writing to a terminal, `NO_COLOR` is unset or empty, and `TERM` is not `dumb`.
    case auto
    /// Colour always, even into a pipe or with `NO_COLOR` set (an explicit flag wins, per no-color.org).
    case always
    /// Never colour.
    case never

    /// Returns whether output to `fd` should be coloured.
    ///
    /// - Parameters:
    ///   - fd: The file descriptor the output goes to.
    ///   - environment: The process environment.
    ///   - isTerminal: Whether a descriptor is a terminal; defaults to `isatty`.
    public func isEnabled(
        fd: Int32,
        environment: [String: String],
        isTerminal: (Int32) -> Bool = Terminal.isTerminal
    ) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal(fd)
        }
    }
}
