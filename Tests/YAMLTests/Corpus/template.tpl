{{ toJson .Values }}
--- toYaml ---
{{ toYaml .Values }}
