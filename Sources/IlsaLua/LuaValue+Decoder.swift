/// Decodes `Decodable` Swift values from Lua values: the inverse of ``LuaValueEncoder``. A float
/// with an exact integer value decodes as an integer, as Lua's own `math.tointeger` allows; a
/// missing field decodes as `nil` for optionals.
///
/// ```swift
/// let reading = try LuaValueDecoder().decode(Reading.self, from: lua.global("reading"))
/// ```
public struct LuaValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: LuaValue) throws -> T {
        try NodeDecoder(value: value, codingPath: []).decode(type)
    }
}

private struct NodeDecoder: Decoder {
    let value: LuaValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .table(let table) = value else { throw mismatch("a table", Key.self) }
        return KeyedDecodingContainer(KeyedContainer(table: table, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .table(let table) = value,
            table.fields.isEmpty || table.array.isEmpty && table.fields.keys.allSatisfy({ $0.integerValue != nil })
        else {
            throw mismatch("a sequence", [LuaValue].self)
        }
        return UnkeyedContainer(elements: table.array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    func mismatch(_ expected: String, _ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), got \(value.typeName)"))
    }

    /// Decodes Lua's own types directly, anything else through its `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == LuaValue.self { return value as! T }
        if T.self == String.self {
            guard let s = value.stringValue else { throw mismatch("a string", T.self) }
            return s as! T
        }
        if T.self == Bool.self {
            guard case .boolean(let b) = value else { throw mismatch("a boolean", T.self) }
            return b as! T
        }
        if T.self == Double.self || T.self == Float.self {
            guard let d = value.numberValue else { throw mismatch("a number", T.self) }
            return (T.self == Float.self ? Float(d) as Any : d) as! T
        }
        if let integer = T.self as? any (BinaryInteger & Decodable).Type {
            guard let i = value.integerValue else { throw mismatch("an integer", T.self) }
            guard let converted = integer.init(exactly: i) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(i) does not fit \(T.self)"))
            }
            return converted as! T
        }
        return try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let table: LuaTable
    let codingPath: [any CodingKey]

    var allKeys: [Key] { table.fields.keys.compactMap { $0.stringValue.flatMap(Key.init(stringValue:)) } }
    func contains(_ key: Key) -> Bool { self[key] != .nil }
    func decodeNil(forKey key: Key) throws -> Bool { self[key] == .nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = self[key]
        if value == .nil, !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no field '\(key.stringValue)'"))
        }
        return try NodeDecoder(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(value: self[key], codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(value: self[key], codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { NodeDecoder(value: table["super"], codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(value: self[key], codingPath: codingPath + [key]) }

    private subscript(key: Key) -> LuaValue {
        if let i = key.intValue, table[.integer(Int64(i))] != .nil { return table[.integer(Int64(i))] }
        return table[key.stringValue]
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [LuaValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .nil else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next().decode(type)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                LuaValue.self, .init(codingPath: codingPath, debugDescription: "the sequence has only \(elements.count) elements"))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(value: elements[currentIndex], codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .nil }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
