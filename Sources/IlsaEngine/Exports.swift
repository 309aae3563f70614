// What a run is made of (its history, ids, records, read models) and the store protocol are
// part of the engine's API: whoever imports the engine can name them.
@_exported public import IlsaStore
