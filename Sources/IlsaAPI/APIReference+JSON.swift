public import IlsaStore

/// The reference as JSON, for `ilsa api --json` and tools.
extension APIReference {
    /// The whole reference: `functions`, `handles` (each with its `methods`), `classes`, `aliases`.
    public static func json() -> JSONValue {
        .object([
            "functions": .array(functions.map(json)),
            "handles": .array(
                PlaybookAPI.Handle.allCases.map { handle in
                    .object([
                        "name": .string(className(of: handle)), "made_by": .string("ilsa." + handle.function),
                        "summary": .string(summary(of: handle)), "methods": .array(methods(of: handle).map(json)),
                    ])
                }),
            "classes": .array(
                classes.map { table in
                    .object([
                        "name": .string(table.name), "summary": .string(table.summary),
                        "fields": .array(
                            table.fields.map { field in
                                .object([
                                    "name": .string(field.name), "type": .string(field.type), "summary": .string(field.summary),
                                    "optional": .bool(field.optional),
                                ])
                            }),
                    ])
                }),
            "aliases": .array(
                aliases.map { alias in
                    .object([
                        "name": .string(alias.name), "summary": .string(alias.summary), "type": .string(alias.type),
                        "values": .array(alias.values.map(JSONValue.string)),
                    ])
                }),
        ])
    }

    /// One entry: `name` (`ilsa.task`, `ilsa.Task:wait`), `handle` (the class, or null),
    /// `signature`, `summary`, `discussion`, `parameters`, `returns`, `waits`, `example`, `errors`.
    public static func json(_ entry: APIEntry) -> JSONValue {
        .object([
            "name": .string(entry.qualifiedName),
            "handle": entry.handle.map { .string(className(of: $0)) } ?? .null,
            "signature": .string(entry.signature),
            "summary": .string(entry.summary),
            "discussion": .string(entry.discussion),
            "parameters": .array(
                entry.parameters.map { parameter in
                    .object([
                        "name": .string(parameter.name), "type": .string(parameter.type), "summary": .string(parameter.summary),
                        "optional": .bool(parameter.optional),
                    ])
                }),
            "returns": .array(
                entry.returns.map { .object(["name": .string($0.name), "type": .string($0.type), "summary": .string($0.summary)]) }),
            "waits": .bool(entry.waits),
            "example": .string(entry.example),
            "errors": .array(entry.errors.map(JSONValue.string)),
        ])
    }
}
