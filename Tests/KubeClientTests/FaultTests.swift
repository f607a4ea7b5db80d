import Foundation
import KubeClient
import KubeFake
import Testing

/// Retries, backoff, timeouts and dropped connections, with the messages users see.
@Suite(.serialized, .timeLimit(.minutes(3))) struct FaultTests {
    /// A client on the in-memory fake whose retry waits are recorded instead of slept.
    func memoryClient(_ fake: FakeAPIServer, waits: Collected) -> KubernetesClient {
        var config = ClientConfig(server: "https://fake.invalid")
        config.credentials = .none
        let rest = RESTClient(config: config, transport: FakeTransport(server: fake))
        Self.virtualTime(rest, waits: waits)
        return KubernetesClient(rest: rest)
    }

    /// Retry waits recorded and added to a clock of their own instead of slept; no jitter.
    static func virtualTime(_ rest: RESTClient, waits: Collected = Collected()) {
        let clock = VirtualClock()
        rest.clock = { clock.now }
        rest.sleep = { waits.add(String($0)); clock.advance($0) }
        rest.retry.jitter = 0
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

    /// A 503 (an API server warming up) refuses the create: it is sent again.
    @Test func createIsRetriedAfterServiceUnavailable() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "POST", pathPrefix: "/api/v1/namespaces", times: 1, .status(503, body: "etcd is unavailable")))
        let waits = Collected()
        _ = try await memoryClient(fake, waits: waits).create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "x"]])
        #expect(waits.items == ["0.25"])
        #expect(fake.object(resource: "namespaces", name: "x") != nil)
    }

    /// A create whose answer was lost may have happened: sent again, its AlreadyExists is checked
    /// against what was sent, so the caller sees its object created once.
    @Test func createWhoseAnswerWasLostIsCheckedNotDoubled() async throws {
        let fake = FakeAPIServer()
        let client = memoryClient(fake, waits: Collected())
        _ = try await client.get(.namespaces, name: "default")  // the server has answered once
        fake.inject(Fault(method: "POST", pathPrefix: "/api/v1/namespaces/default/configmaps", times: 1, .dropAnswer))
        let made = try await client.create(.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["k": "v1"]],
                                           namespace: "default")
        #expect(made["data"]?["k"] == "v1")
        // Someone else's object of that name is not taken for ours.
        fake.inject(Fault(method: "POST", pathPrefix: "/api/v1/namespaces/default/configmaps", times: 1, .drop))
        do {
            _ = try await client.create(.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["k": "v2"]],
                                        namespace: "default")
            Issue.record("expected AlreadyExists")
        } catch let error as KubeAPIError {
            #expect(error.reason == .alreadyExists)
        }
    }

    /// A delete repeated after a lost answer finds the object gone: success.
    @Test func repeatedDeleteThatFindsNothingSucceeds() async throws {
        let fake = FakeAPIServer()
        let client = memoryClient(fake, waits: Collected())
        _ = try await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "gone"]])
        fake.inject(Fault(method: "DELETE", pathPrefix: "/api/v1/namespaces/gone", times: 1, .dropAnswer))
        fake.namespaceDeletionIsInstant = true
        try await client.delete(.namespaces, name: "gone")
        #expect(fake.requestLog.filter { $0.hasPrefix("DELETE /api/v1/namespaces/gone") }.count == 2)
    }

    /// Retries go on until the deadline, with capped exponential waits, and the error says so.
    @Test func retriesRunUntilTheDeadline() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", times: 1000, .status(503, body: "the server is starting")))
        let waits = Collected()
        let client = memoryClient(fake, waits: waits)
        client.rest.setDeadline(seconds: 20, name: "--timeout 20s")
        do {
            _ = try await client.list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as KubeAPIError {
            #expect(error.code == 503)
            #expect(error.message.hasPrefix("the server is starting (gave up after "))
            #expect(error.message.hasSuffix(": the deadline (--timeout 20s) leaves no time for another)"))
        }
        // 0.25 + 0.5 + 1 + 2 + 4 × 4 = 19.75 s of waiting fits in 20 s; a fifth 4 s wait would not.
        #expect(waits.items == ["0.25", "0.5", "1.0", "2.0", "4.0", "4.0", "4.0", "4.0"])
    }

    @Test func retriesRunOutWithTheLastError() async throws {
        let fake = FakeAPIServer()
        fake.inject(Fault(method: "GET", times: 100, .status(429, headers: [("Retry-After", "1")])))
        let waits = Collected()
        let client = memoryClient(fake, waits: waits)
        client.rest.retry.defaultWindow = 4.5
        do {
            _ = try await client.get(.namespaces, name: "default")
            Issue.record("expected a failure")
        } catch let error as KubeAPIError {
            #expect(error.reason == .tooManyRequests)
        }
        #expect(waits.items.count == 4)
    }

    @Test func droppedConnectionIsRetriedOverTLS() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        Self.virtualTime(client.rest)
        _ = try await client.list(.namespaces)  // the server has answered once
        cluster.fake.inject(Fault(method: "GET", pathPrefix: "/api/v1/namespaces/default", times: 1, .drop))
        let found = try await client.get(.namespaces, name: "default")
        #expect(found["metadata"]?["name"] == "default")
        #expect(cluster.fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces/default") }.count == 2)
    }

    @Test func connectionThatKeepsDroppingSaysSo() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        Self.virtualTime(client.rest)
        client.rest.retry.defaultWindow = 10
        _ = try await client.list(.namespaces)  // the server has answered once
        cluster.fake.inject(Fault(method: "GET", times: 1000, .drop))
        do {
            _ = try await client.get(.namespaces, name: "default")
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.kind == .connectionLost)
            #expect(error.description.hasPrefix("the connection to the server 127.0.0.1:\(cluster.tls.port) was closed before it answered"))
            #expect(error.description.contains("(gave up after "))
        }
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let cluster = try TestCluster()
        var config = try KubeConfigLoader(explicitPath: try cluster.kubeconfig(user: "    token: t0ken"), variables: [:]).clientConfig()
        config.requestTimeout = 0.5
        let client = KubernetesClient(rest: RESTClient(config: config))
        // --request-timeout is also the command's retry window: no time is left for a second try.
        client.rest.requestTimeout = 0.5
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
        Self.virtualTime(rest)
        do {
            _ = try await KubernetesClient(rest: rest).list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as TransportError {
            // A server that refuses the first connection is a wrong address: no retries, kubectl's words.
            #expect(error.kind == .connectionRefused)
            #expect(error.description == "the connection to the server 127.0.0.1:\(port) was refused - did you specify the right host or port?")
        }
    }

    /// A server that answered and then refuses is restarting: calls retry until the deadline.
    @Test func refusedAfterAnAnswerIsRetriedUntilTheDeadline() async throws {
        let cluster = try TestCluster()
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        let waits = Collected()
        Self.virtualTime(client.rest, waits: waits)
        _ = try await client.list(.namespaces)
        client.rest.setDeadline(seconds: 3, name: "--timeout 3s")
        cluster.tls.stop()
        do {
            _ = try await client.list(.namespaces)
            Issue.record("expected a failure")
        } catch let error as TransportError {
            #expect(error.kind == .connectionRefused)
            #expect(error.description.hasSuffix("was refused - did you specify the right host or port? (gave up after 4 attempts in 2s: the deadline (--timeout 3s) leaves no time for another)"), "\(error)")
        }
        #expect(waits.items == ["0.25", "0.5", "1.0"])
    }

    @Test func cancellationStopsARequest() async throws {
        let cluster = try TestCluster()
        cluster.fake.inject(Fault(method: "GET", times: 1, .delay(5)))
        let client = try cluster.client(try cluster.kubeconfig(user: "    token: t0ken"))
        let task = Task { try await client.get(.namespaces, name: "default") }
        try await Task.sleep(nanoseconds: 200_000_000)
        let cancelled = Date()
        task.cancel()
        let result = await task.result
        // The request ends at once, not when the server's 5 s answer would have come.
        #expect(Date().timeIntervalSince(cancelled) < 2)
        guard case .failure(let error) = result else { Issue.record("expected cancellation"); return }
        #expect((error as? TransportError)?.kind == .cancelled)
        // Cancelled, not retried: the server saw the one request.
        #expect(cluster.fake.requestLog.filter { $0.hasPrefix("GET /api/v1/namespaces/default") }.count == 1)
    }
}
