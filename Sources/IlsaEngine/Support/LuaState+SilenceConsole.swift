import IlsaLua

extension LuaState {
    /// Takes the console from a sandbox that runs someone else's Lua (a playbook, a plugin's
    /// tests): `print` and `warn` do nothing.
    ///
    /// Lua's would write to the process's standard output and error, raw: text the script chose
    /// (escape sequences included) straight to the duty officer's terminal, into the output of
    /// `RUN=$(ilsa run --detach ...)`, and for a playbook again at every replay. What a run says
    /// goes through `ilsa.log`, which is recorded once and shown with its control characters
    /// made visible (a run's `print` is made a log line after this); a plugin test says what
    /// failed in its error. (`ilsa check` silences `print`
    /// the same way while it reads a playbook's metadata; `ilsa lua` and the REPL keep theirs.)
    func silenceConsole() throws {
        try run(Self.silentConsole)
    }

    private static let silentConsole = LuaHostChunk("print, warn = function() end, function() end", chunkName: "=sandbox console")
}
