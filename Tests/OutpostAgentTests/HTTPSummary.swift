import OutpostHTTP

/// The parts of a response tests look at.
struct HTTPResponseSummary {
    var status: Int
    var contentType: String?
    var body: String

    init(_ response: HTTPResponse) {
        status = response.status
        contentType = response.headers.first { $0.name.lowercased() == "content-type" }?.value
        if case .bytes(let bytes) = response.body { body = String(decoding: bytes, as: UTF8.self) } else { body = "" }
    }
}
