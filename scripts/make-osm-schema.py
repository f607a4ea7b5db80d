#!/usr/bin/env python3
"""Writes charts/osm/values.schema.json from charts/osm/values.yaml: every key typed after its default,
unknown keys refused under `osm` and its sub-objects, and the enumerations and bounds upstream's
schema enforces. Run after changing values.yaml."""
import json, os, yaml

here = os.path.dirname(os.path.abspath(__file__))
chart = os.path.join(here, "..", "charts", "osm")
values = yaml.safe_load(open(os.path.join(chart, "values.yaml")))

# Paths whose content is free-form Kubernetes structure (affinity, labels, selectors, resources…).
FREE = {"affinity", "nodeSelector", "tolerations", "podLabels", "resource", "resources", "imagePullSecrets",
        "controlPlaneTolerations"}
PATTERNS = {
    "osm.image.pullPolicy": "^(Always|Never|IfNotPresent)?$",
    "osm.certificateProvider.kind": "^(tresor|vault|cert-manager)$",
    "osm.envoyLogLevel": "^(trace|debug|info|warning|warn|error|critical|off)$",
    "osm.controllerLogLevel": "^(debug|info|warn|error|fatal|panic|disabled|trace)$",
}
ENUMS = {"osm.localProxyMode": ["Localhost", "PodIP"]}
PORTS = {"osm.tracing.port", "osm.prometheus.port", "osm.grafana.port", "osm.vault.port"}
REQUIRED_OSM = ["image", "sidecarImage", "curlImage", "caBundleSecretName", "enableDebugServer",
                "enablePermissiveTrafficPolicy", "enableEgress", "enableReconciler", "deployPrometheus",
                "deployGrafana", "enableFluentbit", "fluentBit", "meshName", "maxDataPlaneConnections",
                "envoyLogLevel", "controllerLogLevel", "enforceSingleMesh", "deployJaeger", "tracing",
                "webhookConfigNamePrefix", "osmController", "enablePrivilegedInitContainer", "injector",
                "osmBootstrap", "featureFlags"]

def schema(value, path):
    key = path.rsplit(".", 1)[-1]
    if key in FREE:
        return {"type": "array"} if isinstance(value, list) else {"type": "object"}
    if isinstance(value, bool):
        out = {"type": "boolean"}
    elif isinstance(value, int):
        out = {"type": "integer"}
        if path in PORTS:
            out.update(minimum=1, maximum=65535)
    elif isinstance(value, str):
        out = {"type": "string"}
    elif isinstance(value, list):
        out = {"type": "array"}
        if path.endswith("PortExclusionList"):
            out["items"] = {"type": "integer", "minimum": 1, "maximum": 65535}
        elif path.endswith("IPRangeExclusionList") or path.endswith("IPRangeInclusionList"):
            out["items"] = {"type": "string", "pattern": r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)\.?\b){4}\/([0-9]|[1-2][0-9]|3[0-2])$"}
        else:
            out["items"] = {"type": "string"}
    elif isinstance(value, dict):
        out = {"type": "object", "properties": {k: schema(v, f"{path}.{k}") for k, v in value.items()},
               "additionalProperties": not path.startswith("osm")}
    else:
        out = {}
    if path in PATTERNS:
        out["pattern"] = PATTERNS[path]
    if path in ENUMS:
        out["enum"] = ENUMS[path]
    return out

root = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "OSM control-plane values",
        "type": "object", "required": ["osm", "contour", "smi"],
        "properties": {k: schema(v, k) for k, v in values.items()}}
root["properties"]["osm"]["required"] = REQUIRED_OSM
root["properties"]["osm"]["properties"]["vault"]["properties"]["token"]["type"] = "string"
with open(os.path.join(chart, "values.schema.json"), "w") as f:
    json.dump(root, f, indent=2)
    f.write("\n")
print("wrote values.schema.json")
