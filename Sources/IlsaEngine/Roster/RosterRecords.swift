import IlsaLua

/// The roster file's entries as written, before validation: plain `Decodable` structs that
/// ``LuaValueDecoder`` fills from the table the file returns. Field names are the file's.
protocol RosterRecord: Decodable {
    /// Every field an entry of this kind may have; any other is reported as unknown.
    static var fieldNames: [String] { get }
    /// The field holding the entry's own code: `id`, `code` or `name`.
    static var keyField: String { get }
}

/// The top-level table's scalar fields; the lists are read entry by entry.
struct RawTop: Decodable {
    var name: String?
    var ko: String?
    var en: String?
    var city_hq: String?
    var control_tower: RawControlTower?
    var time_zone: String?

    static let listNames = ["gus", "dongs", "agencies", "roles", "units", "districts", "people", "ladders"]
    static let fieldNames = ["name", "ko", "en", "city_hq", "control_tower", "time_zone"] + listNames
}

struct RawControlTower: Decodable {
    var secretariat: String?
    static let fieldNames = ["secretariat"]
}

struct RawGu: RosterRecord {
    var id: String
    var ko: String
    var en: String
    static let fieldNames = ["id", "ko", "en"]
    static let keyField = "id"
}

struct RawDong: RosterRecord {
    var id: String
    var ko: String
    var en: String
    var gu: String
    var legal: [String]?
    var verified: Bool?
    var note: String?
    static let fieldNames = ["id", "ko", "en", "gu", "legal", "verified", "note"]
    static let keyField = "id"
}

struct RawAgency: RosterRecord {
    var id: String
    var kind: String
    var ko: String
    var en: String
    var seat: String?
    var head_role: String?
    var parent: String?
    var verified: Bool?
    var note: String?
    static let fieldNames = ["id", "kind", "ko", "en", "seat", "head_role", "parent", "verified", "note"]
    static let keyField = "id"
}

struct RawRole: RosterRecord {
    var code: String
    var ko: String
    var en: String
    var unit_kinds: [String]?
    var verified: Bool?
    var note: String?
    static let fieldNames = ["code", "ko", "en", "unit_kinds", "verified", "note"]
    static let keyField = "code"
}

struct RawUnit: RosterRecord {
    var id: String
    var kind: String
    var agency: String
    var ko: String
    var en: String
    var districts: [String]?
    var dongs: [String]?
    var roles: [String]?
    var verified: Bool?
    var note: String?
    static let fieldNames = ["id", "kind", "agency", "ko", "en", "districts", "dongs", "roles", "verified", "note"]
    static let keyField = "id"
}

struct RawDistrict: RosterRecord {
    var id: String
    var ko: String
    var en: String
    var gu: String
    var dongs: [String]
    var hubs: [String]?
    var chair: RawChair
    var verified: Bool?
    var note: String?
    static let fieldNames = ["id", "ko", "en", "gu", "dongs", "hubs", "chair", "verified", "note"]
    static let keyField = "id"
}

struct RawChair: Decodable {
    var role: String
    var unit: String
    static let fieldNames = ["role", "unit"]
}

struct RawPerson: RosterRecord {
    var id: String
    var ko: String
    var en: String
    var role: String
    var unit: String
    var verified: Bool?
    var note: String?
    static let fieldNames = ["id", "ko", "en", "role", "unit", "verified", "note"]
    static let keyField = "id"
}

/// A ladder's fields but its rungs, which are read one by one so a message can say which rung.
struct RawLadder: RosterRecord {
    var name: String
    var ko: String?
    var en: String?
    var on_reassign: String?
    var verified: Bool?
    var note: String?
    static let fieldNames = ["name", "ko", "en", "rungs", "on_reassign", "verified", "note"]
    static let keyField = "name"
}

struct RawRung: Decodable {
    var target: String
    var grace: [String: RawDuration]?
    static let fieldNames = ["target", "grace"]
}

/// A grace period as written: text to parse, or a bare number (a common slip: `15` for `"15m"`).
enum RawDuration: Decodable {
    case text(String)
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .other
        }
    }
}

/// One entry read from a list, with where it was.
struct Entry<Record> {
    /// The entry's place: `districts[3]`.
    var path: String
    /// The place and the entry's code, for messages: `districts[3] 'singil'`.
    var label: String
    var record: Record
    /// The entry as the file wrote it, for fields read by hand (a ladder's rungs).
    var value: LuaValue
}
