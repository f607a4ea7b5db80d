#!/usr/bin/env python3
"""Builds the public Helm chart corpus under Tests/HelmEngineTests/PublicCharts.

    scripts/make-public-chart-corpus.py [--only NAME,...] [--no-render] [--jobs 2] [--sources FILE --out DIR]

Reads PublicCharts/sources.txt (one chart a line: `mirror|rev|path-in-repo|corpus-name`,
where mirror is a bare git mirror /work/.mirror/<mirror>/repo, or $CHART_MIRRORS/<mirror>/repo;
a line may carry a fifth field: --set values the chart needs to render, like REQUIRED;
--sources/--out build another corpus of the same layout elsewhere),
extracts every chart at its pinned revision, trims it (no READMEs, docs, images, tests),
vendors its dependencies from the same mirrors (one shared copy per dependency tree under
_deps/, linked from charts/<dep> by a relative symlink; a few charts get packaged .tgz
subcharts instead), writes cases.txt, and renders each case with real Helm 4 (the
helm-python-sdk the shared oracle /work/shared/oracle/helm-template uses), twice, masking
what differs between runs (random material; cases that differ are rendered 8 times) as ⟦random⟧ / ⟦random-lines⟧.

Needs: git, PyYAML in the running python, and the oracle venv (~/.cache/osm-helm-oracle, or
$HELM_ORACLE_VENV; the oracle wrapper creates it on first use).
"""
import argparse, difflib, gzip, io, json, os, posixpath, re, shutil, subprocess, sys, tarfile
import threading, queue
from concurrent.futures import ThreadPoolExecutor

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "HelmEngineTests", "PublicCharts")
MIRRORS = os.environ.get("CHART_MIRRORS", "/work/.mirror")
VENV = os.environ.get("HELM_ORACLE_VENV", os.path.expanduser("~/.cache/osm-helm-oracle"))

# mirror name -> directory name in the corpus
SHORT = {
    "grafana+helm-charts": "grafana",
    "grafana-community+helm-charts": "grafana-community",
    "DandyDeveloper+charts": "dandydeveloper",
    "prometheus-community+helm-charts": "prometheus-community",
    "bitnami+charts": "bitnami",
    "argoproj+argo-helm": "argo",
    "traefik+traefik-helm-chart": "traefik",
    "kubernetes+ingress-nginx": "ingress-nginx",
    "cert-manager+cert-manager": "cert-manager",
    "kedacore+charts": "kedacore",
    "hashicorp+vault-helm": "vault-helm",
    "kubernetes-sigs+external-dns": "external-dns",
    "open-telemetry+opentelemetry-helm-charts": "opentelemetry",
    "fluent+helm-charts": "fluent",
    "kubernetes-sigs+metrics-server": "metrics-server",
    "stakater+Reloader": "reloader",
    "bitnami-labs+sealed-secrets": "sealed-secrets",
    "vmware-tanzu+helm-charts": "vmware-tanzu",
    "jenkinsci+helm-charts": "jenkinsci",
    "elastic+helm-charts": "elastic",
    "kubernetes+autoscaler": "autoscaler",
    "kyverno+kyverno": "kyverno",
    "aws+eks-charts": "eks-charts",
    "kubernetes-sigs+descheduler": "descheduler",
    "DataDog+helm-charts": "datadog",
}

