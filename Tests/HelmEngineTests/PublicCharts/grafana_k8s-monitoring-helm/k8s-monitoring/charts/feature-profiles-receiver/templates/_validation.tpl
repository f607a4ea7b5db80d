{{- define "feature.profilesReceiver.validate" }}{{- end }}
