/// Encodes `Encodable` Swift values as Lua values: structs and dictionaries become tables with
/// string keys, arrays become sequences, integers stay integers and floating-point numbers floats.
///
/// ```swift
/// struct Reading: Codable { var gauge: String; var millimetres: Int }
/// lua.setGlobal("reading", try LuaValueEncoder().encode(Reading(gauge: "신길동", millimetres: 64)))
/// ```
public struct LuaValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> LuaValue {
        let node = EncodedNode()
        try node.store(value, codingPath: [])
        return node.value
    }
}

/// What has been encoded at one place of the tree so far.
private final class EncodedNode {
    private enum Content {
        case single(LuaValue)
        case keyed([String: EncodedNode])
        case unkeyed([EncodedNode])
    }
    private var content = Content.single(.nil)

    var value: LuaValue {
        switch content {
        case .single(let value): value
        case .keyed(let fields):
            .table(LuaTable(fields: Dictionary(uniqueKeysWithValues: fields.map { (.string(LuaString($0.key)), $0.value.value) })))
        case .unkeyed(let elements): .table(LuaTable(array: elements.map(\.value)))
        }
    }

    func set(_ value: LuaValue) { content = .single(value) }

    func child(_ key: String) -> EncodedNode {
        var fields: [String: EncodedNode] = [:]
        if case .keyed(let existing) = content { fields = existing }
        let node = fields[key] ?? EncodedNode()
        fields[key] = node
        content = .keyed(fields)
        return node
    }

    func becomeKeyed() { if case .keyed = content {} else { content = .keyed([:]) } }

    func append() -> EncodedNode {
        var elements: [EncodedNode] = []
        if case .unkeyed(let existing) = content { elements = existing }
        let node = EncodedNode()
        elements.append(node)
        content = .unkeyed(elements)
        return node
    }

    func becomeUnkeyed() { if case .unkeyed = content {} else { content = .unkeyed([]) } }

    var count: Int {
        if case .unkeyed(let elements) = content { return elements.count }
        return 0
    }

    /// Stores a value: Lua's own types directly, anything else through its `encode(to:)`.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as LuaValue: set(v)
        case let v as String: set(.string(LuaString(v)))
        case let v as Bool: set(.boolean(v))
        case let v as Double: set(.number(v))
        case let v as Float: set(.number(Double(v)))
        case let v as any BinaryInteger:
            guard let i = Int64(exactly: v) else {
                throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(v) does not fit a Lua integer"))
            }
            set(.integer(i))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeKeyed()
        return KeyedEncodingContainer(KeyedContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeUnkeyed()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node, codingPath: codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(key.stringValue).set(.nil) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(key.stringValue).store(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
        NestedKey
    > {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.append().set(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.append().store(value, codingPath: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.append(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value, codingPath: codingPath) }
}
