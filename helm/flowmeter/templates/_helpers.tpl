{{- define "flowmeter.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "flowmeter.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flowmeter.labels" -}}
{{ include "flowmeter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "flowmeter.secretName" -}}
{{- default (include "flowmeter.fullname" .) .Values.database.existingSecret -}}
{{- end -}}

{{- define "flowmeter.serviceAccountName" -}}
{{- default (include "flowmeter.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "flowmeter.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* the environment every Flowmeter container gets: the ConfigMap plus the secret settings */}}
{{- define "flowmeter.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "flowmeter.fullname" . }}
env:
  - name: FLOWMETER_DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ include "flowmeter.secretName" . }}
        key: password
  - name: FLOWMETER_DB_APP_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ include "flowmeter.secretName" . }}
        key: app-password
  - name: FLOWMETER_DB_PLATFORM_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ include "flowmeter.secretName" . }}
        key: platform-password
  {{- if eq .Values.secrets.store "local" }}
  - name: FLOWMETER_MASTER_KEY
    valueFrom:
      secretKeyRef:
        name: {{ required "secrets.masterKeySecret is required when secrets.store is local" .Values.secrets.masterKeySecret }}
        key: master-key
  {{- else if eq .Values.secrets.vault.auth "token" }}
  - name: FLOWMETER_VAULT_TOKEN
    valueFrom:
      secretKeyRef:
        name: {{ required "secrets.vault.tokenSecret.name is required when secrets.vault.auth is token" .Values.secrets.vault.tokenSecret.name }}
        key: {{ .Values.secrets.vault.tokenSecret.key }}
  {{- end }}
  {{- if .Values.smtp.passwordSecret.name }}
  - name: FLOWMETER_SMTP_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ .Values.smtp.passwordSecret.name }}
        key: {{ .Values.smtp.passwordSecret.key }}
  {{- end }}
  {{- range $name, $ref := .Values.secretEnv }}
  - name: {{ $name }}
    valueFrom:
      secretKeyRef:
        name: {{ required (printf "secretEnv.%s.secret is required" $name) $ref.secret }}
        key: {{ required (printf "secretEnv.%s.key is required" $name) $ref.key }}
  {{- end }}
{{- end -}}

{{/* one role's Deployment; called with (dict "root" $ "role" "web"|"worker") */}}
{{- define "flowmeter.deployment" -}}
{{- $root := .root -}}
{{- $role := .role -}}
{{- $values := index $root.Values $role -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "flowmeter.fullname" $root }}-{{ $role }}
  labels:
    {{- include "flowmeter.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $role }}
spec:
  {{- if not $values.autoscaling.enabled }}
  replicas: {{ $values.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "flowmeter.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ $role }}
  template:
    metadata:
      labels:
        {{- include "flowmeter.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ $role }}
      annotations:
        # a changed setting rolls the pods
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "flowmeter.serviceAccountName" $root }}
      # above FLOWMETER_SHUTDOWN_TIMEOUT, which may apply twice (requests, then steps), so a stopping pod finishes
      # its hand-over before Kubernetes kills it
      terminationGracePeriodSeconds: {{ add (mul $root.Values.shutdownTimeoutSeconds 2) 15 }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $root.Values.migrations.enabled }}
      initContainers:
        - name: migrate
          image: {{ include "flowmeter.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: ["migrate"]
          {{- include "flowmeter.env" $root | nindent 10 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          resources:
            {{- toYaml $root.Values.migrations.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      {{- end }}
      containers:
        - name: flowmeter
          image: {{ include "flowmeter.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- include "flowmeter.env" $root | nindent 10 }}
            - name: FLOWMETER_ROLES
              value: {{ $role }}
            - name: FLOWMETER_DB_POOL_SIZE
              value: {{ $values.pools.runtime | quote }}
            - name: FLOWMETER_DB_JOBS_POOL_SIZE
              value: {{ $values.pools.jobs | quote }}
            - name: FLOWMETER_DB_PLATFORM_POOL_SIZE
              value: {{ $values.pools.platform | quote }}
          ports:
            - name: http
              containerPort: 8080
            - name: management
              containerPort: {{ $root.Values.managementPort }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: 3
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          {{- if and (eq $role "web") (gt (int $values.preStopSleepSeconds) 0) }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $values.preStopSleepSeconds }}
          {{- end }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpVolume.sizeLimit }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
