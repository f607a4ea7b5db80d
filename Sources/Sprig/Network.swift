#if canImport(Glibc)
import Glibc
#endif
import GoTemplate
import ValueKit

/// Sprig's getHostByName: one of the addresses the resolver gives for a name, chosen at random.
enum NetworkFunctions {
    static func lookupHost(_ name: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var out: [String] = []
        var node = result
        while let n = node {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if n.pointee.ai_family == AF_INET, let sa = n.pointee.ai_addr {
                sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                    var addr = p.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                }
            } else if n.pointee.ai_family == AF_INET6, let sa = n.pointee.ai_addr {
                sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    var addr = p.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                }
            }
            let text = String(nulTerminated: buffer)
            if !text.isEmpty && !out.contains(text) { out.append(text) }
            node = n.pointee.ai_next
        }
        return out
    }

    static var functions: [String: TemplateFunction] {
        [
            "getHostByName": TemplateFunction([.string]) { a in
                let addresses = lookupHost(a[0].stringValue!)
                guard let pick = addresses.randomElement() else { throw FunctionError("invalid argument to Intn") }
                return .string(pick)
            }
        ]
    }
}
