#!/usr/bin/env python3
"""Real Helm (helm-python-sdk, Helm 4's Go library) and osm on the same real cluster (issue 12):

  1. Helm lists the mesh `osm install` installed (name, namespace, status, chart, app version).
  2. Helm uninstalls the mesh `osm install` installed: the release and every object are gone.
  3. `osm uninstall mesh` removes a mesh Helm installed from a chart with post-delete hooks in the
     pattern of upstream osm's chart (ServiceAccount + ClusterRole + binding + Job): the hook ran,
     nothing is left.
  4. Helm upgrades a mesh `osm` installed, and `osm mesh upgrade` upgrades it again after Helm.

Run by scripts/helm-interop.sh, which starts envtest and a kubelet stand-in. Usage:
  helm_interop.py OSM_BINARY KUBECONFIG
Prints one line per check and exits 1 if any failed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import helm_python as helm

OSM, KUBECONFIG = sys.argv[1], sys.argv[2]
failures = []


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail and not ok else ""))
    if not ok:
        failures.append(name)


def osm(*args, stdin=""):
    env = {"PATH": "/usr/bin:/bin", "KUBECONFIG": KUBECONFIG, "HOME": "/nonexistent", "OSM_NO_UPDATE_CHECK": "1"}
    return subprocess.run([OSM, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300)


def kubectl(*args):
    return subprocess.run(["kubectl", "--kubeconfig", KUBECONFIG, *args], capture_output=True, text=True).stdout


def names(kind, namespace=None):
    args = ["get", kind, "-o", "jsonpath={.items[*].metadata.name}"] + (["-n", namespace] if namespace else [])
    return kubectl(*args).split()


def hook_chart():
    # The chart's base (Chart.yaml, values, a controller-shaped Deployment) is shared with the Swift hook tests.
    base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "IntegrationTests", "Charts", "controller-only")
    folder = os.path.join(tempfile.mkdtemp(prefix="osm-interop-"), "chart")
    shutil.copytree(base, folder)
    hooks = ""
    for kind, extra in [("ServiceAccount", ""),
                        ("ClusterRole", "rules: [{apiGroups: [\"\"], resources: [configmaps], verbs: [get]}]\n"),
                        ("ClusterRoleBinding", "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: '{{ .Release.Name }}-cleanup'}\n"
                                               "subjects: [{kind: ServiceAccount, name: '{{ .Release.Name }}-cleanup', namespace: '{{ .Release.Namespace }}'}]\n"),
                        ("Job", "spec:\n  backoffLimit: 0\n  template:\n    spec:\n      serviceAccountName: '{{ .Release.Name }}-cleanup'\n"
                                "      restartPolicy: Never\n      containers: [{name: cleanup, image: example.invalid/cleanup}]\n")]:
        api = {"ServiceAccount": "v1", "Job": "batch/v1"}.get(kind, "rbac.authorization.k8s.io/v1")
        namespaced = kind in ("ServiceAccount", "Job")
        hooks += (f"---\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: '{{{{ .Release.Name }}}}-cleanup'\n"
                  + ("  namespace: '{{ .Release.Namespace }}'\n" if namespaced else "")
                  + "  annotations:\n    helm.sh/hook: post-delete\n    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded\n"
                  + extra)
    open(f"{folder}/templates/cleanup-hook.yaml", "w").write(hooks)
    return folder


def main():
    # 1. osm installs; Helm lists it.
    r = osm("install", "--mesh-name", "interop-a", "--osm-namespace", "interop-a", "--enforce-single-mesh=false", "--timeout", "2m")
    check("osm install interop-a", r.returncode == 0, r.stderr.strip())
    with helm.Config(kubeconfig_path=KUBECONFIG, namespace="interop-a") as config:
        listed = config.list(all_namespaces=True)
        text = json.dumps(listed)
        check("helm list shows the mesh osm installed", '"interop-a"' in text and "deployed" in text, text[:300])
        status = config.status("interop-a")
        check("helm status: deployed, chart osm 1.2.4", "deployed" in json.dumps(status) and "1.2.4" in json.dumps(status), json.dumps(status)[:300])
        # 4. Helm upgrades the release osm wrote; osm upgrades it again.
        chart = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "charts", "osm")
        try:
            config.upgrade(chart, "interop-a", {"osm": {"meshName": "interop-a", "enforceSingleMesh": False, "controllerLogLevel": "debug"}},
                           namespace="interop-a", timeout=120)
            upgraded = True
        except helm.HelmError as error:
            upgraded, detail = False, str(error)
        check("helm upgrade of the release osm installed", upgraded, "" if upgraded else detail)
        r = osm("mesh", "upgrade", "--mesh-name", "interop-a", "--osm-namespace", "interop-a")
        check("osm mesh upgrade after helm upgrade", r.returncode == 0, r.stderr.strip())
        revisions = json.dumps(config.history("interop-a"))
        check("history has 3 revisions", revisions.count('"revision"') >= 3 or revisions.count('"version"') >= 3, revisions[:300])
        # 2. Helm uninstalls the mesh osm installed.
        config.uninstall("interop-a", timeout=120)
    check("helm uninstall removed every Deployment", names("deployments", "interop-a") == [], str(names("deployments", "interop-a")))
    check("helm uninstall removed the release records", names("secrets", "interop-a") == [], str(names("secrets", "interop-a")))
    check("helm uninstall removed the ClusterRole", "interop-a" not in names("clusterroles"))

    # 3. Helm installs a chart with post-delete hooks; osm uninstalls it.
    chart = hook_chart()
    with helm.Config(kubeconfig_path=KUBECONFIG, namespace="interop-b") as config:
        config.install(chart, "interop-b", {"osm": {"meshName": "interop-b"}}, namespace="interop-b", create_namespace=True, timeout=120)
    r = osm("uninstall", "mesh", "-f", "--mesh-name", "interop-b", "--osm-namespace", "interop-b", "--timeout", "2m")
    check("osm uninstall mesh of a Helm-installed mesh with a post-delete hook",
          r.returncode == 0 and r.stdout == "OSM [mesh name: interop-b] in namespace [interop-b] uninstalled\n", r.stdout + r.stderr)
    check("its post-delete hook ran and was deleted", names("jobs", "interop-b") == [], str(names("jobs", "interop-b")))
    check("nothing of it is left", names("deployments", "interop-b") == [] and names("secrets", "interop-b") == []
          and names("serviceaccounts", "interop-b") in (["default"], []) and "interop-b-cleanup" not in names("clusterroles"))
    print(f"{'all checks passed' if not failures else f'{len(failures)} check(s) failed'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
