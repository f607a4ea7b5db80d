#!/usr/bin/env python3
"""Writes a values document of about SIZE bytes (default 1 MB) with the shapes real charts have:
nested maps, lists of maps, strings that need quoting, numbers, booleans, multi-line strings."""
import sys

size = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
out = open(sys.argv[1], "w")
written = 0
i = 0
while written < size:
    block = f"""component{i}:
  enabled: {'true' if i % 2 else 'false'}
  replicaCount: {i % 7}
  image:
    registry: "registry.example.com/team{i % 13}"
    name: service-{i}
    tag: "v1.{i % 10}.{i % 3}"
    pullPolicy: IfNotPresent
  resources:
    limits: {{cpu: "{i % 4 + 1}", memory: {i * 16 % 2048}Mi}}
    requests: {{cpu: 100m, memory: 64Mi}}
  env:
  - name: LOG_LEVEL
    value: "info"
  - name: PORT
    value: "{8000 + i % 1000}"
  - name: RATIO
    value: 0.{i % 97}
  annotations:
    description: "Component number {i}: it serves requests, keeps state and reports metrics on: port {9000 + i}"
    note: yes
  script: |
    #!/bin/sh
    echo starting component {i}
    exec /bin/server --port={8000 + i % 1000}
  tolerations: []
  nodeSelector: {{}}
"""
    out.write(block)
    written += len(block)
    i += 1
out.close()
