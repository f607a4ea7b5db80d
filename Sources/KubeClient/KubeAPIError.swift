import Foundation
import ValueKit

/// A non-2xx answer from the API server, decoded from its `metav1.Status` body when there is one.
/// `description` is the server's message, as client-go's StatusError prints it.
public struct KubeAPIError: Error, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case notFound = "NotFound", alreadyExists = "AlreadyExists", conflict = "Conflict", invalid = "Invalid"
        case forbidden = "Forbidden", unauthorized = "Unauthorized", timeout = "Timeout", serverTimeout =
            "ServerTimeout"
        case tooManyRequests = "TooManyRequests", badRequest = "BadRequest", methodNotAllowed = "MethodNotAllowed"
        case notAcceptable = "NotAcceptable", unsupportedMediaType = "UnsupportedMediaType", gone = "Gone"
        case expired = "Expired", internalError = "InternalError", serviceUnavailable = "ServiceUnavailable"
        case requestEntityTooLarge = "RequestEntityTooLarge", unknown = ""
    }

    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String
    }

    public var code: Int
    public var reason: Reason
    /// The reason word exactly as the server sent it (kept when it is not one of the known ones).
    public var reasonText: String
    public var message: String
    public var name: String?
    public var kind: String?
    public var causes: [Cause] = []
    public var retryAfterSeconds: Int?

    public var description: String { message }

    /// kubectl's one-line form: `Error from server (NotFound): namespaces "x" not found`.
    public var kubectlDescription: String {
        reasonText.isEmpty ? "Error from server: \(message)" : "Error from server (\(reasonText)): \(message)"
    }

    public init(code: Int, reason: Reason, message: String) {
        self.code = code
        self.reason = reason
        self.reasonText = reason.rawValue
        self.message = message
    }

    /// Decodes a failed response; bodies that are not a Status get client-go's generic message.
    public static func from(_ response: HTTPResponse, method: String) -> KubeAPIError {
        let text = String(decoding: response.body, as: UTF8.self)
        if let status = try? GoJSONDecoder.decode(text), status["kind"]?.stringValue == "Status",
            let message = status["message"]?.stringValue
        {
            let reasonText = status["reason"]?.stringValue ?? ""
            let code = status["code"]?.integerValue ?? response.status
            var error = KubeAPIError(code: code, reason: Reason(rawValue: reasonText) ?? .unknown, message: message)
            error.reasonText = reasonText
            if error.reason == .unknown && reasonText.isEmpty {
                error.reason = generic(response.status, method: method).reason
            }
            let details = status["details"]
            error.name = details?["name"]?.stringValue
            error.kind = details?["kind"]?.stringValue
            error.retryAfterSeconds = details?["retryAfterSeconds"]?.integerValue
            for cause in details?["causes"]?.arrayValue ?? [] {
                error.causes.append(
                    Cause(
                        reason: cause["reason"]?.stringValue ?? "", message: cause["message"]?.stringValue ?? "",
                        field: cause["field"]?.stringValue ?? ""))
            }
            if error.retryAfterSeconds == nil {
                error.retryAfterSeconds = response.header("Retry-After").flatMap { Int($0) }
            }
            return error
        }
        var error = generic(response.status, method: method)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if response.status == 403 && !trimmed.isEmpty { error.message = trimmed }
        if error.reason == .internalError {
            error.message =
                "an error on the server (\(GoSyntax.quote(trimmed.isEmpty ? "unknown" : trimmed))) has prevented the request from succeeding"
        }
        error.retryAfterSeconds = response.header("Retry-After").flatMap { Int($0) }
        return error
    }

    /// client-go's wording for an answer without a Status body.
    static func generic(_ code: Int, method: String) -> KubeAPIError {
        switch code {
        case 409:
            return KubeAPIError(
                code: code, reason: method == "POST" ? .alreadyExists : .conflict,
                message: "the server reported a conflict")
        case 404:
            return KubeAPIError(
                code: code, reason: .notFound, message: "the server could not find the requested resource")
        case 400:
            return KubeAPIError(
                code: code, reason: .badRequest, message: "the server rejected our request for an unknown reason")
        case 401:
            return KubeAPIError(
                code: code, reason: .unauthorized, message: "the server has asked for the client to provide credentials"
            )
        case 403:
            return KubeAPIError(
                code: code, reason: .forbidden, message: "the server does not allow access to the requested resource")
        case 405:
            return KubeAPIError(
                code: code, reason: .methodNotAllowed,
                message: "the server does not allow this method on the requested resource")
        case 406:
            return KubeAPIError(
                code: code, reason: .notAcceptable,
                message: "the server was unable to respond with a content type that the client supports")
        case 415:
            return KubeAPIError(
                code: code, reason: .unsupportedMediaType,
                message: "the server does not support the content type of the request")
        case 422:
            return KubeAPIError(
                code: code, reason: .invalid, message: "the server rejected our request due to an error in our request")
        case 429:
            return KubeAPIError(
                code: code, reason: .tooManyRequests,
                message: "the server has received too many requests and has asked us to try again later")
        case 503:
            return KubeAPIError(
                code: code, reason: .serviceUnavailable, message: "the server is currently unable to handle the request"
            )
        case 504:
            return KubeAPIError(
                code: code, reason: .timeout,
                message:
                    "the server was unable to return a response in the time allotted, but may still be processing the request"
            )
        default:
            return KubeAPIError(
                code: code, reason: .internalError,
                message: "an error on the server (\"unknown\") has prevented the request from succeeding")
        }
    }

}
