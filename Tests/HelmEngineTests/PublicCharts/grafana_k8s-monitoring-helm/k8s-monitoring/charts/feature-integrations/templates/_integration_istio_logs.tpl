{{/* Inputs: . (Values) */}}
{{- define "integrations.istio.type.logOutput" }}false{{- end }}

{{/* Inputs: . (Values) */}}
{{- define "integrations.istio.type.logRules" }}false{{- end }}
