{{- define "feature.clusterEvents.validate" }}{{- end }}
