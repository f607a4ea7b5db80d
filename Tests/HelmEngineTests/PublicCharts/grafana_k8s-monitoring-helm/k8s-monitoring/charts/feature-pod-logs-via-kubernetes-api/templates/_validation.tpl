{{- define "feature.podLogsViaKubernetesApi.validate" }}{{- end }}
