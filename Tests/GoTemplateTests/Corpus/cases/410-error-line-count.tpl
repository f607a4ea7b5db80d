a
b
c
{{ .Values.x.y }}