public import IlsaStore

extension RunRecord {
    /// The districts a run was started for, as playbooks name them in their parameters
    /// (`district = "singil"`, or `districts = { ... }` for a citywide one): what tells runs of one
    /// playbook apart for people.
    public var districts: [String] {
        params["district"]?.stringValue.map { [$0] } ?? params["districts"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
