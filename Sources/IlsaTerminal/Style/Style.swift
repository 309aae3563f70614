/// How a piece of text looks in a terminal that shows colour: a foreground colour, bold, dim.
///
/// A style is only a description; a ``Styler`` turns it into ANSI escape codes, and only when
/// colour is on.
///
/// ```swift
/// let overdue = Style(color: .red, bold: true)
/// ```
public struct Style: Sendable, Hashable {
    /// A terminal foreground colour from the basic ANSI palette.
    public enum Color: Sendable, Hashable, CaseIterable {
        case black, red, green, yellow, blue, magenta, cyan, white
        /// Bright black: for secondary text.
        case gray

        /// The SGR parameter that selects this colour.
        var sgr: Int {
            switch self {
            case .black: 30
            case .red: 31
            case .green: 32
            case .yellow: 33
            case .blue: 34
            case .magenta: 35
            case .cyan: 36
            case .white: 37
            case .gray: 90
            }
        }
    }

    /// The foreground colour, or `nil` to keep the terminal's.
    public var color: Color?
    /// Whether the text is bold.
    public var isBold: Bool
    /// Whether the text is dim (faint).
    public var isDim: Bool

    /// Creates a style; the default is plain text.
    public init(color: Color? = nil, bold: Bool = false, dim: Bool = false) {
        self.color = color
        self.isBold = bold
        self.isDim = dim
    }

    /// Text as the terminal shows it by default.
    public static let plain = Style()
    /// Bold text, e.g. table headers.
    public static let bold = Style(bold: true)
    /// Dim text, e.g. secondary details.
    public static let dim = Style(dim: true)

    /// Returns a style in `color`.
    public static func color(_ color: Color) -> Style { Style(color: color) }

    /// Whether this style changes nothing.
    public var isPlain: Bool { self == .plain }

    /// The SGR parameters, e.g. `"1;31"` for bold red.
    var sgrParameters: String {
        var parameters: [String] = []
        if isBold { parameters.append("1") }
        if isDim { parameters.append("2") }
        if let color { parameters.append(String(color.sgr)) }
        return parameters.joined(separator: ";")
    }
}
