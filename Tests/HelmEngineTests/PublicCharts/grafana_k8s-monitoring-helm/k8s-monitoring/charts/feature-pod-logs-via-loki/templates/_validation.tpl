{{- define "feature.podLogsViaLoki.validate" }}{{- end }}
