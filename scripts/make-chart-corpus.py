#!/usr/bin/env python3
"""Writes the chart corpus (Tests/HelmEngineTests/Charts/): charts written for this project, each
with value sets (cases.txt: one case per line, `case-name|chart|args`). Expected outputs come from
the Helm oracle: scripts/regenerate-chart-corpus.sh."""
import io, os, shutil, tarfile, gzip, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "Tests", "HelmEngineTests", "Charts")
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)

def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", newline="") as f:
        f.write(text)

def chart_yaml(name, extra=""):
    return f"apiVersion: v2\nname: {name}\nversion: 0.1.0\nappVersion: \"1.0\"\n{extra}"

def package(src_dir, dest_tgz):
    """A .tgz of a chart directory, as `helm package` lays it out (top-level folder = chart name)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        base = os.path.basename(src_dir)
        for dirpath, _, files in sorted(os.walk(src_dir)):
            for fn in sorted(files):
                full = os.path.join(dirpath, fn)
                rel = os.path.relpath(full, os.path.dirname(src_dir))
                info = tar.gettarinfo(full, arcname=rel)
                info.mtime = 0; info.uid = info.gid = 0; info.uname = info.gname = ""
                with open(full, "rb") as fh:
                    tar.addfile(info, fh)
    data = gzip.compress(buf.getvalue(), mtime=0)
    with open(dest_tgz, "wb") as f:
        f.write(data)

cases = []
def case(name, chart, args=""):
    cases.append(f"{name}|{chart}|{args}")

# 1. basic application chart
write("basic/Chart.yaml", chart_yaml("basic", "description: A basic app\nkeywords: [web, demo]\n"))
write("basic/values.yaml", """replicaCount: 2
image:
  repository: nginx
  tag: ""
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 80
labels: {}
resources:
  limits: {cpu: 100m, memory: 128Mi}
