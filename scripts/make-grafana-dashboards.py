#!/usr/bin/env python3
"""Writes charts/osm/grafana/dashboards/*.json: the seven OSM dashboards (written for this project)
that the chart's Grafana loads. `${DS_PROMETHEUS}` and `${CONTROL_PLANE_NAMESPACE}` are placeholders
the chart replaces at render time."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
folder = os.path.join(here, "..", "charts", "osm", "grafana", "dashboards")
DS = "${DS_PROMETHEUS}"

def panel(i, title, exprs, unit="short"):
    return {"id": i, "type": "timeseries", "title": title, "datasource": DS,
            "gridPos": {"h": 8, "w": 12, "x": (i - 1) % 2 * 12, "y": (i - 1) // 2 * 8},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"expr": e, "legendFormat": l, "refId": chr(65 + n)} for n, (e, l) in enumerate(exprs)]}

def variable(name, query, label):
    return {"name": name, "label": label, "type": "query", "datasource": DS, "query": query, "refresh": 1,
            "includeAll": False, "multi": False}

def dashboard(uid, title, panels, variables=()):
    return {"uid": uid, "title": title, "tags": ["osm"], "editable": True, "schemaVersion": 30, "version": 1,
            "time": {"from": "now-15m", "to": "now"}, "refresh": "10s",
            "templating": {"list": list(variables)}, "panels": [panel(i + 1, *p) for i, p in enumerate(panels)]}

CP = "${CONTROL_PLANE_NAMESPACE}"
boards = {
    "osm-control-plane.json": dashboard("OSMControlPlane", "OSM Control Plane", [
        ("Connected proxies", [("sum(osm_proxy_connect_count)", "proxies")]),
        ("Proxy configuration updates per second", [("sum(rate(osm_proxy_broadcast_event_count[1m]))", "broadcasts")], "ops"),
        ("Controller CPU (cores)", [(f'sum(rate(container_cpu_usage_seconds_total{{namespace="{CP}",container="osm-controller"}}[1m]))', "cpu")]),
        ("Controller memory", [(f'sum(container_memory_working_set_bytes{{namespace="{CP}",container="osm-controller"}})', "memory")], "bytes"),
        ("Injector admission requests per second", [(f'sum(rate(osm_injector_injector_sidecar_count[1m]))', "injected")], "ops"),
        ("Certificates issued per second", [("sum(rate(osm_cert_issued_count[1m]))", "issued")], "ops"),
    ]),
    "osm-mesh-envoy-details.json": dashboard("OSMEnvoyDetails", "OSM Mesh Envoy Details", [
        ("Requests per second", [('sum(rate(envoy_cluster_upstream_rq_total{source_namespace="$namespace",source_pod_name="$pod"}[1m])) by (envoy_cluster_name)', "{{envoy_cluster_name}}")], "reqps"),
        ("Active connections", [('sum(envoy_cluster_upstream_cx_active{source_namespace="$namespace",source_pod_name="$pod"}) by (envoy_cluster_name)', "{{envoy_cluster_name}}")]),
        ("Connection failures per second", [('sum(rate(envoy_cluster_upstream_cx_connect_fail{source_namespace="$namespace",source_pod_name="$pod"}[1m]))', "failures")], "ops"),
        ("Bytes sent and received per second", [('sum(rate(envoy_cluster_upstream_cx_tx_bytes_total{source_namespace="$namespace",source_pod_name="$pod"}[1m]))', "sent"),
                                                ('sum(rate(envoy_cluster_upstream_cx_rx_bytes_total{source_namespace="$namespace",source_pod_name="$pod"}[1m]))', "received")], "Bps"),
    ], [variable("namespace", "label_values(envoy_server_live, source_namespace)", "Namespace"),
        variable("pod", 'label_values(envoy_server_live{source_namespace="$namespace"}, source_pod_name)', "Pod")]),
}
def flow(uid, title, source, destination, variables):
    where = f'source_{source}="$source",destination_{destination}="$destination"'
    return dashboard(uid, title, [
        ("Request rate", [(f"sum(rate(envoy_cluster_upstream_rq_xx{{{where}}}[1m])) by (envoy_response_code_class)", "{{envoy_response_code_class}}xx")], "reqps"),
        ("Success rate", [(f'sum(rate(envoy_cluster_upstream_rq_xx{{{where},envoy_response_code_class!="5"}}[1m])) / sum(rate(envoy_cluster_upstream_rq_xx{{{where}}}[1m]))', "success")], "percentunit"),
        ("Latency P50 / P99", [(f"histogram_quantile(0.5, sum(rate(osm_request_duration_ms_bucket{{{where}}}[1m])) by (le))", "p50"),
                               (f"histogram_quantile(0.99, sum(rate(osm_request_duration_ms_bucket{{{where}}}[1m])) by (le))", "p99")], "ms"),
        ("Errors per second", [(f'sum(rate(envoy_cluster_upstream_rq_xx{{{where},envoy_response_code_class="5"}}[1m]))', "5xx")], "ops"),
    ], variables)
labels = {"pod": "source_pod_name", "service": "destination_service", "workload": "source_workload_name"}
for name, (src, dst) in {"osm-pod-to-service.json": ("pod", "service"), "osm-service-to-service.json": ("service", "service"),
                         "osm-workload-to-service.json": ("workload", "service"), "osm-workload-to-workload.json": ("workload", "workload")}.items():
    title = f"OSM {src.capitalize()} to {dst.capitalize()}"
    source_label = {"pod": "pod_name", "service": "service", "workload": "workload_name"}[src]
    dest_label = {"service": "service", "workload": "workload_name"}[dst]
    boards[name] = flow(title.replace(" ", ""), title, source_label, dest_label, [
        variable("source", f"label_values(envoy_cluster_upstream_rq_xx, source_{source_label})", f"Source {src}"),
        variable("destination", f"label_values(envoy_cluster_upstream_rq_xx, destination_{dest_label})", f"Destination {dst}")])
boards["osm-data-plane-performance.json"] = dashboard("OSMDataPlanePerformance", "OSM Data Plane Performance", [
    ("Sidecar CPU (cores)", [('sum(rate(container_cpu_usage_seconds_total{container="envoy"}[1m])) by (namespace)', "{{namespace}}")]),
    ("Sidecar memory", [('sum(container_memory_working_set_bytes{container="envoy"}) by (namespace)', "{{namespace}}")], "bytes"),
    ("Mesh request rate", [("sum(rate(envoy_cluster_upstream_rq_total[1m]))", "requests")], "reqps"),
    ("Mesh P99 latency", [("histogram_quantile(0.99, sum(rate(osm_request_duration_ms_bucket[1m])) by (le))", "p99")], "ms"),
])
os.makedirs(folder, exist_ok=True)
for name, board in boards.items():
    with open(os.path.join(folder, name), "w") as f:
        json.dump(board, f, indent=2)
        f.write("\n")
print(f"wrote {len(boards)} dashboards")
