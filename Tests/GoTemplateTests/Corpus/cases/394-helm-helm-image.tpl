image: "{{ .Values.str }}:{{ .Values.num | toString }}"
replicas: {{ .Values.num | int }}