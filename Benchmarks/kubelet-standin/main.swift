import EnvTest
import Foundation

// Plays the kubelet for an envtest control plane (Pods Running and Ready, Job Pods Succeeded), driven
// by a watch, until killed. Usage: kubelet-standin KUBECONFIG
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: kubelet-standin KUBECONFIG\n".utf8))
    exit(2)
}
let kubelet = try await Kubelet.standalone(kubeconfig: CommandLine.arguments[1])
print("kubelet stand-in running")
while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
