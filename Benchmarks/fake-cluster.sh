# Sourced by the benchmarks that run against the loopback TLS fake API server.
# `start_fake_cluster PRODUCT...` builds fake-apiserver and the products (release, static Swift
# runtime as scripts/build-release.sh builds), starts the server, and sets: $bin (build folder),
# $work (scratch folder, removed on exit unless KEEP is set) and $work/kubeconfig (token auth).
start_fake_cluster() {
  local scratch=.build-static product
  local link_flags=($(scripts/release-link-flags "$scratch"))
  for product in fake-apiserver "$@"; do
    swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --product "$product" >/dev/null
  done
  bin="$(swift build -c release --static-swift-stdlib "${link_flags[@]}" --scratch-path "$scratch" --show-bin-path)"
  work="$(mktemp -d)"
  "$bin/fake-apiserver" Tests/Support/TLS bench-token >"$work/url" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
  for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
  cat >"$work/kubeconfig" <<YAML
apiVersion: v1
kind: Config
current-context: bench
clusters:
- name: fake
  cluster:
    server: $(cat "$work/url")
    certificate-authority-data: $(base64 -w0 Tests/Support/TLS/ca.crt)
contexts:
- name: bench
  context: {cluster: fake, user: bench}
users:
- name: bench
  user: {token: bench-token}
YAML
}
