import Foundation

#if FUZZING
    /// libFuzzer's entry point: `scripts/fuzz` builds this target with `-sanitize=fuzzer`.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    private func runDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The program's main: SwiftPM names an executable's entry `<target>_main`; this one hands the
    /// command line to libFuzzer's driver.
    @_cdecl("ilsa_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments, fuzzOneInput)
    }
#else
    /// Without libFuzzer: `ilsa-fuzz FILE...` runs each input once, to reproduce what the fuzzer
    /// found (`scripts/fuzz` prints the file) under a debugger or in a plain build.
    @main
    struct ReplayInputs {
        static func main() throws {
            let files = CommandLine.arguments.dropFirst()
            guard !files.isEmpty else {
                FileHandle.standardError.write(Data("usage: ilsa-fuzz FILE...  (runs each fuzz input once; scripts/fuzz fuzzes)\n".utf8))
                exit(2)
            }
            for file in files {
                FuzzTarget.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                print("\(file): ok")
            }
        }
    }
#endif
