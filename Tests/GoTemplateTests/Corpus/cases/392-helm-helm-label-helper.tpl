{{ define "chart.labels" }}app.kubernetes.io/name: {{ .Values.str }}
app.kubernetes.io/instance: {{ .Release.Name }}{{ end }}labels:
  {{- include "chart.labels" . | nindent 2 }}