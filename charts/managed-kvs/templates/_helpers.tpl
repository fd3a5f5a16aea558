{{/* The chart name, or nameOverride. */}}
{{- define "managed-kvs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every object name: fullnameOverride, the release name, or both release and chart name. */}}
{{- define "managed-kvs.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "managed-kvs.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. Call with (dict "root" $ "component" "operator"). */}}
{{- define "managed-kvs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "managed-kvs.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: managed-kvs
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select the pods of one component. Call with (dict "root" $ "component" "operator"). */}}
{{- define "managed-kvs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "managed-kvs.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* repository:tag or repository@digest; the tag defaults to the chart's appVersion. Call with (dict "root" $ "image" .Values.operator.image). */}}
{{- define "managed-kvs.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "managed-kvs.operator.fullname" -}}
{{- printf "%s-operator" (include "managed-kvs.fullname" .) -}}
{{- end -}}

{{- define "managed-kvs.scheduler.fullname" -}}
{{- printf "%s-scheduler" (include "managed-kvs.fullname" .) -}}
{{- end -}}

{{- define "managed-kvs.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create -}}
{{- default (include "managed-kvs.operator.fullname" .) .Values.operator.serviceAccount.name -}}
{{- else -}}
{{- required "operator.serviceAccount.name must name an existing ServiceAccount when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "managed-kvs.scheduler.serviceAccountName" -}}
{{- if .Values.scheduler.serviceAccount.create -}}
{{- default (include "managed-kvs.scheduler.fullname" .) .Values.scheduler.serviceAccount.name -}}
{{- else -}}
{{- required "scheduler.serviceAccount.name must name an existing ServiceAccount when scheduler.serviceAccount.create is false" .Values.scheduler.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The operator's RBAC rules, generated from io.managedkvs.operator.rbac.OperatorPermissions.rules()
into files/operator-rules.yaml. Call with (dict "root" $ "scope" "watchedNamespaces") or "operatorNamespace".
*/}}
{{- define "managed-kvs.operator.rules" -}}
{{- $file := .root.Files.Get "files/operator-rules.yaml" | fromYaml -}}
{{- $rules := index $file .scope -}}
{{- if not $rules -}}
{{- fail (printf "files/operator-rules.yaml has no rules under %s" .scope) -}}
{{- end -}}
{{- range $rules }}
- apiGroups: {{ toJson .apiGroups }}
  resources: {{ toJson .resources }}
  verbs: {{ toJson .verbs }}
{{- end }}
{{- end -}}

{{/* Whether the monitoring objects of one kind are wanted; fails on a switch that cannot take effect. */}}
{{- define "managed-kvs.checkMonitoring" -}}
{{- if and (not .Values.monitoring.enabled) .Values.monitoring.serviceMonitor.enabled -}}
{{- fail "monitoring.serviceMonitor.enabled needs monitoring.enabled: the ServiceMonitors scrape the metrics Services that monitoring.enabled creates" -}}
{{- end -}}
{{- if and (not .Values.monitoring.enabled) .Values.monitoring.podMonitor.enabled -}}
{{- fail "monitoring.podMonitor.enabled needs monitoring.enabled" -}}
{{- end -}}
{{- end -}}