# Dependencies from chart repositories: URL fragment -> (mirror, directory holding charts)
DEP_REPOS = [
    ("bitnami", "bitnami+charts", "bitnami"),
    ("prometheus-community", "prometheus-community+helm-charts", "charts"),
    ("grafana.github.io", "grafana+helm-charts", "charts"),
    ("grafana.github.io", "grafana-community+helm-charts", "charts"),
    ("grafana-community", "grafana-community+helm-charts", "charts"),
    ("dandydeveloper", "DandyDeveloper+charts", "charts"),
    ("argoproj", "argoproj+argo-helm", "charts"),
    ("open-telemetry", "open-telemetry+opentelemetry-helm-charts", "charts"),
    ("fluent.github.io", "fluent+helm-charts", "charts"),
    ("helm.datadoghq.com", "DataDog+helm-charts", "charts"),
    ("kedacore", "kedacore+charts", ""),
    ("kyverno", "kyverno+kyverno", "charts"),
    ("aws.github.io/eks-charts", "aws+eks-charts", "stable"),
    ("traefik", "traefik+traefik-helm-chart", ""),
    ("elastic", "elastic+helm-charts", ""),
]
# More chart repositories, used only for a corpus built elsewhere (--out)
EXTRA_DEP_REPOS = [
    ("victoriametrics", "VictoriaMetrics+helm-charts", "charts"),
    ("falcosecurity", "falcosecurity+charts", "charts"),
    ("deliveryhero", "deliveryhero+helm-charts", "stable"),
    ("jaegertracing", "jaegertracing+helm-charts", "charts"),
    ("charts.konghq.com", "Kong+charts", "charts"),
    ("nats-io", "nats-io+k8s", "helm/charts"),
    ("cloudnative-pg", "cloudnative-pg+charts", "charts"),
    ("fluxcd-community", "fluxcd-community+helm-charts", "charts"),
    ("redpanda", "redpanda-data+helm-charts", "charts"),
    ("kubernetes.github.io/dashboard", "kubernetes+dashboard", "charts/helm-chart"),
    ("kubernetes.github.io/ingress-nginx", "kubernetes+ingress-nginx", "charts"),
    ("charts.jetstack.io", "cert-manager+cert-manager", "deploy/charts"),
    ("kubernetes-sigs.github.io/metrics-server", "kubernetes-sigs+metrics-server", "charts"),
    ("mongodb.github.io", "mongodb+helm-charts", "charts"),
    ("opensearch-project", "opensearch-project+helm-charts", "charts"),
    ("grafana.github.io", "grafana+alloy", "operations/helm/charts"),
]
EXTRA_DEP_DIRS = {"mongodb-atlas-operator-crds": "atlas-operator-crds"}
# Dependencies left out on purpose (licence or no mirror); the charts render without them
# as long as their condition is false.
SKIP_DEPS = {"charts.min.io", "helm.min.io"}
# chart name -> directory name, where they differ
DEP_DIRS = {"grafana-agent-operator": "agent-operator"}
# extra arguments for every case but `default` (keeps very large CRD output to one case)
EXTRA_ARGS = {
    "argo/argo-cd": ["--set", "crds.install=false"],
    "kedacore/keda": ["--set", "crds.install=false"],
    "opentelemetry/opentelemetry-operator": ["--set", "crds.create=false"],
    "prometheus-community/kube-prometheus-stack": ["--set", "grafana.defaultDashboardsEnabled=false,defaultRules.create=false"],
}
# values a chart refuses to render without (its `default` case fails): added to the `set` case,
# and to a ci case that fails without them
REQUIRED = {
    "grafana/loki-canary": "lokiAddress=loki-gateway:80",
    "grafana/pdc-agent": "tokenSecretName=pdc-token,cluster=prod-us-east-0,hostedGrafanaId=123",
    "grafana-community/tempo-vulture": "tempoAddress.push=http://tempo:4317,tempoAddress.query=http://tempo:3200",
    "grafana-community/tempo-distributed": "ingest.kafka.address=kafka:9092",
    "grafana-community/loki": "loki.storage.bucketNames.chunks=chunks,loki.storage.bucketNames.ruler=ruler,"
                              "loki.storage.bucketNames.admin=admin,loki.useTestSchema=true",
    "opentelemetry/opentelemetry-collector": "image.repository=otel/opentelemetry-collector-k8s,mode=deployment",
    "eks-charts/aws-load-balancer-controller": "clusterName=demo",
    "prometheus-community/prometheus-postgres-exporter": "config.datasource.password=secret",
}

# Charts whose dependencies are packaged as .tgz (like `helm package`) instead of symlinked.
TGZ_DEPS = {"prometheus-community/kube-prometheus-stack", "grafana/loki-stack",
            "bitnami/wordpress", "bitnami/discourse", "grafana-community/loki"}

# directories of one chart left out although its templates name them (only in links: no
# template reads them)
DROP_MORE = {"grafana_k8s-monitoring-helm/k8s-monitoring": ["docs"]}
DROP_DIRS = {"docs", "doc", "tests", "test", "ci", ".github", "scenarios", "examples", "images",
             "img", "src-docs", "unittests", ".ci", "hack"}
DROP_EXT = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".ico", ".md", ".gotmpl", ".pdf")
DROP_NAMES = {"Makefile", "OWNERS", ".gitignore", ".prettierignore", "Chart.template.yaml.bak"}
MAX_CI = 3
RANDOM_RUNS = 8  # renders of a case whose first two renders differ
MAX_CI_BYTES = 60_000


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- git

def gitdir(mirror):
    return os.path.join(MIRRORS, mirror, "repo")


def git(mirror, *args, binary=False, check=True):
    r = subprocess.run(["git", "--git-dir", gitdir(mirror), *args], capture_output=True)
    if check and r.returncode:
        raise RuntimeError(f"git {' '.join(args)} in {mirror}: {r.stderr.decode()[:300]}")
    return r.stdout if binary else r.stdout.decode("utf-8", "replace")


_cache = {}


def memo(key, fn):
    if key not in _cache:
        _cache[key] = fn()
    return _cache[key]


def show(mirror, rev, path):
    r = subprocess.run(["git", "--git-dir", gitdir(mirror), "show", f"{rev}:{path}"], capture_output=True)
    return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None


def tree_id(mirror, rev, path):
    return memo(("tree", mirror, rev, path),
                lambda: git(mirror, "rev-parse", f"{rev}:{path}", check=False).strip())


