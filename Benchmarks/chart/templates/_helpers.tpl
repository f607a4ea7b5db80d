{{/* Common labels for every object of the mesh. */}}
{{- define "bench.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Values.mesh.name }}
app.kubernetes.io/version: {{ .Chart.AppVersion }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "bench.image" -}}
{{- printf "%s/%s:%s" .registry .name .tag -}}
{{- end -}}

{{- define "bench.resources" -}}
resources:
  {{- toYaml . | nindent 2 }}
{{- end -}}

{{- define "bench.podSpecCommon" -}}
{{- with .Values.mesh.imagePullSecrets }}
imagePullSecrets:
{{ toYaml . | indent 2 }}
{{- end }}
{{- if .Values.mesh.controller.affinity }}
affinity:
  {{- toYaml .Values.mesh.controller.affinity | nindent 2 }}
{{- end }}
{{- end -}}
