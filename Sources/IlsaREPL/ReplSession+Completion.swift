import IlsaAPI
import IlsaEngine

/// Tab completion. Everything comes from data already in hand: the names the run reported
/// after its last line (read there with `next`, so no `__index` or other metamethod ever runs
/// for completion), the API registry, the commands and the roster.
extension ReplSession {
    /// A completion: the candidates replace the text from `start` (a character offset) to the
    /// cursor.
    public struct Completion: Equatable, Sendable {
        public var start: Int
        public var candidates: [String]
    }

    static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not",
        "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// The candidates for the word before `cursor` in `line` (a character offset; the end when nil).
    public func complete(_ line: String, cursor: Int? = nil) -> Completion {
        let characters = Array(line)
        let cursor = min(cursor ?? characters.count, characters.count)
        let before = String(characters[..<cursor])

        // A command at the start of the line.
        if pending.isEmpty, before.hasPrefix(":"), !before.contains(" ") {
            let word = String(before.dropFirst())
            return Completion(start: 1, candidates: Self.commands.map(\.name).filter { $0.hasPrefix(word) })
        }
        if before.hasPrefix(":help ") {
            let word = String(before.dropFirst(6))
            let names = APIReference.names + Self.commands.map(\.name)
            return Completion(start: 6, candidates: names.filter { $0.hasPrefix(word) }.sorted())
        }

        // Inside a string after role = " or district = ": roster codes.
        if let (field, typed) = Self.openString(in: before) {
            let start = cursor - typed.count
            guard let roster = (try? self.roster) ?? nil else { return Completion(start: start, candidates: []) }
            let values: [String]
            switch field {
            case "role": values = roster.roles.map(\.code.rawValue)
            case "district": values = roster.districts.map(\.id.rawValue)
            case "unit": values = roster.units.map(\.id.rawValue)
            case "person": values = roster.people.map(\.id.rawValue)
            case "escalation": values = roster.ladders.map(\.id.rawValue)
            default: values = []
            }
            return Completion(start: start, candidates: values.filter { $0.hasPrefix(typed) }.sorted())
        }

        // A name, maybe with one `table.` or `table:` in front.
        var start = cursor
        while start > 0, Self.isNamePart(characters[start - 1]) || characters[start - 1] == "." || characters[start - 1] == ":" {
            start -= 1
        }
        let word = String(characters[start..<cursor])
        if word.isEmpty { return Completion(start: cursor, candidates: []) }
        if let separator = word.lastIndex(where: { $0 == "." || $0 == ":" }) {
            let table = String(word[..<separator])
            let field = String(word[word.index(after: separator)...])
            var fields = Set(
                names.compactMap { name -> String? in
                    guard name.hasPrefix(table + "."), !name.dropFirst(table.count + 1).contains(".") else { return nil }
                    return String(name.dropFirst(table.count + 1))
                })
            if table == "ilsa" { fields.formUnion(PlaybookAPI.functions) }
            if word[separator] == ":" {
                // Methods of an engine handle: offer every handle's methods; the run knows the type.
                fields.formUnion(PlaybookAPI.Handle.allCases.flatMap(\.methods))
            }
            let sep = String(word[separator])
            let candidates = fields.filter { $0.hasPrefix(field) }.sorted().map { table + sep + $0 }
            return Completion(start: start, candidates: candidates)
        }
        var globals = Set(names.filter { !$0.contains(".") })
        globals.insert("ilsa")
        globals.formUnion(Self.keywords)
        return Completion(start: start, candidates: globals.filter { $0.hasPrefix(word) }.sorted())
    }

    private static func isNamePart(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }

    /// When `text` ends inside a string opened right after `field = ` (role, district...), the
    /// field and what is typed of the string so far.
    static func openString(in text: String) -> (field: String, typed: String)? {
        guard let quote = text.lastIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
        // The quote must open a string: an even number of quotes before it.
        let quotes = text[..<quote].filter { $0 == "\"" || $0 == "'" }.count
        guard quotes % 2 == 0 else { return nil }
        let typed = String(text[text.index(after: quote)...])
        var head = text[..<quote]
        while head.last == " " { head.removeLast() }
        guard head.last == "=" else { return nil }
        head.removeLast()
        while head.last == " " { head.removeLast() }
        var field = ""
        while let c = head.last, isNamePart(c) {
            field.insert(c, at: field.startIndex)
            head.removeLast()
        }
        return field.isEmpty ? nil : (field, typed)
    }
}