def norm(path):
    p = posixpath.normpath(path)
    return "" if p == "." else p


def chart_meta(mirror, rev, path):
    def load():
        t = show(mirror, rev, posixpath.join(path, "Chart.yaml") if path else "Chart.yaml")
        if t is None:
            return None
        try:
            m = yaml.safe_load(t) or {}
        except yaml.YAMLError:
            return None
        if not m.get("dependencies"):
            req = show(mirror, rev, posixpath.join(path, "requirements.yaml") if path else "requirements.yaml")
            if req:
                m["dependencies"] = (yaml.safe_load(req) or {}).get("dependencies") or []
        return m
    return memo(("meta", mirror, rev, path), load)


# ---------------------------------------------------------------- semver ranges (Masterminds-like)

def parse_ver(v):
    m = re.match(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$", str(v).strip())
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0), m.group(4) or "")


def vkey(v):
    p = parse_ver(v)
    return (p[0], p[1], p[2], p[3] == "", p[3]) if p else (-1,)


def _cmp(a, b):
    ka, kb = vkey(a), vkey(b)
    return (ka > kb) - (ka < kb)


def _partial(s):
    s = s.strip().lstrip("v")
    parts = re.split(r"[.]", s.split("-")[0].split("+")[0]) if s else []
    nums = []
    for p in parts:
        if p in ("x", "X", "*"):
            break
        nums.append(int(p))
    pre = s.split("-", 1)[1] if "-" in s else ""
    return nums, pre


def _one(c, v):
    c = c.strip()
    if c in ("", "*", "x", "X"):
        return True
    m = re.match(r"^(\^|~>|~|>=|=>|<=|=<|>|<|!=|=)?\s*(.*)$", c)
    op, rest = m.group(1) or "", m.group(2)
    nums, pre = _partial(rest)
    pv = parse_ver(v)
    if pv is None:
        return False
    vt = pv[:3]
    full = tuple((nums + [0, 0, 0])[:3])
    if op in ("", "="):
        if len(nums) < 3:
            return tuple(vt[:len(nums)]) == tuple(nums)
        return _cmp(v, ".".join(map(str, full)) + (("-" + pre) if pre else "")) == 0
    if op == "!=":
        return not _one(rest, v)
    base = ".".join(map(str, full)) + (("-" + pre) if pre else "")
    if op == "^":
        if _cmp(v, base) < 0:
            return False
        if full[0] > 0 or len(nums) < 2:
            return vt[0] == full[0]
        if full[1] > 0 or len(nums) < 3:
            return vt[0] == 0 and vt[1] == full[1]
        return vt[:3] == full
    if op in ("~", "~>"):
        if _cmp(v, base) < 0:
            return False
        if len(nums) <= 1:
            return vt[0] == full[0]
        return vt[0] == full[0] and vt[1] == full[1]
    if op in (">=", "=>"):
        return _cmp(v, base) >= 0
    if op == ">":
        if len(nums) < 3:
            return tuple(vt[:len(nums)]) > tuple(nums)
        return _cmp(v, base) > 0
    if op in ("<=", "=<"):
        if len(nums) < 3:
            return tuple(vt[:len(nums)]) <= tuple(nums)
        return _cmp(v, base) <= 0
    if op == "<":
        return _cmp(v, base) < 0
    return False


def satisfies(constraint, version):
    if constraint is None or str(constraint).strip() == "":
        return True
    pv = parse_ver(version)
    if pv is None:
        return False
    for alt in str(constraint).split("||"):
        alt = re.sub(r"\s*-\s+", " HYPHEN ", alt.strip())
        alt = re.sub(r"(>=|<=|=>|=<|!=|>|<|=|\^|~>|~)\s+", r"\1", alt)
        toks = [t for t in re.split(r"[,\s]+", alt) if t]
        conds = []
        i = 0
        while i < len(toks):
            if i + 2 < len(toks) and toks[i + 1] == "HYPHEN":
                conds += [">=" + toks[i], "<=" + toks[i + 2]]
                i += 3
            else:
                conds.append(toks[i])
                i += 1
        if pv[3] and not any("-" in c.lstrip("<>=~^!") for c in conds):
            continue  # pre-releases only match constraints that name one
        if all(_one(c, version) for c in conds):
            return True
    return False


# ---------------------------------------------------------------- dependency resolution

def tags_of(mirror):
    return memo(("tags", mirror), lambda: git(mirror, "tag").split())


def default_rev(mirror):
    def f():
        ref = git(mirror, "symbolic-ref", "HEAD", check=False).strip() or "HEAD"
        return git(mirror, "rev-parse", ref).strip()
    return memo(("head", mirror), f)


