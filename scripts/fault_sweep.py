#!/usr/bin/env python3
"""The process-level fault sweep (issue 13): every osm command that talks to a cluster, run as a real
process against every kind of broken or hostile cluster access, RUNS times each. A run passes when
the process exits 1 (130 after Ctrl-C, or 0/1 if it ended before the signal) without dying by a
signal or hanging, and writes exactly one line to stderr, `Error: ...`, that names what is at fault.

Usage: fault_sweep.py OSM_BINARY ENVTEST_DIR RUNS [--jobs N] [--only SCENARIO,...]
ENVTEST_DIR is a running ../shared/envtest control plane (its kubeconfigs and CA are used).
Prints one line per scenario and a summary; exit status 0 only when every run passed.
"""
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
HANG_LIMIT = 60  # seconds before a run counts as a hang


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def start_server(*args):
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fault-servers.py"), *args], stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    return proc, port


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def kubeconfig(path, server, ca, user):
    with open(path, "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
current-context: sweep
clusters: [{{name: c, cluster: {{server: "{server}", certificate-authority: "{ca}"}}}}]
contexts: [{{name: sweep, context: {{cluster: c, user: u}}}}]
users: [{{name: u, user: {user}}}]
""")
    return path


def make_scenarios(work, envtest):
    pki = os.path.join(envtest, "pki")
    env = dict(line.strip().split("=", 1) for line in open(os.path.join(envtest, "env")) if "=" in line)
    api = f"https://127.0.0.1:{env['API_PORT']}"
    ca = os.path.join(pki, "ca.crt")
    admin_user = f'{{client-certificate: "{pki}/admin.crt", client-key: "{pki}/admin.key"}}'
    # Certificates that must not work: another CA, a self-signed client certificate, an expired one.
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
       "-keyout", f"{work}/other-ca.key", "-out", f"{work}/other-ca.crt")
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=intruder/O=system:masters",
       "-keyout", f"{work}/self.key", "-out", f"{work}/self.crt")
    sh("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=expired/O=system:masters",
       "-keyout", f"{work}/expired.key", "-out", f"{work}/expired.csr")
    # An expired certificate signed by the cluster's CA: `openssl ca` can back-date both ends.
    os.makedirs(f"{work}/ca", exist_ok=True)
    open(f"{work}/ca/index.txt", "w").close()
    with open(f"{work}/ca/openssl.cnf", "w") as f:
        f.write(f"[ca]\ndefault_ca=d\n[d]\ndir={work}/ca\ndatabase=$dir/index.txt\nnew_certs_dir=$dir\nserial=$dir/serial\n"
                "default_md=sha256\npolicy=p\n[p]\ncommonName=supplied\norganizationName=optional\n")
    with open(f"{work}/ca/serial", "w") as f:
        f.write("1000\n")
    sh("openssl", "ca", "-batch", "-config", f"{work}/ca/openssl.cnf", "-cert", ca, "-keyfile", f"{pki}/ca.key",
       "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-in", f"{work}/expired.csr", "-out", f"{work}/expired.crt")
    with open(f"{work}/malformed.yaml", "w") as f:
        f.write("apiVersion: v1\nclusters: [ {name: broken, cluster: {server: \n  - ]]\n")

    hold, hold_port = start_server("hold")
    drop, drop_port = start_server("drop", f"{pki}/apiserver.crt", f"{pki}/apiserver.key")
    refused = free_port()
    servers = [hold, drop]
    k = lambda name, server, user, ca_file=ca: kubeconfig(f"{work}/{name}.yaml", server, ca_file, user)
    scenarios = {
        # name: (environment, extra flags, what the one line must contain)
        "no-kubeconfig": ({"HOME": f"{work}/empty-home"}, [], "no configuration has been provided"),
        "malformed": ({"KUBECONFIG": f"{work}/malformed.yaml"}, [], f"{work}/malformed.yaml"),
        "missing-file": ({"KUBECONFIG": f"{work}/absent/config"}, [], f"{work}/absent/config"),
        "unknown-context": ({"KUBECONFIG": f"{envtest}/kubeconfig"}, ["--context", "nowhere"], "nowhere"),
        "refused": ({"KUBECONFIG": k("refused", f"https://127.0.0.1:{refused}", admin_user)}, [], f"127.0.0.1:{refused}"),
        "wrong-ca": ({"KUBECONFIG": k("wrong-ca", api, admin_user, f"{work}/other-ca.crt")}, [], "certificate"),
        "self-signed-cert": ({"KUBECONFIG": k("self", api, f'{{client-certificate: "{work}/self.crt", client-key: "{work}/self.key"}}')}, [],
                             "Unauthorized"),
        "expired-cert": ({"KUBECONFIG": k("expired", api, f'{{client-certificate: "{work}/expired.crt", client-key: "{work}/expired.key"}}')}, [],
                         "Unauthorized"),
        "401-bad-token": ({"KUBECONFIG": k("token", api, "{token: not-a-valid-token}")}, [], "Unauthorized"),
        "403-no-rbac": ({"KUBECONFIG": f"{envtest}/kubeconfig-dev"}, [], "forbidden"),
        "never-answers": ({"KUBECONFIG": k("hold", f"https://127.0.0.1:{hold_port}", admin_user)}, ["--request-timeout", "2s"],
                          f"127.0.0.1:{hold_port}"),
        "drops-mid-body": ({"KUBECONFIG": k("drop", f"https://127.0.0.1:{drop_port}", admin_user)}, [], f"127.0.0.1:{drop_port}"),
        "ctrl-c": ({"KUBECONFIG": f"{envtest}/kubeconfig"}, [], None),
    }
    os.makedirs(f"{work}/empty-home", exist_ok=True)
    return scenarios, servers


def commands(work):
    n = lambda: f"sweep-{random.randrange(10**9)}"
    return {
        "install": lambda: ["install", "--mesh-name", n(), "--osm-namespace", n(), "--enforce-single-mesh=false", "--timeout", "3s"],
        "mesh list": lambda: ["mesh", "list"],
        "mesh upgrade": lambda: ["mesh", "upgrade"],
        "uninstall mesh -f": lambda: ["uninstall", "mesh", "-f", "--mesh-name", n(), "--timeout", "3s"],
        "namespace add": lambda: ["namespace", "add", "sweep-app"],
        "namespace remove": lambda: ["namespace", "remove", "sweep-app"],
        "namespace list": lambda: ["namespace", "list"],
        "namespace ignore": lambda: ["namespace", "ignore", "sweep-app"],
        "metrics enable": lambda: ["metrics", "enable", "--namespace", "sweep-app"],
        "metrics disable": lambda: ["metrics", "disable", "--namespace", "sweep-app"],
        "version": lambda: ["version"],
        "dashboard": lambda: ["dashboard", "-b=false", "-p", str(free_port())],
        "support bug-report": lambda: ["support", "bug-report", "--app-namespaces", "sweep-app", "-o", f"{work}/report-{n()}.tar.gz"],
        "proxy get": lambda: ["proxy", "get", "stats", "sweep-pod", "-n", "sweep-app"],
        "policy check-pods": lambda: ["policy", "check-pods", "sweep-app/a", "sweep-app/b"],
        "verify control-plane-health": lambda: ["verify", "control-plane-health"],
        "verify connectivity": lambda: ["verify", "connectivity", "--from-pod", "sweep-app/a", "--to-pod", "sweep-app/b", "--to-service", "b"],
        "verify ingress": lambda: ["verify", "ingress", "--from-service", "sweep-in/ingress", "--to-pod", "sweep-app/b", "--to-service", "b",
                                   "--ingress-backend", "b", "--to-port", "80"],
    }


def run_once(binary, scenario, spec, args):
    env_extra, flags, expect = spec
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "OSM_NO_UPDATE_CHECK": "1", **env_extra}
    proc = subprocess.Popen([binary, *args, *flags], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    interrupted = False
    if scenario == "ctrl-c":
        delay = random.uniform(0, 1.5)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
            interrupted = True
    try:
        out, err = proc.communicate(timeout=HANG_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return "hang", "no answer within %d s" % HANG_LIMIT
    rc = proc.returncode
    if rc < 0 or (rc > 128 and rc != 130):
        return "signal", f"exit {rc}: {err[-300:]}"
    if scenario == "ctrl-c":
        # Interrupted: 130 with one line saying what stopped (dashboard, whose way to end is Ctrl-C,
        # exits 0). Ended before the signal: its own outcome on a cluster without kubelet.
        if rc not in (0, 1, 130) or (rc == 130 and not interrupted):
            return "fail", f"exit {rc} ({'after' if interrupted else 'without'} Ctrl-C)"
        if rc != 130:
            return "pass", ""
        # Stopped by the Ctrl-C: one line saying so (bug-report's failed steps and upstream's
        # --osm-namespace note aside).
        lines = err.split("\n\nNote: ")[0].splitlines()
        lines = [line for line in lines if line and not line.startswith("x ")]
        if len(lines) != 1 or not lines[0].startswith("Error: "):
            return "fail", f"exit 130 without one 'Error:' line: {err[-300:]!r}"
        return "pass", ""
    if args[0] == "verify":
        # Upstream's verify exits 0 and reports failures in its result tree (spec §2.14).
        # A client that cannot even be made (kubeconfig faults) is an error, as every command's.
        if rc == 0 and ("Status: Failure" in out or "Status: Unknown" in out) and (not expect or expect.lower() in out.lower()):
            return "pass", ""
        if rc != 1:
            return "fail", f"exit {rc}, stdout {out[-300:]!r}"
    if rc != 1:
        return "fail", f"exit {rc}, stderr {err[-300:]!r}"
    lines = err.splitlines()
    # Upstream's hint about --osm-namespace (spec §1.6) may follow the error after a blank line.
    if "" in lines and lines[lines.index("") + 1:lines.index("") + 2] and lines[lines.index("") + 1].startswith("Note: "):
        lines = lines[:lines.index("")]
    # bug-report lists the steps that failed ("x ...") before its error, as upstream does.
    if args[:2] == ["support", "bug-report"]:
        lines = [line for line in lines if not line.startswith("x ")]
    if len(lines) != 1 or not lines[0].startswith("Error: "):
        return "fail", f"stderr is not one 'Error:' line: {err[-400:]!r}"
    if expect and expect.lower() not in lines[0].lower():
        return "fail", f"line does not name {expect!r}: {lines[0]!r}"
    return "pass", ""


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, envtest, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 6
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
    work = tempfile.mkdtemp(prefix="osm-sweep-")
    scenarios, servers = make_scenarios(work, envtest)
    if only:
        scenarios = {name: spec for name, spec in scenarios.items() if name in only}
    cmds = commands(work)
    cells = [(s, c) for s in scenarios for c in cmds for _ in range(runs)]
    results = {}
    lock = threading.Lock()

    def one(cell):
        scenario, command = cell
        outcome, detail = run_once(binary, scenario, scenarios[scenario], cmds[command]())
        with lock:
            entry = results.setdefault((scenario, command), {"pass": 0, "fail": 0, "signal": 0, "hang": 0, "detail": ""})
            entry[outcome] += 1
            if outcome != "pass" and not entry["detail"]:
                entry["detail"] = detail

    started = time.time()
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, cells))
    finally:
        for s in servers:
            s.kill()
    totals = {"pass": 0, "fail": 0, "signal": 0, "hang": 0}
    for scenario in scenarios:
        row = {"pass": 0, "fail": 0, "signal": 0, "hang": 0}
        for command in cmds:
            entry = results[(scenario, command)]
            for key in row:
                row[key] += entry[key]
            if entry["detail"]:
                print(f"  {scenario} / {command}: {entry['detail']}")
        for key in totals:
            totals[key] += row[key]
        print(f"{scenario:18} runs {sum(row.values()):5}  pass {row['pass']:5}  fail {row['fail']:4}  signal {row['signal']:3}  hang {row['hang']:3}")
    print(f"TOTAL runs {sum(totals.values())} pass {totals['pass']} fail {totals['fail']} signal {totals['signal']} hang {totals['hang']}"
          f" ({len(cmds)} commands x {len(scenarios)} scenarios x {runs}, {time.time() - started:.0f} s)")
    sys.exit(0 if totals["pass"] == sum(totals.values()) else 1)


if __name__ == "__main__":
    main()
