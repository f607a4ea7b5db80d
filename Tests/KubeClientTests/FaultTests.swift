import Foundation
import KubeClient
import KubeFake
import Testing

/// Retries, backoff, timeouts and dropped connections, with the messages users see.
@Suite(.serialized) struct FaultTests {
    /// A client on the in-memory fake whose retry waits are recorded instead of slept.
    func memoryClient(_ fake: FakeAPIServer, waits: Collected) -> KubernetesClient {
        var config = ClientConfig(server: "https://fake.invalid")
        config.credentials = .none
        let rest = RESTClient(config: config, transport: FakeTransport(server: fake))
        rest.sleep = { waits.add(String($0)) }
        return KubernetesClient(rest: rest)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces", times: 1, .status(429, headers: [("Retry-After", "3")])))
        let waits = Collected()
        let found = try await memoryClient(fake, waits: waits).get(.namespaces, name: "default")
        #expect(found["metadata"]?["name"] == "default")
        #expect(waits.items == ["3.0"])
    }

    @Test func serviceUnavailableTwiceThenSuccessBacksOff() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces", times: 2, .status(503)))
        let waits = Collected()
        _ = try await memoryClient(fake, waits: waits).list(.namespaces)
        #expect(waits.items == ["0.25", "0.5"])
        #expect(fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces") }.count == 3)
    }

    @Test func createIsNotRetriedOnServerErrors() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "POST", pathPrefix: "/api/v1/namespaces", times: 1, .status(503, body: "etcd is unavailable")))
        let waits = Collected()
        do {
            _ = try await memoryClient(fake, waits: waits).create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "x"]])
            Issue.record("expected a failure")
        } catch let error as KubeAPIError {
            #expect(error.code == 503)
            #expect(error.description == "etcd is unavailable")
        }
        #expect(waits.items.isEmpty)
        #expect(fake.object(resource: "namespaces", name: "x") == nil)
    }

    @Test func retriesRunOutWithTheLastError() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", times: 10, .status(429, headers: [("Retry-After", "1")])))
        let waits = Collected()
        do {
            _ = try await memoryClient(fake, waits: waits).get(.namespaces, name: "default")
            Issue.record("expected a failure")
        } catch let error as KubeAPIError {
            #expect(error.reason == .tooManyRequests)
        }
        #expect(waits.items.count == 4)
    }

    @Test func droppedConnectionIsRetriedOverTLS() async throws {
        let cluster = try TestCluster()
        cluster.fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/default", times: 1, .drop))
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        client.rest.sleep = { _ in }
        let found = try await client.get(.namespaces, name: "default")
        #expect(found["metadata"]?["name"] == "default")
        #expect(cluster.fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces/default") }.count == 2)
    }

    @Test func connectionThatKeepsDroppingSaysSo() async throws {
        let cluster = try TestCluster()
        cluster.fake.inject(Fault(method: "GET", times: 10, .drop))
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        client.rest.sleep = { _ in }
        do {
            _ = try await client.get(.namespaces, name: "default")
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.kind == .connectionLost)
            #expect(error.description.hasPrefix("the connection to the server 127.0.0.1:\(cluster.tls.port) was closed before it answered"))
        }
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let cluster = try TestCluster()
        var config = try KubeConfigLoader(explicitPath: try cluster.kubeconfig(user: "    token: t0ken"), variables: [:]).clientConfig()
        config.requestTimeout = 0.5
        let client = KubernetesClient(rest: RESTClient(config: config))
        // POST is not retried, so exactly one timeout is seen.
        cluster.fake.inject(Fault(method: "POST", times: 1, .delay(5)))
        do {
            _ = try await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "slow"]])
            Issue.record("expected a timeout")
        } catch let error as TransportError {
            #expect(error.kind == .timeout)
            #expect(error.description == "the server 127.0.0.1:\(cluster.tls.port) did not answer within 500ms")
        }
        #expect(cluster.fake.requestLog.filter { $0.hasPrefix("POST ") }.count == 1)
    }

    @Test func refusedConnectionNamesTheServer() async throws {
        // A port that was just bound and released is (almost certainly) closed.
        let cluster = try TestCluster()
        let port = cluster.tls.port
        cluster.tls.stop()
        var config = ClientConfig(server: "https://127.0.0.1:\(port)")
        config.tls.insecureSkipVerify = true
        let rest = RESTClient(config: config)
        rest.sleep = { _ in }
        do {
            _ = try await KubernetesClient(rest: rest).list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.kind == .connectionRefused)
            #expect(error.description == "the connection to the server 127.0.0.1:\(port) was refused - did you specify the right host or port?")
        }
    }

    @Test func cancellationStopsARequest() async throws {
        let cluster = try TestCluster()
        cluster.fake.inject(Fault(method: "GET", times: 1, .delay(5)))
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        let task = Task { try await client.get(.namespaces, name: "default") }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result else { Issue.record("expected cancellation"); return }
        #expect((error as? TransportError)?.kind == .cancelled)
        // Cancelled, not retried: the server saw the one request.
        #expect(cluster.fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces/default") }.count == 1)
    }
}
