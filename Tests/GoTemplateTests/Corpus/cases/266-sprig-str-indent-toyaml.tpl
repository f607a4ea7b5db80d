spec:
{{ toYaml .Values.dict | indent 2 }}