import Foundation
import IlsaEngine
import Testing

/// The canonical JSON encoding: integers and floats kept apart, sorted keys, exact round trips.
struct JSONValueTests {
    static let sample: JSONValue = [
        "name": "태풍 카눈 대비 — 단원구",
        "count": 3,
        "ratio": 1.0,
        "tiny": 1e-7,
        "huge": 1e20,
        "negativeZero": -0.0,
        "max": .integer(Int64.max),
        "min": .integer(Int64.min),
        "flags": [true, false, nil],
        "nested": ["empty": [:], "list": [], "text": "line\nbreak \"quoted\" \\ tab\t \u{1} /"],
        "emoji": "🚒",
    ]

    @Test func roundTripsThroughCanonicalJSON() throws {
        let text = try Self.sample.encodedText()
        let back = try JSONValue(json: text)
        #expect(back == Self.sample)
        #expect(back["ratio"] == .number(1.0))
        #expect(back["count"] == .integer(3))
        #expect(back["max"] == .integer(Int64.max))
        #expect(back["name"] == "태풍 카눈 대비 — 단원구")
    }

    @Test func writesIntegralFloatsWithAFraction() throws {
        #expect(try JSONValue.number(1.0).encodedText() == "1.0")
        #expect(try JSONValue.integer(1).encodedText() == "1")
        #expect(try JSONValue.number(1e20).encodedText() == "1e+20")
        #expect(try JSONValue(json: "1e3") == .number(1000))
        #expect(try JSONValue(json: "1") == .integer(1))
        #expect(try JSONValue(json: "-0.0") == .number(-0.0))
        // Too large for a 64-bit integer: read as a float, as Lua reads such literals.
        #expect(try JSONValue(json: "9223372036854775808") == .number(9_223_372_036_854_775_808))
    }

    @Test func encodingIsStableWithSortedKeys() throws {
        let a: JSONValue = ["b": 1, "a": ["z": 1, "y": 2], "가": true, "A": nil]
        var fields: [String: JSONValue] = [:]
        for key in ["A", "가", "a", "b"].reversed() { fields[key] = a[key] }
        #expect(try a.encodedText() == #"{"A":null,"a":{"y":2,"z":1},"b":1,"가":true}"#)
        #expect(try JSONValue.object(fields).encoded() == a.encoded())
    }

    @Test func escapesOnlyWhatJSONRequires() throws {
        let text = try JSONValue.string("한국어 \"q\" \\ \n / \u{1}").encodedText()
        #expect(text == #""한국어 \"q\" \\ \n / \u0001""#)
        #expect(try JSONValue(json: #""\uD55C""#) == "한")
        #expect(try JSONValue(json: #""\ud83d\ude92""#) == "🚒")
    }

    @Test func refusesNaNAndInfinity() {
        #expect(throws: JSONValueError.self) { try JSONValue.number(.nan).encoded() }
        #expect(throws: JSONValueError.self) { try JSONValue.array([.number(.infinity)]).encodedText() }
        do {
            _ = try JSONValue.object(["a": [1, .number(-.infinity)]]).encodedText()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notRepresentable)
            #expect(error.description == "a[2]: -inf is not a number JSON can hold")
        }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "nul", "\"abc", "[1] x", "\"\\x\"", "\"\\ud800\""])
    func refusesInvalidJSON(_ text: String) {
        #expect {
            try JSONValue(json: text)
        } throws: { error in
            (error as? JSONValueError)?.code == .invalidJSON
        }
    }

    /// Through `Codable` and JSONEncoder: JSONEncoder writes `1.0` as `1`, which is why the
    /// store uses the canonical encoding; everything else survives.
    @Test func codableWithFoundationJSON() throws {
        let value: JSONValue = ["a": [1, "two", nil, true], "b": ["c": 1.5]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        let float = try JSONEncoder().encode(JSONValue.number(1.0))
        #expect(String(decoding: float, as: UTF8.self) == "1")
    }

    @Test func historyEventsRoundTripThroughTheirStoredForm() throws {
        let event = HistoryEvent(
            sequence: 2, at: Date(timeIntervalSince1970: 1_700_000_000.1234),
            .issued(Command(number: 1, .createTask(TaskSpec(title: "대피소 개방", due: Date(timeIntervalSince1970: 1_700_003_600))))))
        #expect(event.at == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(event.kind == .commandIssued && event.command == 1 && event.name == "task.create")
        #expect(event.payload["title"] == "대피소 개방")
        let read = try HistoryEvent(sequence: event.sequence, at: event.at, stored: event.stored)
        #expect(read == event)
        #expect(try JSONDecoder().decode(RunStatus.self, from: Data(#""waiting""#.utf8)) == .waiting)
        #expect(try JSONDecoder().decode(RunID.self, from: Data(#""r-1""#.utf8)) == "r-1")
    }
}
