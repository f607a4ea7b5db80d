{{ toYaml .Values.dict }}
---
{{ toYaml .Values.mixed }}
---
{{ toYaml .Values.str }}|{{ toYaml nil }}|{{ toYaml .Values.emptyMap }}