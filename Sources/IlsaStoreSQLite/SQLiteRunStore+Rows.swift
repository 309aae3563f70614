import GRDB

extension SQLiteRunStore {
    /// The rows a query selects, each decoded while the statement is on it.
    ///
    /// GRDB finds a column by name in a live row with one dictionary lookup, but in a copied
    /// row (what `Row.fetchAll` and `Row.fetchOne` return) by lowercasing every column's name
    /// and comparing: decoding a task's 18 columns by name that way lowercased 324 strings and
    /// cost more than reading it (measured under the server's load: an eighth of its time).
    func decodeAll<T>(_ db: Database, sql: String, arguments: StatementArguments = [], _ decode: (Row) throws -> T) throws -> [T] {
        try decodeAll(db.makeStatement(sql: sql), arguments: arguments, decode)
    }

    func decodeAll<T>(_ statement: Statement, arguments: StatementArguments = [], _ decode: (Row) throws -> T) throws -> [T] {
        var items: [T] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { items.append(try decode(row)) }
        return items
    }
}
