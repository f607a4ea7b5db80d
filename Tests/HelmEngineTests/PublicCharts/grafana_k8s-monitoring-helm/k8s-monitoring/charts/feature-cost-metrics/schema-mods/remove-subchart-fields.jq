del(.properties["node-exporter"].properties.service)
