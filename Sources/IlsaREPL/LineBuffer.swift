import Foundation
import IlsaTerminal

/// The line being edited: text and a cursor, with the edits a line editor offers. No terminal
/// code: the executable reads keys and draws; this holds what they mean.
public struct LineBuffer: Equatable, Sendable {
    public private(set) var characters: [Character] = []
    /// Position of the cursor, in characters from the start.
    public private(set) var cursor = 0

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    /// Terminal columns before the cursor: Hangul and other wide characters take two.
    public var columnsBeforeCursor: Int { DisplayWidth.of(String(characters[..<cursor])) }
    /// Terminal columns after the cursor.
    public var columnsAfterCursor: Int { DisplayWidth.of(String(characters[cursor...])) }

    public mutating func insert(_ text: String) {
        let new = Array(text)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Backspace: deletes the character before the cursor.
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Delete: deletes the character under the cursor.
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Ctrl-U: deletes from the start to the cursor.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end.
    public mutating func deleteToEnd() { characters.removeSubrange(cursor...) }

    /// Ctrl-W: deletes the word before the cursor and the spaces after it.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " " { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Replaces the characters from `start` to the cursor (a completed word).
    public mutating func replace(from start: Int, with text: String) {
        let from = max(0, min(start, cursor))
        characters.removeSubrange(from..<cursor)
        cursor = from
        insert(text)
    }
}

/// Lines entered before, newest last, with up/down navigation and a file that keeps them
/// between sessions.
public struct ReplHistory {
    public private(set) var entries: [String]
    /// Where up/down is: `entries.count` means the line being typed.
    private var position: Int
    private var draft = ""
    public let limit: Int

    public init(entries: [String] = [], limit: Int = 1000) {
        self.entries = Array(entries.suffix(limit))
        self.limit = limit
        position = self.entries.count
    }

    /// Adds a line (not blank, not a repeat of the last one) and goes back to the bottom.
    public mutating func add(_ line: String) {
        position = entries.count
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, entries.last != line else { return }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        position = entries.count
    }

    /// Up: the previous line, keeping what was being typed.
    public mutating func previous(current: String) -> String? {
        guard position > 0 else { return nil }
        if position == entries.count { draft = current }
        position -= 1
        return entries[position]
    }

    /// Down: the next line, or what was being typed.
    public mutating func next() -> String? {
        guard position < entries.count else { return nil }
        position += 1
        return position == entries.count ? draft : entries[position]
    }
}
