import IlsaLua
import Testing

/// Runs `source` in a fresh state and returns its results.
func run(_ source: String, profile: LuaProfile = .sandbox, limits: LuaLimits = .none) throws -> [LuaValue] {
    let lua = try LuaState(profile: profile, limits: limits)
    return try lua.run(source, chunkName: "=test")
}

/// Runs `source` and returns the error it raises.
func failure(
    _ source: String, in lua: LuaState, sourceLocation: SourceLocation = #_sourceLocation
) -> LuaError? {
    do {
        let results = try lua.run(source, chunkName: "=test")
        Issue.record("expected an error, got \(results)", sourceLocation: sourceLocation)
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension LuaState {
    /// Proves the state still works after a failure.
    func isHealthy() throws -> Bool {
        try run("local t = {} for i = 1, 100 do t[i] = i end return #t", chunkName: "=health") == [.integer(100)]
    }
}
