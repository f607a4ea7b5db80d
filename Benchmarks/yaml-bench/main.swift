// Parses a values file the way Helm does and prints `toYaml` of it, N times over, like
// `gotpl template --repeat N` does with `{{ toYaml .Values }}`. Used by Benchmarks/yaml.sh.
import Foundation
import YAML

let args = CommandLine.arguments
guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else {
    FileHandle.standardError.write("usage: yaml-bench FILE [REPEAT]\n".data(using: .utf8)!)
    exit(2)
}
let repeatCount = args.count > 2 ? Int(args[2]) ?? 1 : 1
do {
    let values = try YAML.decodeMap(String(decoding: data, as: UTF8.self))
    var out = ""
    for _ in 0..<repeatCount {
        out = try YAML.encode(.map(values))
    }
    if out.hasSuffix("\n") { out.removeLast() }
    print(out, terminator: "")
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}
