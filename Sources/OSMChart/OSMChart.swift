// The OSMChart target holds only data: `EmbeddedChart` (charts/osm as Swift strings) is generated into
// it at build time by the EmbedChart plugin (Plugins/EmbedChart, running Sources/embed-chart).
