a{{ .Values.str 
 b