public import IlsaAccess
public import IlsaStore

/// What an account may do, decided in one place: every route asks ``allows(_:_:)`` and a test
/// calls every route with every kind of account.
///
/// - Tasks: seen and acted on within the account's ``Scope`` (a dong head: its role's tasks in
///   its district; a district chair: the district's; the control tower: all).
/// - Runs: every account sees the list (which crises are on, and their level), so a task's run
///   has a name; a run's history, starting, signalling and cancelling runs are the control
///   tower's.
/// - Escalations: the control tower's alone, to see, acknowledge and decide.
public enum Permissions {
    public enum Action: Sendable, Equatable {
        case seeTask(TaskSummary)
        case actOnTask(TaskSummary)
        case listRuns
        case seeRunHistory
        case startRun
        case signalRun
        case cancelRun
        case seeEscalations
        case acknowledgeEscalation
        case decideEscalation
    }

    public static func allows(_ caller: Caller, _ action: Action) -> Bool {
        switch action {
        case .seeTask(let task), .actOnTask(let task): caller.scope.covers(task)
        case .listRuns: true
        case .seeRunHistory, .startRun, .signalRun, .cancelRun: caller.scope.isTower
        case .seeEscalations, .acknowledgeEscalation, .decideEscalation: caller.scope.isTower
        }
    }

    /// The tasks of `query` the caller may see: the query narrowed to the caller's scope, or nil
    /// when the two cannot overlap (a Singil dong head asking for Choji's tasks).
    public static func narrow(_ query: TaskQuery, for caller: Caller) -> TaskQuery? {
        var query = query
        func pin(_ field: WritableKeyPath<TaskQuery, String?>, _ value: String) -> Bool {
            if let asked = query[keyPath: field], asked != value { return false }
            query[keyPath: field] = value
            return true
        }
        switch caller.scope {
        case .city: return query
        case .district(let district): return pin(\.district, district) ? query : nil
        case .role(let role, let district): return pin(\.district, district) && pin(\.role, role) ? query : nil
        case .citywideRole(let role): return pin(\.role, role) ? query : nil
        }
    }
}
