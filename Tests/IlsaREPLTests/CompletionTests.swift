import Foundation
import IlsaEngine
import IlsaREPL
import IlsaTesting
import Testing

/// Tab completion: globals, fields, the API, commands, roster codes; never a metamethod.
@Suite struct CompletionTests {
    func session(roster: Roster? = nil) throws -> ReplSession {
        try ReplSession(options: .init(roster: roster, start: Date(timeIntervalSince1970: 1_752_624_000)))
    }

    @Test func globalsAndKeywords() throws {
        let s = try session()
        _ = s.feed("pumps = 3")
        #expect(s.complete("pu").candidates == ["pumps"])
        #expect(s.complete("x = pri").candidates == ["print"])
        #expect(s.complete("x = pri").start == 4)
        #expect(s.complete("whi").candidates == ["while"])
    }

    @Test func tableFieldsAndTheAPI() throws {
        let s = try session()
        _ = s.feed("station = {name = 'x', number = 1}")
        #expect(s.complete("station.n").candidates == ["station.name", "station.number"])
        #expect(s.complete("ilsa.sl").candidates == ["ilsa.sleep"])
        #expect(s.complete("string.ru").candidates == [])
        #expect(s.complete("string.re").candidates == ["string.rep", "string.reverse"])
        #expect(s.complete("t:wa").candidates == ["t:wait"])
    }

    @Test func completionNeverRunsAMetamethod() throws {
        let s = try session()
        _ = s.feed("trap = setmetatable({known = 1}, {__index = function() error('metamethod ran') end})")
        _ = s.feed("calls = 0")
        _ = s.feed(
            "counted = setmetatable({}, {__index = function(t, k) calls = calls + 1 end, __pairs = function() error('pairs ran') end})")
        #expect(s.complete("trap.").candidates == ["trap.known"])
        #expect(s.complete("counted.").candidates == [])
        #expect(s.feed("calls").text == "0")
    }

    @Test func commands() throws {
        let s = try session()
        #expect(s.complete(":ad").candidates == ["advance"])
        #expect(s.complete(":help ilsa.ta").candidates == ["ilsa.task"])
    }

    @Test func rosterCodesInsideStrings() throws {
        let roster = try Roster.load(contentsOfFile: Fixtures.rosterPath)
        let s = try session(roster: roster)
        let roles = s.complete("ilsa.task{title='x', assignee={role = \"CITY.SA")
        #expect(roles.candidates == ["CITY.SAFETY"])
        let districts = s.complete("a = {district = \"sing")
        #expect(districts.candidates.contains("singil"))
        #expect(districts.candidates.allSatisfy { $0.hasPrefix("sing") })
        #expect(s.complete("x = \"CITY.SA").candidates == [])
    }
}

/// The line editor's buffer and history, without a terminal.
@Suite struct LineBufferTests {
    @Test func editsAroundTheCursor() {
        var b = LineBuffer("print(1)")
        b.moveLeft()
        b.insert("0")
        #expect(b.text == "print(10)")
        b.moveHome()
        b.deleteForward()
        #expect(b.text == "rint(10)")
        b.moveEnd()
        b.deleteBackward()
        #expect(b.text == "rint(10")
        b.deleteWordBackward()
        #expect(b.text == "")
    }

    @Test func killsToStartAndEnd() {
        var b = LineBuffer("abc def")
        b.moveLeft(); b.moveLeft(); b.moveLeft()
        b.deleteToEnd()
        #expect(b.text == "abc ")
        b.deleteToStart()
        #expect(b.text == "" && b.cursor == 0)
    }

    @Test func koreanCharactersTakeTwoColumns() {
        var b = LineBuffer("x = '신길동'")
        #expect(b.columnsBeforeCursor == 12)
        b.moveLeft(); b.moveLeft()
        #expect(b.columnsAfterCursor == 3)
    }

    @Test func historyRecallKeepsTheDraft() {
        var h = ReplHistory()
        h.add("1 + 1")
        h.add("x = 2")
        h.add("x = 2")
        #expect(h.entries == ["1 + 1", "x = 2"])
        #expect(h.previous(current: "dra") == "x = 2")
        #expect(h.previous(current: "") == "1 + 1")
        #expect(h.previous(current: "") == nil)
        #expect(h.next() == "x = 2")
        #expect(h.next() == "dra")
    }
}
