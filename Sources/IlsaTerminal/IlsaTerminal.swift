// IlsaTerminal: what the `ilsa` CLI and REPL show people (display widths, tables, colour).
