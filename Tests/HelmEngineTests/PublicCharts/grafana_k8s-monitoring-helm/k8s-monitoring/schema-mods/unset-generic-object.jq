del(.definitions["otlp-destination"].properties.processors.properties.transform.properties.logs.properties.logToResource.properties) |
del(.definitions["otlp-destination"].properties.processors.properties.transform.properties.metrics.properties.datapointToResource.properties)
