{{/* The namespace the control plane runs in: osm.osmNamespace, else the release namespace. */}}
{{- define "osm.namespace" -}}
{{ default .Release.Namespace .Values.osm.osmNamespace }}
{{- end -}}

{{/* Where sidecars send traces. */}}
{{- define "osm.tracingAddress" -}}
{{- $ns := include "osm.namespace" . -}}
{{ default (printf "jaeger.%s.svc.cluster.local" $ns) .Values.osm.tracing.address }}
{{- end -}}

{{/* Labels every control-plane object carries. */}}
{{- define "osm.labels" -}}
app.kubernetes.io/name: openservicemesh.io
app.kubernetes.io/instance: {{ .Values.osm.meshName }}
app.kubernetes.io/version: {{ .Chart.AppVersion }}
{{- end -}}

{{/* Pod security for clusters without OpenShift's own constraints. */}}
{{- define "restricted.securityContext" -}}
securityContext:
  runAsUser: 1000
  runAsGroup: 3000
  fsGroup: 2000
  supplementalGroups: [5555]
{{- end -}}

{{/* The log collector reads the node's container logs as root, with no capabilities. */}}
{{- define "fluentbit.securityContext" -}}
securityContext:
  runAsUser: 0
  capabilities:
    drop:
      - ALL
{{- end -}}

{{/* Name of the validating webhook configuration the controller maintains. */}}
{{- define "osm.validatorWebhookConfigName" -}}
{{ default (printf "osm-validator-mesh-%s" .Values.osm.meshName) .Values.osm.validatorWebhook.webhookConfigurationName }}
{{- end -}}

{{/* One OSM image: by tag when osm.image.tag is set, by digest otherwise. Argument: the image key. */}}
{{- define "osm.image" -}}
{{- $image := .root.Values.osm.image -}}
{{- if $image.tag -}}
{{ printf "%s/%s:%s" $image.registry (index $image.name .key) $image.tag }}
{{- else -}}
{{ printf "%s/%s@%s" $image.registry (index $image.name .key) (index $image.digest .key) }}
{{- end -}}
{{- end -}}

{{/* An init container that waits until osm-bootstrap answers its health check. */}}
{{- define "osm.waitForBootstrap" -}}
- name: init-{{ .name }}
  image: {{ .root.Values.osm.curlImage }}
  command: ["curl", "http://osm-bootstrap.{{ include "osm.namespace" .root }}.svc.cluster.local:9091/healthz", "--connect-timeout", "2", "--retry", "50", "--retry-connrefused", "--retry-delay", "5"]
{{- end -}}