env: []
""")
write("basic/templates/_helpers.tpl", """{{- define "basic.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end -}}
{{- define "basic.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
""")
write("basic/templates/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "basic.fullname" . }}
  labels:
    {{- include "basic.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
      - name: {{ .Chart.Name }}
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        imagePullPolicy: {{ .Values.image.pullPolicy }}
        {{- with .Values.env }}
        env:
          {{- toYaml . | nindent 10 }}
        {{- end }}
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
""")
write("basic/templates/service.yaml", """apiVersion: v1
kind: Service
metadata:
  name: {{ include "basic.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
  - port: {{ .Values.service.port }}
    targetPort: http
""")
write("basic/templates/NOTES.txt", "Installed {{ .Release.Name }}.\n")
write("basic/values-prod.yaml", "replicaCount: 5\nimage:\n  tag: \"2.0\"\nlabels:\n  tier: prod\nenv:\n- name: MODE\n  value: production\n")
case("basic-defaults", "basic")
case("basic-release-name", "basic", "--name basic-prod --namespace web")
case("basic-values-file", "basic", "-f VALUES/basic/values-prod.yaml")
case("basic-set", "basic", "--set replicaCount=3,image.tag=v9 --set service.type=NodePort")
case("basic-set-null-deletes", "basic", "--set resources=null")
case("basic-set-string", "basic", "--set-string replicaCount=007")

# 2. subcharts in directories, globals, parent overrides
write("parent/Chart.yaml", chart_yaml("parent"))
write("parent/values.yaml", """global:
  env: staging
  registry: registry.example.com
child:
  greeting: hello from parent
other:
  enabled: true
""")
write("parent/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: parent
data:
  env: {{ .Values.global.env }}
  childGreeting: {{ .Values.child.greeting | quote }}
  subcharts: {{ keys .Subcharts | sortAlpha | join "," }}
""")
write("parent/charts/child/Chart.yaml", chart_yaml("child"))
write("parent/charts/child/values.yaml", "greeting: hello from child\nport: 8080\n")
write("parent/charts/child/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-child
data:
  greeting: {{ .Values.greeting | quote }}
  port: {{ .Values.port | quote }}
  env: {{ .Values.global.env }}
  registry: {{ .Values.global.registry }}
  chart: {{ .Chart.Name }}-{{ .Chart.Version }}
  isRoot: {{ .Chart.IsRoot | quote }}
  template: {{ .Template.Name }} {{ .Template.BasePath }}
""")
write("parent/charts/child/charts/grandchild/Chart.yaml", chart_yaml("grandchild"))
write("parent/charts/child/charts/grandchild/values.yaml", "depth: 2\n")
write("parent/charts/child/charts/grandchild/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: grandchild
data:
  depth: {{ .Values.depth | quote }}
  env: {{ .Values.global.env }}
""")
case("parent-defaults", "parent")
case("parent-override-child", "parent", "--set child.port=9090,global.env=prod,child.grandchild.depth=7")

# 3. packaged subchart (.tgz)
os.makedirs(os.path.join(root, "_src"), exist_ok=True)
write("_src/packed/Chart.yaml", chart_yaml("packed"))
write("_src/packed/values.yaml", "message: from the archive\n")
write("_src/packed/templates/secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: packed
stringData:
  message: {{ .Values.message }}
  parentGlobal: {{ .Values.global.team | default "none" }}
""")
write("withtgz/Chart.yaml", chart_yaml("withtgz"))
write("withtgz/values.yaml", "global:\n  team: platform\npacked:\n  message: overridden by parent\n")
write("withtgz/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: withtgz\n")
os.makedirs(os.path.join(root, "withtgz/charts"), exist_ok=True)
package(os.path.join(root, "_src/packed"), os.path.join(root, "withtgz/charts/packed-0.1.0.tgz"))
shutil.rmtree(os.path.join(root, "_src"))
case("withtgz-defaults", "withtgz")
case("withtgz-set", "withtgz", "--set packed.message=from-set")

# 4. conditions and tags
write("toggles/Chart.yaml", chart_yaml("toggles", """dependencies:
- name: alpha
  version: 0.1.0
  condition: alpha.enabled
- name: beta
  version: 0.1.0
  tags: [extras]
- name: gamma
  version: 0.1.0
  condition: gamma.enabled,global.gammaOn
  tags: [extras]
"""))
write("toggles/values.yaml", "alpha:\n  enabled: false\ngamma:\n  enabled: true\n")
write("toggles/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: toggles\n")
for sub in ["alpha", "beta", "gamma"]:
    write(f"toggles/charts/{sub}/Chart.yaml", chart_yaml(sub))
    write(f"toggles/charts/{sub}/templates/cm.yaml", f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {sub}\n")
case("toggles-defaults", "toggles")
case("toggles-alpha-on", "toggles", "--set alpha.enabled=true")
case("toggles-tags-off", "toggles", "--set tags.extras=false")
case("toggles-condition-wins-over-tag", "toggles", "--set tags.extras=false,gamma.enabled=true")
case("toggles-gamma-off", "toggles", "--set gamma.enabled=false")

# 5. aliases: the same subchart twice
write("aliases/Chart.yaml", chart_yaml("aliases", """dependencies:
- name: worker
  version: 0.1.0
  alias: fast
- name: worker
  version: 0.1.0
  alias: slow
"""))
write("aliases/values.yaml", "fast:\n  speed: 10\nslow:\n  speed: 1\n")
write("aliases/charts/worker/Chart.yaml", chart_yaml("worker"))
write("aliases/charts/worker/values.yaml", "speed: 5\n")
write("aliases/charts/worker/templates/deploy.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Chart.Name }}
spec:
  replicas: {{ .Values.speed }}
""")
case("aliases-defaults", "aliases")
case("aliases-set", "aliases", "--set slow.speed=2")

# 6. library chart
write("uselib/Chart.yaml", chart_yaml("uselib"))
write("uselib/values.yaml", "name: app\n")
write("uselib/templates/cm.yaml", """{{- include "lib.configmap" (dict "name" .Values.name "data" (dict "a" "1")) }}
""")
write("uselib/charts/lib/Chart.yaml", chart_yaml("lib", "type: library\n"))
write("uselib/charts/lib/templates/_cm.tpl", """{{- define "lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .name }}
data:
  {{- toYaml .data | nindent 2 }}
{{- end -}}
""")
write("uselib/charts/lib/templates/ignored.yaml", "this: is not rendered in a library chart\n")
case("uselib-defaults", "uselib")

# 7. files, .helmignore
write("files/Chart.yaml", chart_yaml("files"))
write("files/values.yaml", "{}\n")
write("files/.helmignore", "*.bak\nsecret-notes.txt\n")
write("files/config/app.properties", "a=1\nb=2\n")
write("files/config/log.conf", "level=info\n")
write("files/config/old.bak", "ignored\n")
write("files/secret-notes.txt", "ignored\n")
write("files/data.txt", "line one\nline two\nline three")
write("files/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: files
data:
  props: {{ .Files.Get "config/app.properties" | quote }}
  missing: {{ .Files.Get "nope.txt" | quote }}
  lines: {{ .Files.Lines "data.txt" | len }}
  first: {{ index (.Files.Lines "data.txt") 0 }}
  bak: {{ .Files.Get "config/old.bak" | quote }}
{{ (.Files.Glob "config/*").AsConfig | indent 2 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: files
data:
{{ (.Files.Glob "config/*.conf").AsSecrets | indent 2 }}
""")
case("files-defaults", "files")

# 8. hooks and kinds
write("hooks/Chart.yaml", chart_yaml("hooks"))
write("hooks/values.yaml", "{}\n")
write("hooks/templates/job.yaml", """apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-preinstall
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: check
        image: busybox
""")
write("hooks/templates/all.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
# just a comment document
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
""")
case("hooks-defaults", "hooks")

# 9. errors
write("errors/Chart.yaml", chart_yaml("errors", "kubeVersion: \">= 1.20.0-0\"\n"))
write("errors/values.yaml", "mode: ok\n")
write("errors/templates/cm.yaml", """{{- if eq .Values.mode "required" }}
value: {{ required "errors.value is required" .Values.value }}
{{- else if eq .Values.mode "fail" }}
{{ fail "mode fail was chosen" }}
{{- else if eq .Values.mode "nil" }}
{{ .Values.missing.deeper }}
{{- else if eq .Values.mode "include" }}
{{ include "errors.inner" . }}
{{- end }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: errors
""")
write("errors/templates/_inner.tpl", """{{- define "errors.inner" -}}
{{ required "inner value is required" .Values.inner }}
{{- end -}}
""")
case("errors-ok", "errors")
case("errors-required", "errors", "--set mode=required")
case("errors-required-given", "errors", "--set mode=required,value=v")
case("errors-fail", "errors", "--set mode=fail")
case("errors-nil-pointer", "errors", "--set mode=nil")
case("errors-include-required", "errors", "--set mode=include")
# (kubeVersion checks and --set syntax errors are Helm CLI behaviour the engine-only oracle does not
# show; HelmRendererTests checks them against the spec's messages.)

write("parseerror/Chart.yaml", chart_yaml("parseerror"))
write("parseerror/templates/bad.yaml", "a: {{ if }}\n")
case("parseerror", "parseerror")

# 10. strvals edge cases
write("strvals/Chart.yaml", chart_yaml("strvals"))
write("strvals/values.yaml", "list: [x, y]\nmap: {a: 1}\n")
write("strvals/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: strvals
data:
  dump: {{ toJson .Values | quote }}
""")
# (The oracle hands values to Helm as JSON, so --set integers reach it as float64; real Helm keeps
# int64. Templates here avoid printing types for that reason.)
case("strvals-types", "strvals", "--set a=1,b=true,c=null,d=007,e=0,f=-5,g=1.5,h=abc,i=TRUE")
case("strvals-lists", "strvals", "--set list[1]=z,list[3]=w,arr={one,two,three}")
case("strvals-nested", "strvals", "--set a.b.c=1,a.b.d=2,m[0].name=n0,m[1].name=n1")
case("strvals-escapes", "strvals", "--set a=x\\,y,b.c\\.d=e")
case("strvals-set-string", "strvals", "--set-string num=123,bool=true")
case("strvals-map-null", "strvals", "--set map=null")
case("strvals-trailing-comma", "strvals", "--set a=1,")

# 11. capabilities, release, chart fields
write("objects/Chart.yaml", chart_yaml("objects", "description: Objects chart\nhome: https://example.com\nsources: [https://git.example.com/a]\nkeywords: [one, two]\nannotations:\n  team: core\nkubeVersion: \">= 1.21.0-0\"\n"))
write("objects/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: objects
data:
  kube: {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }}
  apps: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
  fake: {{ .Capabilities.APIVersions.Has "fake.example.com/v9" | quote }}
  release: {{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }} {{ .Release.Service }}
  chart: {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.APIVersion }} {{ .Chart.Description }} {{ .Chart.Home }}
  lists: {{ printf "%v %v %v %v" .Chart.Keywords .Chart.Sources .Chart.Annotations.team .Chart.KubeVersion | quote }}
  template: {{ .Template.Name }} {{ .Template.BasePath }}
  semver: {{ semverCompare ">=1.20" .Capabilities.KubeVersion.Version | quote }}
""")
case("objects-defaults", "objects", "--name objrel --namespace objns")
case("objects-kube-version", "objects", "--kube-version v1.24.3")

# 12. values null and coalescing
write("coalesce/Chart.yaml", chart_yaml("coalesce"))
write("coalesce/values.yaml", """a:
  keep: 1
  drop: 2
  nested:
    x: 1
    y: 2
b: scalar
c: [1, 2]
""")
write("coalesce/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coalesce\ndata:\n  values: {{ toJson .Values | quote }}\n")
write("coalesce/override.yaml", "a:\n  drop: null\n  nested:\n    y: null\n    z: 3\nb:\n  now: table\nc: null\n")
case("coalesce-defaults", "coalesce")
case("coalesce-nulls", "coalesce", "-f VALUES/coalesce/override.yaml")
case("coalesce-set-table-over-scalar", "coalesce", "--set a=flat")


# 13. import-values (exports and child/parent forms)
write("imports/Chart.yaml", chart_yaml("imports", """dependencies:
- name: provider
  version: 0.1.0
  import-values:
  - data
  - child: settings.network
    parent: imported.net
"""))
write("imports/values.yaml", "own: value\nimported:\n  net:\n    mtu: 1400\n")
write("imports/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: imports\ndata:\n  values: {{ toJson .Values | quote }}\n")
write("imports/charts/provider/Chart.yaml", chart_yaml("provider"))
write("imports/charts/provider/values.yaml", "exports:\n  data:\n    fromExport: yes-exported\nsettings:\n  network:\n    mtu: 9000\n    dns: 10.0.0.10\n")
case("imports-defaults", "imports")

# 14. a chart packaged as .tgz at the top level, with NOTES and crds
os.makedirs(os.path.join(root, "_src2"), exist_ok=True)
write("_src2/boxed/Chart.yaml", chart_yaml("boxed"))
write("_src2/boxed/values.yaml", "size: 3\n")
write("_src2/boxed/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: boxed\nspec:\n  replicas: {{ .Values.size }}\n")
write("_src2/boxed/templates/NOTES.txt", "Boxed chart installed with {{ .Values.size }} replicas.\n")
write("_src2/boxed/crds/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: boxes.example.com\n")
package(os.path.join(root, "_src2/boxed"), os.path.join(root, "boxed-0.1.0.tgz"))
shutil.rmtree(os.path.join(root, "_src2"))
case("boxed-tgz", "boxed-0.1.0.tgz")
case("boxed-tgz-set", "boxed-0.1.0.tgz", "--set size=7")

# 15. deep globals and subchart overrides through two levels
write("globals/Chart.yaml", chart_yaml("globals"))
write("globals/values.yaml", "global:\n  image:\n    registry: top.example.com\n    tag: v1\n  flag: true\nmid:\n  global:\n    ignored: here\n  leaf:\n    name: from-top\n")
write("globals/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\ndata:\n  g: {{ toJson .Values.global | quote }}\n")
write("globals/charts/mid/Chart.yaml", chart_yaml("mid"))
write("globals/charts/mid/values.yaml", "global:\n  image:\n    tag: mid-default\n    pullPolicy: Always\nleaf:\n  name: from-mid\n  extra: mid-extra\n")
write("globals/charts/mid/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mid\ndata:\n  g: {{ toJson .Values.global | quote }}\n")
write("globals/charts/mid/charts/leaf/Chart.yaml", chart_yaml("leaf"))
write("globals/charts/mid/charts/leaf/values.yaml", "name: leaf-default\n")
write("globals/charts/mid/charts/leaf/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaf\ndata:\n  v: {{ toJson .Values | quote }}\n")
case("globals-defaults", "globals")
case("globals-set", "globals", "--set global.image.tag=v2,mid.leaf.extra=set")


# 16. values.schema.json (valid values here; violations are checked in HelmRendererTests, because
# Helm 4 words them differently from the Helm 3 that osm v1.2.4 embeds)
write("schema/Chart.yaml", chart_yaml("schema", "dependencies:\n- name: sub\n  version: 0.1.0\n"))
write("schema/values.yaml", "replicas: 1\nname: web\nmode: a\ntags: [x, z]\nsub:\n  port: 80\n")
write("schema/values.schema.json", """{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["name"],
  "properties": {
    "replicas": {"type": "integer", "minimum": 1, "maximum": 5},
    "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 8},
    "mode": {"enum": ["a", "b"]},
    "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 4},
    "sub": {"$ref": "#/definitions/sub"}
  },
  "definitions": {"sub": {"type": "object", "properties": {"port": {"type": ["integer", "string"]}}}}
}
""")
write("schema/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schema\ndata:\n  v: {{ toJson .Values | quote }}\n")
write("schema/charts/sub/Chart.yaml", chart_yaml("sub"))
write("schema/charts/sub/values.yaml", "port: 8080\n")
write("schema/charts/sub/values.schema.json", '{"type": "object", "properties": {"port": {"type": "integer", "exclusiveMinimum": 0}}, "required": ["port"]}\n')
write("schema/charts/sub/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\ndata:\n  port: {{ .Values.port | quote }}\n")
case("schema-valid", "schema")
case("schema-valid-override", "schema", "--set replicas=5,mode=b,sub.port=443")


# 17. an apiVersion v1 chart with requirements.yaml
write("legacy/Chart.yaml", "apiVersion: v1\nname: legacy\nversion: 0.1.0\n")
write("legacy/requirements.yaml", "dependencies:\n- name: dep\n  version: 0.1.0\n  condition: dep.enabled\n")
write("legacy/values.yaml", "dep:\n  enabled: false\n")
write("legacy/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\ndata:\n  api: {{ .Chart.APIVersion }}\n")
write("legacy/charts/dep/Chart.yaml", "apiVersion: v1\nname: dep\nversion: 0.1.0\n")
write("legacy/charts/dep/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dep\n")
case("legacy-disabled", "legacy")
case("legacy-enabled", "legacy", "--set dep.enabled=true")


# 18. toToml (Helm's function) over nested values
write("toml/Chart.yaml", chart_yaml("toml"))
write("toml/values.yaml", """name: demo
count: 3
ratio: 1.5
big: 1000000
whole: 2.0
on: true
empty: ""
quote: "say \\"hi\\"\\n\\ttab\\u0001"
unicode: "h\u00e9llo"
list: [1, 2, 3]
strs: [a, b]
mixed: [1, "a", [2, 3]]
nested:
  key: value
  deeper:
    x: 1
    "needs quote": y
    items:
      - {a: 1}
      - {a: 2, b: {c: 3}}
  list: [x]
tables:
  - name: one
    v: 1
  - name: two
nulls:
  a: null
emptymap: {}
emptylist: []
"dotted.key": 1
""")
write("toml/templates/cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: toml
data:
  all: |
{{ toToml .Values | indent 4 }}
  scalar: {{ toToml "str" | quote }}
  number: {{ toToml 5 | quote }}
  list: {{ toToml (list 1 2) | quote }}
  nested: |
{{ toToml .Values.nested | indent 4 }}
  withNil: {{ toToml (dict "l" (list 1 nil)) | quote }}
""")
case("toml-defaults", "toml")
case("toml-set", "toml", "--set extra.b=false,extra.s=x,top=true")

# 19. an alias whose range the vendored chart does not satisfy (memcached 8.0.0 for 7.x.x): Helm
# keeps the subchart under its own name; a second alias in range is made; .Chart.Dependencies
# lists the enabled ones under their aliases; a dependency without a version never aliases.
write("aliasrange/Chart.yaml", chart_yaml("aliasrange", """dependencies:
- name: memcached
  version: 7.x.x
  alias: cache
- name: memcached
  version: ">= 8.0.0"
  alias: sessions
  condition: sessions.enabled
- name: queue
  alias: jobs
"""))
write("aliasrange/values.yaml", "cache:\n  port: 1\nsessions:\n  enabled: true\n  port: 2\nmemcached:\n  port: 3\njobs:\n  size: 9\n")
write("aliasrange/charts/memcached/Chart.yaml", chart_yaml("memcached").replace("version: 0.1.0", "version: 8.0.0"))
write("aliasrange/charts/memcached/values.yaml", "port: 11211\n")
write("aliasrange/charts/memcached/templates/svc.yaml", """kind: Service
name: {{ .Chart.Name }}
port: {{ .Values.port }}
""")
write("aliasrange/charts/queue/Chart.yaml", chart_yaml("queue"))
write("aliasrange/charts/queue/values.yaml", "size: 1\n")
write("aliasrange/charts/queue/templates/q.yaml", "kind: Queue\nname: {{ .Chart.Name }}\nsize: {{ .Values.size }}\n")
write("aliasrange/templates/deps.yaml", """deps:
{{- range .Chart.Dependencies }}
- {{ .Name }} {{ .Version }} {{ .Alias }} {{ .Enabled }} {{ .Condition }} {{ .Tags }}
{{- end }}
chart: {{ typeOf .Chart }} {{ .Chart.IsRoot }} {{ .Chart.Keywords }} {{ .Chart.Annotations }} {{ .Chart.Maintainers }}
subcharts: {{ keys .Subcharts | sortAlpha }}
""")
case("aliasrange-defaults", "aliasrange")
case("aliasrange-sessions-off", "aliasrange", "--set sessions.enabled=false")

with open(os.path.join(root, "cases.txt"), "w") as f:
    f.write("\n".join(cases) + "\n")
print(len(cases), "cases over", len([d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]), "charts")
