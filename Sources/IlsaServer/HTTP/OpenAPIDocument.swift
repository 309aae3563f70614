import Foundation
import Hummingbird

/// The API's OpenAPI 3.1 document, written by hand in `Resources/openapi.json` and served as it
/// is at `GET /api/v1/openapi.json`, without sign-in. A test walks ``API/routes`` against its
/// paths both ways, so neither can drift.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }()

    static func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
