{{- define "t" -}}
  trimmed
{{- end -}}
[{{ template "t" }}]