import Foundation
import Hummingbird

/// The board's stylesheet and script, from the module's resources: nothing is fetched from
/// elsewhere and nothing is built.
enum BoardAssets {
    private static let files: [String: (type: String, data: Data)] = {
        var files: [String: (String, Data)] = [:]
        for (name, type) in [("board.css", "text/css; charset=utf-8"), ("board.js", "text/javascript; charset=utf-8")] {
            let parts = name.split(separator: ".")
            if let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Resources"),
                let data = try? Data(contentsOf: url)
            {
                files[name] = (type, data)
            }
        }
        return files
    }()

    static func response(_ name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPProblem.notFound("no asset '\(name)'") }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }
}
