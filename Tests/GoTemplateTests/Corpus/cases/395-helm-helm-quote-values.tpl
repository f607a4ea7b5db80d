{{ range $k, $v := .Values.dict }}{{ $k }}: {{ $v | quote }}
{{ end }}