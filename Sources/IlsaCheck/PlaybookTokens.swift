import IlsaLua
/// A playbook's tokens with what the checks ask of them: which bracket encloses a token, whether
/// a name is a table key or a variable, and which names the file declares.
///
/// This is not a parser. Scopes are not tracked: a name declared `local` anywhere counts as
/// declared everywhere, which keeps false alarms rare at the cost of missing some typos.
struct PlaybookTokens {
    let tokens: [LuaToken]
    /// For each token, the index of the innermost open bracket (`(`, `[` or `{`) or block
    /// (`function`, `if`, `do`, `repeat`) around it, or nil.
    private(set) var enclosing: [Int?] = []
    /// Opening bracket index → closing bracket index, for balanced pairs; and a block's first
    /// token (`function`, `if`, `do`, `repeat`) → its `end` or `until`.
    private(set) var closing: [Int: Int] = [:]
    /// Names declared by `local`, as parameters, as `for` variables, or assigned as globals.
    private(set) var declared: Set<String> = []
    /// Names declared as parameters or `for` variables: they may hold anything.
    private(set) var boundByCode: Set<String> = []
    /// `NAME.FIELD` pairs the file assigns or defines (`function ilsa.helper()`, `string.trim = ...`).
    private(set) var definedFields: Set<String> = []

    init(_ tokens: [LuaToken]) {
        self.tokens = tokens
        matchBrackets()
        collectDeclarations()
    }

    var indices: Range<Int> { tokens.indices }

    /// The token at `index`, or the end token past either end.
    subscript(index: Int) -> LuaToken {
        index >= 0 && index < tokens.count ? tokens[index] : LuaToken(.end, "", line: tokens.last?.line ?? 1)
    }

    /// Whether the name at `index` is a key in a table constructor: `{ title = "x" }`.
    func isKey(_ index: Int) -> Bool {
        guard self[index].kind == .name, self[index + 1].is("="), let open = enclosing[index], self[open].is("{") else {
            return false
        }
        let previous = self[index - 1]
        return previous.is("{") || previous.is(",") || previous.is(";")
    }

    /// Whether the name at `index` stands for a variable (local or global), not a field, method,
    /// key, label or attribute.
    func isVariable(_ index: Int) -> Bool {
        guard self[index].kind == .name, !isKey(index) else { return false }
        let previous = self[index - 1]
        if previous.is(".") || previous.is(":") || previous.is("::") || previous.is("goto") { return false }
        // `local x <const> = 1`: the attribute is not a variable.
        if previous.is("<"), self[index + 1].is(">"), self[index - 2].kind == .name { return false }
        return true
    }

    /// The index of the last token of the call or constructor that starts at `index`
    /// (`(...)`, `{...}`, or a string), or nil.
    func endOfArguments(at index: Int) -> Int? {
        let token = self[index]
        if token.kind == .string { return index }
        if token.is("(") || token.is("{") { return closing[index] }
        return nil
    }

    /// Whether the token at `index` ends a value: the next token is `,`, `;`, `}` or `)`.
    func endsValue(_ index: Int) -> Bool {
        let next = self[index + 1]
        return next.is(",") || next.is(";") || next.is("}") || next.is(")")
    }

    // MARK: Building

    /// Pairs brackets, and tracks blocks (`function`, `if`, `do`, `repeat` up to `end` or
    /// `until`) so a token inside a function body written in a table is not in the table.
    private mutating func matchBrackets() {
        enclosing = Array(repeating: nil, count: tokens.count)
        var stack: [Int] = []
        let pairs = [")": "(", "]": "[", "}": "{"]
        func pop(to opener: (LuaToken) -> Bool) -> Int? {
            guard let match = stack.lastIndex(where: { opener(tokens[$0]) }) else { return nil }
            let open = stack[match]
            stack.removeSubrange(match...)  // unbalanced: close the nearest one that fits
            return open
        }
        for (index, token) in tokens.enumerated() {
            if token.kind == .symbol, let opener = pairs[token.text] {
                if let open = pop(to: { $0.is(opener) }) { closing[open] = index }
            } else if token.is("end") {
                if let open = pop(to: { $0.is("function") || $0.is("if") || $0.is("do") }) { closing[open] = index }
            } else if token.is("until") {
                if let open = pop(to: { $0.is("repeat") }) { closing[open] = index }
            }
            enclosing[index] = stack.last
            if token.is("(") || token.is("[") || token.is("{") || token.is("function") || token.is("if") || token.is("do")
                || token.is("repeat")
            {
                stack.append(index)
            }
        }
    }

    private mutating func collectDeclarations() {
        for index in tokens.indices {
            let token = tokens[index]
            if token.is("local") {
                declareLocals(after: index)
            } else if token.is("function") {
                declareFunction(at: index)
            } else if token.is("for") {
                var next = index + 1
                while self[next].kind == .name {
                    declared.insert(self[next].text)
                    boundByCode.insert(self[next].text)
                    guard self[next + 1].is(",") else { break }
                    next += 2
                }
            } else if token.kind == .name, self[index + 1].is("="), isVariable(index) {
                declared.insert(token.text)
            } else if token.kind == .name, self[index + 1].is("."), self[index + 2].kind == .name,
                self[index + 3].is("="), isVariable(index)
            {
                definedFields.insert(token.text + "." + self[index + 2].text)
            }
        }
    }

    /// `local a <const>, b = ...` or `local function f`.
    private mutating func declareLocals(after index: Int) {
        var next = index + 1
        if self[next].is("function") {
            if self[next + 1].kind == .name { declared.insert(self[next + 1].text) }
            return
        }
        while self[next].kind == .name {
            declared.insert(self[next].text)
            next += 1
            if self[next].is("<") { next += 3 }  // <const> or <close>
            guard self[next].is(",") else { break }
            next += 1
        }
    }

    /// `function name.field:method(a, b, ...)`: a global name when there is no dot, a defined
    /// field when there is, and the parameters.
    private mutating func declareFunction(at index: Int) {
        var next = index + 1
        if self[next].kind == .name {
            let name = self[next].text
            if self[next + 1].is("("), !self[index - 1].is("local") {
                declared.insert(name)
            } else if self[next + 1].is("."), self[next + 2].kind == .name {
                definedFields.insert(name + "." + self[next + 2].text)
            }
            while self[next].kind == .name, self[next + 1].is(".") || self[next + 1].is(":") {
                if self[next + 1].is(":") { declared.insert("self") }
                next += 2
            }
            next += 1
        }
        guard self[next].is("("), let close = closing[next] else { return }
        for parameter in (next + 1)..<close where self[parameter].kind == .name {
            declared.insert(self[parameter].text)
            boundByCode.insert(self[parameter].text)
        }
    }
}