def find_rev(mirror, path, name, constraint, prefer_rev):
    """A revision of mirror where path holds chart `name` in a version satisfying constraint."""
    def f():
        tried = []
        # the snapshot's newest revision first (one shared copy for many charts), then the
        # newest release tag in range, then the parent's revision
        rev = default_rev(mirror)
        m = chart_meta(mirror, rev, path)
        if m and m.get("name") == name:
            tried.append((rev, str(m.get("version"))))
            if satisfies(constraint, m.get("version")):
                return rev
        cands = []
        for t in tags_of(mirror):
            for pre in (f"{name}-", f"{name}/", f"{name}-chart-", f"{name}-helm-chart-", "v"):
                if t.startswith(pre) and parse_ver(t[len(pre):]) and satisfies(constraint, t[len(pre):]):
                    cands.append((vkey(t[len(pre):]), t))
        for _, t in sorted(cands, reverse=True)[:10]:
            m = chart_meta(mirror, t, path)
            if m and m.get("name") == name and satisfies(constraint, m.get("version")):
                return t
        if prefer_rev:
            m = chart_meta(mirror, prefer_rev, path)
            if m and m.get("name") == name:
                tried.append((prefer_rev, str(m.get("version"))))
                if satisfies(constraint, m.get("version")):
                    return prefer_rev
        # walk the history of the chart's Chart.yaml
        revs = git(mirror, "log", "--format=%H", "-n", "400", default_rev(mirror), "--",
                   posixpath.join(path, "Chart.yaml"), check=False).split()
        best = None
        for rev in revs:
            m = chart_meta(mirror, rev, path)
            if m and m.get("name") == name and satisfies(constraint, m.get("version")):
                if best is None or vkey(m.get("version")) > vkey(best[1]):
                    best = (rev, str(m.get("version")))
        if best:
            return best[0]
        return tried[0][0] if tried else None
    return memo(("find", mirror, path, name, str(constraint), prefer_rev), f)


def locate_dep(dep, mirror, rev, path):
    """(mirror, rev, path) of a dependency, or None."""
    name = dep.get("name")
    repo = str(dep.get("repository") or "")
    constraint = dep.get("version")
    if repo.startswith("file://"):
        p = norm(posixpath.join(path, repo[len("file://"):]))
        if chart_meta(mirror, rev, p):
            return (mirror, rev, p)
        return None
    if any(s in repo for s in SKIP_DEPS):
        return None
    targets = []
    for frag, m, d in DEP_REPOS:
        if frag in repo.lower():
            targets.append((m, d))
    # same repository first (common layouts)
    parent = posixpath.dirname(path)
    same = [(mirror, parent), (mirror, "charts"), (mirror, "bitnami"), (mirror, "stable"), (mirror, "")]
    for m, d in targets + same:
        if not os.path.isdir(gitdir(m)):
            continue
        p = norm(posixpath.join(d, DEP_DIRS.get(name, name)))
        prefer = rev if m == mirror else None
        r = find_rev(m, p, name, constraint, prefer)
        if r:
            return (m, r, p)
    return None


# ---------------------------------------------------------------- extraction and trimming

