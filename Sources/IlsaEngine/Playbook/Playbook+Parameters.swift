public import IlsaStore

/// Checking the parameters the runner gives a playbook.
extension Playbook {
    /// Checks and converts the parameters given on the command line (`--param NAME=VALUE`) into
    /// the values the run sees in `ctx.params`.
    ///
    /// Defaults fill in parameters that are not given; an optional parameter without a default
    /// that is not given is left out of the result. Districts resolve to their code (`"singil"`),
    /// `districts` to an array of codes. See ``PlaybookParameter/ValueType`` for each type.
    ///
    /// - Parameters:
    ///   - given: The text given for each parameter, by name.
    ///   - roster: The roster districts are looked up in.
    /// - Returns: Every parameter's value, by name.
    /// - Throws: ``PlaybookError`` for the first problem: `unknownParameter` (with a
    ///   suggestion), `missingParameter`, or `invalidParameter`
    ///   (`--param count=abc: count is an integer`).
    public func resolveParameters(_ given: [String: String], roster: Roster) throws -> [String: JSONValue] {
        let names = params.map(\.name)
        for (name, text) in given.sorted(by: { $0.key < $1.key }) where parameter(named: name) == nil {
            let known = names.isEmpty ? "it has no parameters" : "its parameters are \(names.joined(separator: ", "))"
            throw PlaybookError(
                .unknownParameter, file: chunkName,
                "--param \(name)=\(text): \(self.name) has no parameter '\(name)'\(DidYouMean.hint(for: name, in: names)); \(known)")
        }
        var values: [String: JSONValue] = [:]
        for parameter in params {
            if let text = given[parameter.name] {
                do {
                    values[parameter.name] = try parameter.convert(text, roster: roster)
                } catch {
                    let what = error.detail ?? "\(parameter.name) is \(error.expected)"
                    throw PlaybookError(.invalidParameter, file: chunkName, "--param \(parameter.name)=\(text): \(what)")
                }
            } else if let value = parameter.default {
                do {
                    values[parameter.name] = try parameter.resolveDefault(value, roster: roster)
                } catch {
                    let what = error.detail ?? "it should be \(error.expected)"
                    throw PlaybookError(
                        .invalidParameter, file: chunkName,
                        "the default of parameter '\(parameter.name)' (\(value)) does not fit the roster: \(what)")
                }
            } else if parameter.required {
                throw PlaybookError(
                    .missingParameter, file: chunkName,
                    "\(self.name) needs --param \(parameter.name)=VALUE (\(parameter.expected))")
            }
        }
        return values
    }
}

extension Playbook {
    /// Fills in the declared defaults of parameters that `params` leaves out, as
    /// ``resolveParameters(_:roster:)`` does for text: a host starting a run from Swift sees
    /// the same `ctx.params` as `ilsa run`. Given values are kept as they are; a district default
    /// resolves through the roster when there is one.
    /// - Throws: ``PlaybookError`` (`invalidParameter`) for a default the roster does not know.
    public func withDefaults(_ params: JSONValue, roster: Roster?) throws -> JSONValue {
        guard case .object(var values) = params else { return params }
        for parameter in self.params where values[parameter.name] == nil {
            guard let value = parameter.default else { continue }
            guard let roster else {
                values[parameter.name] = value
                continue
            }
            do {
                values[parameter.name] = try parameter.resolveDefault(value, roster: roster)
            } catch {
                let what = error.detail ?? "it should be \(error.expected)"
                throw PlaybookError(
                    .invalidParameter, file: chunkName,
                    "the default of parameter '\(parameter.name)' (\(value)) does not fit the roster: \(what)")
            }
        }
        return .object(values)
    }
}
