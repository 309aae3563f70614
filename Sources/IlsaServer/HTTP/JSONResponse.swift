import Foundation
import Hummingbird
import IlsaStore

/// JSON in and out of the API, through the store's one JSON type.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response { answer(value, status: status).response }

    static func answer(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Answer {
        let data = (try? value.encoded()) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Answer(status: status, headers: headers, body: ByteBuffer(bytes: data))
    }

    static func problem(_ problem: HTTPProblem) -> Response {
        var response = make(problem.json, status: problem.status)
        if let retry = problem.retryAfter { response.headers[.retryAfter] = String(retry) }
        if problem.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"ilsa\"" }
        return response
    }

    /// The request's JSON object; an empty body is an empty object.
    /// - Throws: 400 for a body that is not a JSON object, 413 past the context's limit.
    static func body(_ request: Request, context: IlsaContext) async throws -> [String: JSONValue] {
        let buffer = try await context.body(of: request)
        guard buffer.readableBytes > 0 else { return [:] }
        let value: JSONValue
        do {
            value = try JSONValue(json: Data(buffer.readableBytesView))
        } catch {
            throw HTTPProblem.badRequest("the body is not JSON: \(error)")
        }
        guard case .object(let fields) = value else { throw HTTPProblem.badRequest("the body must be a JSON object { ... }") }
        return fields
    }
}

/// Reading a JSON object's fields, with a 400 that names the field.
extension Dictionary where Key == String, Value == JSONValue {
    func optionalText(_ key: String, maxLength: Int = 4_000) throws -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard text.count <= maxLength else { throw HTTPProblem.badRequest("'\(key)' is longer than \(maxLength) characters") }
            return text
        default: throw HTTPProblem.badRequest("'\(key)' must be a string")
        }
    }

    func text(_ key: String, maxLength: Int = 4_000) throws -> String {
        guard let text = try optionalText(key, maxLength: maxLength), !text.isEmpty else {
            throw HTTPProblem.badRequest("'\(key)' is required")
        }
        return text
    }

    /// A list of whole numbers (a checklist's items), or nil when absent.
    func integers(_ key: String) throws -> [Int]? {
        switch self[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            guard items.count <= 200 else { throw HTTPProblem.badRequest("'\(key)' has more than 200 items") }
            return try items.map { item in
                guard case .integer(let number) = item, let value = Int(exactly: number) else {
                    throw HTTPProblem.badRequest("'\(key)' must be a list of whole numbers")
                }
                return value
            }
        default: throw HTTPProblem.badRequest("'\(key)' must be a list of whole numbers")
        }
    }

    /// Refuses fields the endpoint does not know, so a typo is not silently ignored.
    func only(_ allowed: Set<String>) throws {
        if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw HTTPProblem.badRequest("unknown field '\(unknown)'; this endpoint takes \(allowed.sorted().joined(separator: ", "))")
        }
    }
}
