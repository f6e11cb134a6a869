{{/* Names and labels shared by every template. */}}

{{- define "mooring.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mooring.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mooring.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mooring.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Mooring's own objects are managed by Helm; "managed-by: mooring" is reserved for what it applies. */}}
{{- define "mooring.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "mooring.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "mooring.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mooring.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "mooring.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Two replicas reconciling at once would fight over the same objects, hence the forced election. */}}
{{- define "mooring.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) (gt (int .Values.shards) 1) }}true{{ end }}
{{- end }}

{{/* The Lease, and the ConfigMap beside it, are per release: two releases in one namespace never share them. */}}
{{- define "mooring.leaseName" -}}
{{- default (printf "%s-leader" (include "mooring.fullname" .) | trunc 63 | trimSuffix "-") .Values.leaderElection.leaseName }}
{{- end }}

{{/* Where SSH host keys are read from: the pinned known_hosts Secret, or a writable file in the data dir for trust on first use. */}}
{{- define "mooring.knownHostsFile" -}}
{{- if .Values.git.acceptNewHostKeys }}/var/lib/mooring/known_hosts{{ else if .Values.git.credentials.knownHostsKey }}/etc/mooring/git/known_hosts{{ end }}
{{- end }}

{{- define "mooring.gitCredentialsMounted" -}}
{{- $c := .Values.git.credentials }}
{{- if and $c.existingSecret (or $c.tokenKey $c.sshPrivateKeyKey $c.knownHostsKey) }}true{{ end }}
{{- end }}

{{- define "mooring.webhookSecretsMounted" -}}
{{- $w := .Values.webhooks }}
{{- if and $w.existingSecret (or $w.githubSecretKey $w.gitlabTokenKey) }}true{{ end }}
{{- end }}

{{/*
The rules Mooring needs in every namespace it manages: exactly the verbs its engine uses (ChartRbacIT
derives them from the code). Informers list and watch; server-side apply, the retained label, volume
expansion and annotation removal patch; prune deletes; a StatefulSet re-created to change an immutable
field is read until it is gone.
*/}}
{{- define "mooring.managedRules" -}}
# Objects are written by server-side apply, which the API server authorises as create as well as
# patch when the object does not exist yet.
- apiGroups: [""]
  resources: ["secrets", "configmaps", "services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# cert-manager Certificates of the Redis apps whose tls names an issuerRef, watched where cert-manager
# is installed. A server-side apply that creates an object is authorised as create besides patch.
- apiGroups: ["cert-manager.io"]
  resources: ["certificates"]
  verbs: ["list", "watch", "create", "patch", "delete"]
# Volumes are only ever expanded; deleting one needs rbac.allowDataDeletion.
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "watch", "create", "patch"{{ if .Values.rbac.allowDataDeletion }}, "delete"{{ end }}]
# An ACL user's own Secret (passwordSecretRef) is not Mooring's: it is read when needed, not watched.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# Redis rolls (OnDelete): the pods of a set are listed and deleted one at a time in the safe order.
# Backups: the backup sidecar's script is run in the Redis pods to list and take backups. An exec
# over a WebSocket is authorised as `get` by older API servers and as `create` by newer ones.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "delete"]
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["get", "create"]
{{- end }}
