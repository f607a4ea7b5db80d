del(.properties.beyla.properties.config.properties.data.properties)
