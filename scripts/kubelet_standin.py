#!/usr/bin/env python3
"""A kubelet stand-in for scripts run against ../shared/envtest (which has none): every Pending Pod
becomes Running and Ready (podIP 127.0.0.1), a Job's Pod ends Succeeded. Polls with kubectl; the
test suite's own stand-in (Tests/Support/EnvTest/Kubelet.swift) is driven by a watch.
  kubelet_standin.py KUBECONFIG        (runs until killed)
"""
import datetime
import json
import subprocess
import sys
import time

KUBECONFIG = sys.argv[1]
done = set()
while True:
    out = subprocess.run(["kubectl", "--kubeconfig", KUBECONFIG, "get", "pods", "-A", "-o", "json"], capture_output=True, text=True).stdout
    try:
        pods = json.loads(out or "{}").get("items", [])
    except ValueError:
        pods = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for pod in pods:
        meta = pod["metadata"]
        if meta["uid"] in done or meta.get("deletionTimestamp") or pod.get("status", {}).get("phase", "Pending") != "Pending":
            continue
        done.add(meta["uid"])
        job = "batch.kubernetes.io/job-name" in meta.get("labels", {}) or "job-name" in meta.get("labels", {})
        containers = [{"name": c["name"], "image": c.get("image", ""), "imageID": "", "ready": not job, "started": not job, "restartCount": 0,
                       "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": now, "finishedAt": now}} if job
                       else {"running": {"startedAt": now}}} for c in pod["spec"]["containers"]]
        status = {"phase": "Succeeded" if job else "Running", "podIP": "127.0.0.1", "podIPs": [{"ip": "127.0.0.1"}], "hostIP": "127.0.0.1",
                  "startTime": now, "containerStatuses": containers,
                  "conditions": [{"type": t, "status": "True" if (not job or t in ("PodScheduled", "Initialized")) else "False", "lastTransitionTime": now}
                                 for t in ("PodScheduled", "Initialized", "ContainersReady", "Ready")]}
        subprocess.run(["kubectl", "--kubeconfig", KUBECONFIG, "patch", "pod", meta["name"], "-n", meta["namespace"], "--subresource=status",
                        "--type=merge", "-p", json.dumps({"status": status})], capture_output=True)
    time.sleep(0.3)
