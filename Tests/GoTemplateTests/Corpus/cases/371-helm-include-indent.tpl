{{ define "labels" }}app: x
ver: 1{{ end }}metadata:
  labels:
{{ include "labels" . | indent 4 }}