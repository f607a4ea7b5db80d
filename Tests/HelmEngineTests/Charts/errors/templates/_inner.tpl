{{- define "errors.inner" -}}
{{ required "inner value is required" .Values.inner }}
{{- end -}}
