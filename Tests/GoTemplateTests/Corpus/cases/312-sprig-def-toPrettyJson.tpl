{{ toPrettyJson .Values.dict }}
{{ toPrettyJson .Values.emptyList }} {{ toPrettyJson 1 }}