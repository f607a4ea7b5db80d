#!/usr/bin/env python3
"""Writes DIR: Benchmarks/chart plus a packaged subchart (charts/osm of this repository, renamed
`addon`, as charts/addon-1.2.4.tgz) that its condition `addon.enabled` leaves disabled.
The render benchmark uses it to time what a disabled packaged subchart costs.

    Benchmarks/make-addon-chart.py DIR
"""
import io, os, shutil, sys, tarfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
shutil.copytree(os.path.join(root, "Benchmarks", "chart"), out)
with open(os.path.join(out, "Chart.yaml"), "a") as fh:
    fh.write("dependencies:\n  - name: addon\n    version: 1.2.4\n    condition: addon.enabled\n")
with open(os.path.join(out, "values.yaml"), "a") as fh:
    fh.write("\naddon:\n  enabled: false\n")
os.makedirs(os.path.join(out, "charts"))
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.USTAR_FORMAT) as tar:
    src = os.path.join(root, "charts", "osm")
    for dirpath, dirnames, filenames in sorted(os.walk(src)):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            data = open(path, "rb").read()
            if rel == "Chart.yaml":
                data = data.replace(b"name: osm\n", b"name: addon\n")
            info = tarfile.TarInfo("addon/" + rel)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
open(os.path.join(out, "charts", "addon-1.2.4.tgz"), "wb").write(buf.getvalue())
print(out)
