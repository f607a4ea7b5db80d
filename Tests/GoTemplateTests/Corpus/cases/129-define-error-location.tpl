{{ define "x" }}

{{ .Values.nope.deep }}{{ end }}{{ template "x" . }}