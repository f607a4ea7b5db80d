#!/usr/bin/env python3
"""The API server's floor for Benchmarks/scale.sh: the requests an osm command sends, sent by 16
threads at once, each with its own keep-alive TLS connection (client certificate of envtest's admin).
Prints the wall time in seconds. Also seeds the cluster (namespaces, pods) the same way.

  floor.py ENVTEST_DIR add-namespaces PREFIX COUNT MESH     # osm namespace add's requests
  floor.py ENVTEST_DIR enable-metrics PREFIX COUNT          # osm metrics enable's requests
  floor.py ENVTEST_DIR bug-report PREFIX COUNT PODS         # bug-report --all's list, log and port-forward requests
  floor.py ENVTEST_DIR seed PREFIX COUNT PODS [LABELS_JSON] # namespaces (and PODS pods in each)
"""
import http.client
import json
import os
import queue
import ssl
import sys
import threading
import time

THREADS = 16


def connection_factory(folder):
    env = dict(line.strip().split("=", 1) for line in open(os.path.join(folder, "env")) if "=" in line)
    context = ssl.create_default_context(cafile=os.path.join(folder, "pki", "ca.crt"))
    context.load_cert_chain(os.path.join(folder, "pki", "admin.crt"), os.path.join(folder, "pki", "admin.key"))
    port = int(env["API_PORT"])
    return lambda: http.client.HTTPSConnection("127.0.0.1", port, context=context)


def request(conn, method, path, body=None, content_type="application/json"):
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = content_type
        body = json.dumps(body).encode()
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    return answer.status, data


def run_parallel(make_conn, items, work):
    """Runs work(conn, item) for every item on THREADS threads; returns the wall time."""
    jobs = queue.Queue()
    for item in items:
        jobs.put(item)
    failures = []

    def worker():
        conn = make_conn()
        while True:
            try:
                item = jobs.get_nowait()
            except queue.Empty:
                return
            try:
                work(conn, item)
            except Exception as error:  # noqa: BLE001 - counted and reported
                failures.append(f"{item}: {error}")
                conn.close()
                conn = make_conn()

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        print(f"{len(failures)} failures, first: {failures[0]}", file=sys.stderr)
    return time.monotonic() - start


def main():
    folder, mode, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    make_conn = connection_factory(folder)
    names = [f"{prefix}-{i}" for i in range(1, count + 1)]
    merge = "application/strategic-merge-patch+json"
    if mode == "add-namespaces":
        mesh = sys.argv[5]

        def add(conn, ns):
            request(conn, "GET", f"/apis/apps/v1/namespaces/{ns}/deployments?labelSelector=app%3Dosm-controller&limit=500")
            request(conn, "GET", f"/api/v1/namespaces/{ns}")
            status, _ = request(conn, "PATCH", f"/api/v1/namespaces/{ns}", {"metadata": {
                "labels": {"openservicemesh.io/monitored-by": mesh},
                "annotations": {"openservicemesh.io/sidecar-injection": "enabled"}}}, merge)
            assert status == 200, status

        start = time.monotonic()
        conn = make_conn()
        request(conn, "GET", f"/apis/apps/v1/deployments?labelSelector=meshName%3D{mesh}&limit=500")
        print(f"{time.monotonic() - start + run_parallel(make_conn, names, add):.3f}")
    elif mode == "enable-metrics":
        def enable(conn, ns):
            request(conn, "GET", f"/api/v1/namespaces/{ns}")
            status, _ = request(conn, "PATCH", f"/api/v1/namespaces/{ns}",
                                {"metadata": {"annotations": {"openservicemesh.io/metrics": "enabled"}}}, merge)
            assert status == 200, status
            request(conn, "GET", f"/api/v1/namespaces/{ns}/pods?labelSelector=osm-proxy-uuid&limit=500")

        start = time.monotonic()
        conn = make_conn()
        request(conn, "GET", "/apis/apps/v1/deployments?labelSelector=app%3Dosm-controller&limit=500")
        print(f"{time.monotonic() - start + run_parallel(make_conn, names, enable):.3f}")
    elif mode == "bug-report":
        pods = int(sys.argv[5])

        def namespace(conn, ns):
            for path in (f"/api/v1/namespaces/{ns}/pods?limit=500", f"/api/v1/namespaces/{ns}/events?limit=500",
                         f"/api/v1/namespaces/{ns}/pods?labelSelector=osm-proxy-uuid&limit=500",
                         f"/api/v1/namespaces/{ns}/services?limit=500", f"/apis/apps/v1/namespaces/{ns}/deployments?limit=500"):
                request(conn, "GET", path)

        def pod(conn, ref):
            ns, name = ref
            request(conn, "GET", f"/api/v1/namespaces/{ns}/pods/{name}/log?container=envoy")
            request(conn, "POST", f"/api/v1/namespaces/{ns}/pods/{name}/portforward?ports=15000")

        start = time.monotonic()
        conn = make_conn()
        request(conn, "GET", "/api/v1/namespaces?labelSelector=openservicemesh.io%2Fmonitored-by&limit=500")
        elapsed = time.monotonic() - start + run_parallel(make_conn, names, namespace)
        elapsed += run_parallel(make_conn, [(ns, f"pod-{p}") for ns in names for p in range(1, pods + 1)], pod)
        print(f"{elapsed:.3f}")
    elif mode == "seed":
        pods = int(sys.argv[5])
        labels = json.loads(sys.argv[6]) if len(sys.argv) > 6 else {}

        def seed(conn, ns):
            status, data = request(conn, "POST", "/api/v1/namespaces",
                                   {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}})
            assert status in (201, 409), (status, data[:200])
            if pods == 0:
                return
            for _ in range(1200):  # the ServiceAccount admission plugin needs the namespace's default account
                if request(conn, "GET", f"/api/v1/namespaces/{ns}/serviceaccounts/default")[0] == 200:
                    break
                time.sleep(0.1)
            for p in range(1, pods + 1):
                status, data = request(conn, "POST", f"/api/v1/namespaces/{ns}/pods", {
                    "apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": f"pod-{p}", "labels": {"app": "app", "osm-proxy-uuid": "6f2d6b36-1a4e-4a3c-9f5e-2b4c1d3e5f60"}},
                    "spec": {"containers": [{"name": "app", "image": "app:1"}, {"name": "envoy", "image": "envoy:1"}]}})
                assert status in (201, 409), (status, data[:200])

        print(f"{run_parallel(make_conn, names, seed):.3f}")
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
