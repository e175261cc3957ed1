{{- define "flowmeter.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "flowmeter.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "flowmeter.secretName" -}}
{{- default (include "flowmeter.fullname" .) .Values.database.existingSecret -}}
{{- end -}}

{{- define "flowmeter.serviceAccountName" -}}
{{- default (include "flowmeter.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}
