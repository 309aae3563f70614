public import Foundation

/// Applies ``Style``s as ANSI escape codes when colour is on, and leaves text untouched when off.
///
/// Styling never changes what is measured: measure and pad the plain text first (as ``TextTable``
/// does), then style it.
///
/// ```swift
/// let styler = Styler(mode: .auto)  // colour only on a terminal, without NO_COLOR, TERM != dumb
/// print(styler.apply(.bold, to: "신길동 주민센터"))
/// ```
public struct Styler: Sendable {
    /// Whether escape codes are written.
    public var isEnabled: Bool

    /// Creates a styler that writes escape codes exactly when `isEnabled` is true.
    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// Creates a styler for output written to `fd`, as the `--color` option asks.
    ///
    /// - Parameters:
    ///   - mode: `--color always|never|auto`; see ``ColorMode/isEnabled(fd:environment:isTerminal:)``.
    ///   - fd: The file descriptor the styled text goes to.
    ///   - environment: The process environment (read for `NO_COLOR` and `TERM`).
    ///   - isTerminal: Whether a descriptor is a terminal; injectable for tests.
    public init(
        mode: ColorMode,
        fd: Int32 = Terminal.standardOutput,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isTerminal: (Int32) -> Bool = Terminal.isTerminal
    ) {
        self.isEnabled = mode.isEnabled(fd: fd, environment: environment, isTerminal: isTerminal)
    }

    /// A styler that never writes escape codes.
    public static let plain = Styler(isEnabled: false)

    /// Returns `text` wrapped in the escape codes for `style`, or `text` itself when colour is off,
    /// the style is plain or the text is empty.
    public func apply(_ style: Style, to text: some StringProtocol) -> String {
        guard isEnabled, !style.isPlain, !text.isEmpty else { return String(text) }
        return "\u{1B}[\(style.sgrParameters)m\(text)\u{1B}[0m"
    }
}
