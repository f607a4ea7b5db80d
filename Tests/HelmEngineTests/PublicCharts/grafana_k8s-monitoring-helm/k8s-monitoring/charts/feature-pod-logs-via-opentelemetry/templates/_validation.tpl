{{- define "feature.podLogsViaOpenTelemetry.validate" }}{{- end }}
