{{/* Validates that the Alloy instance is appropriate for the given Prometheus Operator Objects settings */}}
{{/* Inputs: Values (Prometheus Operator Objects values), Collector (Alloy values), CollectorName (string) */}}
{{- define "feature.prometheusOperatorObjects.collector.validate" -}}{{- end -}}
