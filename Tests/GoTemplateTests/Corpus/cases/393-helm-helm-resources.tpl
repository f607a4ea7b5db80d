resources:
{{- with .Values.dict }}
{{ toYaml . | indent 2 }}
{{- end }}