def extract(mirror, rev, path, dest):
    """Extract rev:path into dest (a new directory), trimmed."""
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    data = git(mirror, "archive", "--format=tar", rev, path or ".", binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        tf.extractall(tmp, filter="tar") if hasattr(tarfile, "data_filter") else tf.extractall(tmp)
    src = os.path.join(tmp, path) if path else tmp
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(src, dest) if path else shutil.copytree(tmp, dest, symlinks=True)
    shutil.rmtree(tmp, ignore_errors=True)
    trim(dest)


def templates_text(chart_dir):
    out = []
    for base, dirs, files in os.walk(os.path.join(chart_dir, "templates")):
        for f in files:
            try:
                out.append(open(os.path.join(base, f), encoding="utf-8", errors="replace").read())
            except OSError:
                pass
    return "\n".join(out)


def trim(chart_dir):
    ttext = templates_text(chart_dir)
    for entry in list(os.listdir(chart_dir)):
        p = os.path.join(chart_dir, entry)
        if os.path.isdir(p) and not os.path.islink(p) and entry in DROP_DIRS and f"{entry}/" not in ttext:
            shutil.rmtree(p)
    for base, dirs, files in os.walk(chart_dir):
        rel = os.path.relpath(base, chart_dir)
        if rel.split(os.sep)[0] == "charts" and rel != "charts":
            continue  # subcharts vendored in the repository: trimmed when we reach them below
        for f in files:
            if f.lower().startswith("readme") or f.lower().startswith("changelog") or f in DROP_NAMES \
                    or f.lower().endswith(DROP_EXT) or f.startswith("LICENSE"):
                if f in ttext:
                    continue
                os.remove(os.path.join(base, f))
    cdir = os.path.join(chart_dir, "charts")
    if os.path.isdir(cdir):
        for sub in os.listdir(cdir):
            sp = os.path.join(cdir, sub)
            if os.path.isdir(sp) and not os.path.islink(sp) and os.path.exists(os.path.join(sp, "Chart.yaml")):
                trim(sp)


def dir_size(d):
    total = 0
    for base, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(base, f)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def drop_big_crds(chart_dir):
    """crds/ are never rendered; charts whose templates don't read them keep them only when small."""
    if re.search(r"Files[^}]*crds", templates_text(chart_dir)):
        return
    for base, dirs, files in os.walk(chart_dir):
        if os.path.basename(base) == "crds":
            for f in files:
                p = os.path.join(base, f)
                if os.path.getsize(p) > 20_000:
                    os.remove(p)


def package_tgz(src_dir, out_path, name):
    """A .tgz laid out like `helm package` (top directory = chart name), reproducible."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT, dereference=True) as tf:
        entries = []
        for base, dirs, files in os.walk(src_dir, followlinks=True):
            dirs.sort()
            for f in sorted(files):
                entries.append(os.path.join(base, f))
        for p in entries:
            arc = posixpath.join(name, os.path.relpath(p, src_dir).replace(os.sep, "/"))
            ti = tf.gettarinfo(p, arcname=arc)
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname, ti.mode = 0, 0, 0, "", "", 0o644
            with open(p, "rb") as fh:
                tf.addfile(ti, fh)
    with open(out_path, "wb") as out:
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as gz:
            gz.write(buf.getvalue())


class Vendor:
    def __init__(self):
        self.deps_dir = os.path.join(CORPUS, "_deps")
        self.used_deps = set()
        self.used_repos = set()
        self.notes = []

    def dep_id(self, mirror, rev, path):
        m = chart_meta(mirror, rev, path)
        return f"{SHORT.get(mirror, mirror)}.{m.get('name')}-{m.get('version')}.{tree_id(mirror, rev, path)[:10]}"

    def ensure_dep(self, mirror, rev, path):
        did = self.dep_id(mirror, rev, path)
        dest = os.path.join(self.deps_dir, did)
        self.used_repos.add(mirror)
        if did not in self.used_deps:
            self.used_deps.add(did)
            if not os.path.isdir(dest):
                os.makedirs(self.deps_dir, exist_ok=True)
                extract(mirror, rev, path, dest)
                drop_big_crds(dest)
            self.vendor_deps(dest, mirror, rev, path, link_prefix="../..", who=did)
        return did, dest

    def vendor_deps(self, chart_dir, mirror, rev, path, link_prefix, who, tgz=False):
        meta = chart_meta(mirror, rev, path) or {}
        deps = meta.get("dependencies") or []
        cdir = os.path.join(chart_dir, "charts")
        present = set()
        if os.path.isdir(cdir):
            for e in os.listdir(cdir):
                p = os.path.join(cdir, e)
                if os.path.islink(p):
                    continue
                if os.path.isdir(p) and os.path.exists(os.path.join(p, "Chart.yaml")):
                    try:
                        present.add((yaml.safe_load(open(os.path.join(p, "Chart.yaml"))) or {}).get("name"))
                    except yaml.YAMLError:
                        pass
                elif e.endswith(".tgz"):
                    present.add(re.sub(r"-v?\d+\.\d+\.\d+.*\.tgz$", "", e))
        done = set()
        for dep in deps:
            name = dep.get("name")
            if not name or name in present or name in done:
                continue
            loc = locate_dep(dep, mirror, rev, path)
            if not loc:
                self.notes.append(f"{who}: dependency {name} {dep.get('version')} ({dep.get('repository')}) not vendored")
                continue
            dm, dr, dp = loc
            dmeta = chart_meta(dm, dr, dp)
            if not satisfies(dep.get("version"), dmeta.get("version")):
                self.notes.append(f"{who}: dependency {name} wants {dep.get('version')}, vendored {dmeta.get('version')}")
            did, ddest = self.ensure_dep(dm, dr, dp)
            os.makedirs(cdir, exist_ok=True)
            done.add(name)
            if tgz:
                package_tgz(ddest, os.path.join(cdir, f"{name}-{dmeta.get('version')}.tgz"), name)
            else:
                link = os.path.join(cdir, name)
                if os.path.lexists(link):
                    os.remove(link)
                os.symlink(f"{link_prefix}/{did}", link)


# ---------------------------------------------------------------- cases

TOGGLES = ["ingress.enabled", "metrics.enabled", "metrics.serviceMonitor.enabled", "serviceMonitor.enabled",
           "autoscaling.enabled", "networkPolicy.enabled", "podDisruptionBudget.enabled", "pdb.create",
           "pdb.enabled", "prometheusRule.enabled", "persistence.enabled", "hpa.enabled", "rbac.create",
           "serviceAccount.create"]
NAME_VARIANTS = [["--name", "{chart}"], ["--name", "my-release", "--namespace", "monitoring"],
                 ["--namespace", "prod"], ["--name", "x1", "--namespace", "kube-system"]]


def find_toggles(values):
    found = []

    def walk(node, prefix, depth):
        if not isinstance(node, dict) or depth > 3:
            return
        for k, v in node.items():
            key = f"{prefix}{k}"
            if isinstance(v, bool) and v is False and any(key == t or key.endswith("." + t) for t in TOGGLES):
                if re.fullmatch(r"[A-Za-z0-9_.-]+", key):
                    found.append((key.count("."), len(found), key))
            if isinstance(v, dict):
                walk(v, key + ".", depth + 1)
    walk(values, "", 0)
    return [k for _, _, k in sorted(found)[:4]]


def ci_candidates(mirror, rev, path):
    listing = git(mirror, "ls-tree", "-l", f"{rev}:{path}" if path else rev, check=False).splitlines()
    files = []
    for sub in ("ci",):
        for ln in git(mirror, "ls-tree", "-l", f"{rev}:{posixpath.join(path, sub) if path else sub}", check=False).splitlines():
            parts = ln.split(None, 4)
            if len(parts) == 5 and parts[1] == "blob" and parts[4].endswith((".yaml", ".yml")):
                files.append((f"{sub}/{parts[4]}", int(parts[3])))
    if not files:
        for ln in listing:
            parts = ln.split(None, 4)
            if len(parts) == 5 and parts[1] == "blob" and parts[4] != "values.yaml" and \
                    re.fullmatch(r"(.*-values|values-.*|.*_values)\.ya?ml", parts[4]):
                files.append((parts[4], int(parts[3])))
    files = [f for f in sorted(files) if f[1] <= MAX_CI_BYTES]
    return [f for f, _ in files[:MAX_CI]]


# ---------------------------------------------------------------- rendering (helm-python-sdk, in worker processes)

DRIVER = r'''
import json, sys
import helm_python as helm
from helm_python import _native

def merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = v
    return dst

def render(chart_dir, args):
    values, opts = {}, {"name": "release-name", "namespace": "default", "is_install": True}
    i = 0
    while i < len(args):
        flag, arg = args[i], args[i + 1]
        i += 2
        if flag in ("-f", "--values"):
            with open(arg) as fh:
                merge(values, helm.values_from_yaml(fh.read()))
        elif flag == "--set":
            merge(values, helm.parse_set_string(arg))
        elif flag == "--set-string":
            merge(values, helm.parse_set_string_values(arg))
        elif flag == "--name":
            opts["name"] = arg
        elif flag in ("--namespace", "-n"):
            opts["namespace"] = arg
        elif flag == "--kube-version":
            opts["kube_version"] = arg
        else:
            raise SystemExit("unknown flag " + flag)
    try:
        chart = helm.Chart.load(chart_dir)
        out = _native.call_string("helm_render", chart._raw(), json.dumps(values), json.dumps(opts))
    except helm.HelmError as err:
        return False, f"Error: {err}\n"
    parts = []
    for path, text in sorted(json.loads(out).items()):
        if path.endswith("NOTES.txt") or not text.strip():
            continue
        parts.append(f"---\n# Source: {path}\n{text.rstrip(chr(10))}\n")
    return True, "".join(parts)

for line in sys.stdin:
    req = json.loads(line)
    try:
        ok, text = render(req["chart"], req["args"])
    except Exception as e:
        ok, text = False, f"Error: {e}\n"
    sys.stdout.write(json.dumps({"ok": ok, "text": text}) + "\n")
    sys.stdout.flush()
'''


class Renderer:
    def __init__(self, jobs):
        py = os.path.join(VENV, "bin", "python")
        if not os.path.exists(py):
            subprocess.run(["/work/shared/oracle/helm-template", "--help"], capture_output=True)
        self.pool = queue.Queue()
        self.procs = []
        for _ in range(jobs):
            p = subprocess.Popen([py, "-c", DRIVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, cwd=CORPUS)
            self.procs.append(p)
            self.pool.put(p)

    def render(self, chart_dir, args):
        p = self.pool.get()
        try:
            p.stdin.write(json.dumps({"chart": chart_dir, "args": args}) + "\n")
            p.stdin.flush()
            r = json.loads(p.stdout.readline())
        finally:
            self.pool.put(p)
        return r["ok"], r["text"]

    def close(self):
        for p in self.procs:
            p.stdin.close()
            p.wait()


def mask_lines(a, b):
    """Per line of a: None (same), ('pfx', p, s) or 'blk'; plus insertion points (before index)."""
    state = [None] * len(a)
    inserts = set()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                x, y = a[i1 + k], b[j1 + k]
                if x == y:
                    continue
                p = len(os.path.commonprefix([x, y]))
                s = len(os.path.commonprefix([x[::-1], y[::-1]]))
                s = min(s, len(x) - p, len(y) - p)
                state[i1 + k] = ("pfx", p, s)
        elif i1 == i2:
            inserts.add(i1)
        else:
            for k in range(i1, i2):
                state[k] = "blk"
    return state, inserts


def combine(masks, n):
    state = [None] * n
    inserts = set()
    for st, ins in masks:
        inserts |= ins
        for i, v in enumerate(st):
            cur = state[i]
            if v is None:
                continue
            if v == "blk" or cur == "blk":
                state[i] = "blk"
            elif cur is None:
                state[i] = v
            else:
                state[i] = ("pfx", min(cur[1], v[1]), min(cur[2], v[2]))
    return state, inserts


def apply_mask(a, state, inserts):
    out = []
    i = 0
    while i <= len(a):
        if i in inserts and not (out and out[-1] == "⟦random-lines⟧"):
            out.append("⟦random-lines⟧")
        if i == len(a):
            break
        v = state[i]
        if v == "blk":
            if not (out and out[-1] == "⟦random-lines⟧"):
                out.append("⟦random-lines⟧")
        elif v is None:
            out.append(a[i])
        else:
            x = a[i]
            out.append(x[:v[1]] + "⟦random⟧" + (x[len(x) - v[2]:] if v[2] else ""))
        i += 1
    return out


# ---------------------------------------------------------------- main

def read_sources(sources=None):
    rows = []
    for ln in open(sources or os.path.join(CORPUS, "sources.txt")):
        ln = ln.strip()
        if not ln or ln.startswith("#"):
            continue
        mirror, rev, path, name, *req = ln.split("|")
        if req and req[0]:
            REQUIRED[f"{SHORT.get(mirror, mirror.replace('+', '_'))}/{name}"] = req[0]
        rows.append((mirror, rev, norm(path), name))
    return rows


def prune_deps():
    """Drops shared dependency copies no chart links to (those only packaged into a .tgz)."""
    dd = os.path.join(CORPUS, "_deps")
    if not os.path.isdir(dd):
        return
    while True:
        used = set()
        for base, dirs, files in os.walk(CORPUS):
            for e in dirs + files:
                p = os.path.join(base, e)
                if os.path.islink(p):
                    used.add(os.path.basename(os.readlink(p)))
        stale = [d for d in os.listdir(dd) if d not in used]
        if not stale:
            return
        for d in stale:
            shutil.rmtree(os.path.join(dd, d))


def copy_license(mirror, dest_dir):
    os.makedirs(dest_dir, exist_ok=True)
    rev = default_rev(mirror)
    names = git(mirror, "ls-tree", "--name-only", rev).split("\n")
    got = False
    for cand in ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "COPYING", "LICENSING.md"):
        if cand in names:
            text = show(mirror, rev, cand)
            out = "LICENSE" if not got and cand != "LICENSING.md" else cand
            open(os.path.join(dest_dir, out), "w").write(text)
            got = got or out == "LICENSE"
    if not got:
        log(f"WARNING: no LICENSE in {mirror}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--no-render", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sources", default=None, help="sources file (default: <out>/sources.txt)")
    ap.add_argument("--out", default=None, help="corpus directory (default: PublicCharts)")
    opts = ap.parse_args()
    global CORPUS
    if opts.out:
        CORPUS = os.path.abspath(opts.out)
        os.makedirs(CORPUS, exist_ok=True)
        DEP_REPOS.extend(EXTRA_DEP_REPOS)
        DEP_DIRS.update(EXTRA_DEP_DIRS)
    only = set(filter(None, opts.only.split(",")))
    rows = read_sources(opts.sources and os.path.abspath(opts.sources))
    vendor = Vendor()
    cases = []  # (case name, repo/chart, [alternatives of args])
    if not only:
        for d in os.listdir(CORPUS):
            p = os.path.join(CORPUS, d)
            if os.path.isdir(p) and d != "expected":
                shutil.rmtree(p)
    for idx, (mirror, rev, path, name) in enumerate(rows):
        short = SHORT.get(mirror, mirror.replace("+", "_"))
        key = f"{short}/{name}"
        dest = os.path.join(CORPUS, short, name)
        meta = chart_meta(mirror, rev, path)
        if not meta:
            log(f"SKIP {key}: no Chart.yaml at {rev}:{path}")
            continue
        if not only or key in only or name in only:
            log(f"extract {key} @ {rev}")
            extract(mirror, rev, path, dest)
            for d in DROP_MORE.get(key, []):
                shutil.rmtree(os.path.join(dest, d), ignore_errors=True)
            if meta.get("version") in ("v0.0.0", "0.0.0") and parse_ver(rev):
                # cert-manager: the release tool stamps version and appVersion
                cy = os.path.join(dest, "Chart.yaml")
                t = open(cy).read()
                t = re.sub(r"(?m)^version: .*$", f"version: {rev}", t)
                t = re.sub(r"(?m)^appVersion: .*$", f"appVersion: {rev}", t)
                open(cy, "w").write(t)
            vendor.vendor_deps(dest, mirror, rev, path, link_prefix="../../../_deps", who=key,
                               tgz=key in TGZ_DEPS)
            drop_big_crds(dest)
            cis = ci_candidates(mirror, rev, path)
            if cis:
                os.makedirs(os.path.join(dest, "ci"), exist_ok=True)
            for c in cis:
                text = show(mirror, rev, posixpath.join(path, c) if path else c)
                open(os.path.join(dest, "ci", posixpath.basename(c)), "w").write(text)
        vendor.used_repos.add(mirror)
        # cases
        cases.append((f"{short}.{name}.default", key, [[]]))
        cidir = os.path.join(dest, "ci")
        if os.path.isdir(cidir):
            for c in sorted(os.listdir(cidir)):
                stem = re.sub(r"\.ya?ml$", "", c)
                alts = [["-f", f"VALUES/{key}/ci/{c}"] + EXTRA_ARGS.get(key, [])]
                if key in REQUIRED:
                    alts.append(alts[0] + ["--set", REQUIRED[key]])
                cases.append((f"{short}.{name}.ci-{stem}", key, alts))
        try:
            values = yaml.safe_load(open(os.path.join(dest, "values.yaml"))) or {}
        except (OSError, yaml.YAMLError):
            values = {}
        toggles = find_toggles(values)
        nv = [a.replace("{chart}", name) for a in NAME_VARIANTS[idx % len(NAME_VARIANTS)]]
        req = [REQUIRED[key]] if key in REQUIRED else []
        alts = []
        for k in range(len(toggles), -1, -1):
            sets = req + [f"{t}=true" for t in toggles[:k]]
            alts.append((["--set", ",".join(sets)] if sets else []) + nv + EXTRA_ARGS.get(key, []))
        cases.append((f"{short}.{name}.set", key, alts))
    for mirror in sorted(vendor.used_repos):
        copy_license(mirror, os.path.join(CORPUS, SHORT.get(mirror, mirror.replace("+", "_"))))
    if not only:
        prune_deps()
    for n in vendor.notes:
        log("NOTE", n)
    if opts.no_render:
        return
    render_all(cases, only, opts.jobs)


def render_all(cases, only, jobs):
    exp = os.path.join(CORPUS, "expected")
    os.makedirs(exp, exist_ok=True)
    renderer = Renderer(jobs)
    results = {}

    def fix(args):
        return [a[len("VALUES/"):] if a.startswith("VALUES/") else a for a in args]

    def run(case):
        cname, key, alts = case
        chart = os.path.join(CORPUS, key)
        chosen = None
        for args in alts:
            ok, t1 = renderer.render(chart, fix(args))
            chosen = (args, ok, t1)
            if ok:
                break
        args, ok, t1 = chosen
        t2 = renderer.render(chart, fix(args))[1]
        random = False
        if t2 != t1:
            # more runs, so that a random value that happens to repeat a character of run 1 at
            # its start or end does not leave that character outside the mask
            others = [t2] + [renderer.render(chart, fix(args))[1] for _ in range(RANDOM_RUNS - 2)]
            a = t1.split("\n")
            masks = [mask_lines(a, t.split("\n")) for t in others]
            state, inserts = combine(masks, len(a))
            t1 = "\n".join(apply_mask(a, state, inserts))
            random = True
        return cname, key, args, ok, t1, random

    todo = [c for c in cases if not only or c[1] in only or c[1].split("/")[1] in only]
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        for n, (cname, key, args, ok, text, random) in enumerate(ex.map(run, todo)):
            results[cname] = (key, args, ok, random)
            open(os.path.join(exp, cname + ".txt"), "w").write(text)
            log(f"[{n + 1}/{len(todo)}] {cname}: {'ok' if ok else 'FAIL'}{' random' if random else ''}")
    renderer.close()
    # merge with earlier results when only some charts were redone
    lines_path = os.path.join(CORPUS, "cases.txt")
    old = {}
    if only and os.path.exists(lines_path):
        for ln in open(lines_path):
            c = ln.rstrip("\n").split("|")
            if len(c) == 3:
                old[c[0]] = ln.rstrip("\n")
    rand_path = os.path.join(CORPUS, "random.txt")
    old_rand = set(open(rand_path).read().split()) if only and os.path.exists(rand_path) else set()
    order = [c[0] for c in cases]
    out, rand = [], []
    for cname in order:
        if cname in results:
            key, args, ok, random = results[cname]
            out.append(f"{cname}|{key}|{' '.join(args)}")
            if random:
                rand.append(cname)
        elif cname in old:
            out.append(old[cname])
            if cname in old_rand:
                rand.append(cname)
    open(lines_path, "w").write("\n".join(out) + "\n")
    open(rand_path, "w").write("".join(r + "\n" for r in rand))
    valid = {c + ".txt" for c in order}
    if not only:
        for f in os.listdir(exp):
            if f not in valid:
                os.remove(os.path.join(exp, f))
    fails = sum(1 for c in results.values() if not c[2])
    log(f"{len(results)} cases rendered, {fails} fail in Helm, {len(rand)} with random material")


if __name__ == "__main__":
    main()
