// swift-tools-version:6.0
// The package reads as the architecture: each MARK is a layer, and dependencies only point down.
import PackageDescription

let package = Package(
    name: "osm",
    products: [
        .executable(name: "osm", targets: ["osm"]),
    ],
    targets: [
        // MARK: - Entry point
        /// The `osm` binary: hands argv and the live environment to OSMCommands.
        .executableTarget(name: "osm", dependencies: ["OSMCommands", "CProcessStart"]),
        /// Counts a Ctrl-C that arrives before main() takes over the signal (installed by the loader).
        .target(name: "CProcessStart"),

        // MARK: - Commands
        /// The osm command tree: flags, argument rules, output formatting; knows no HTTP and no YAML internals.
        .target(name: "OSMCommands", dependencies: ["CLI", "OSMKit", "KubeClient", "YAML", "ValueKit"]),
        /// osm actions and shared osm facts (environment config, build information).
        .target(name: "OSMKit", dependencies: ["ValueKit", "YAML", "HelmEngine", "KubeClient", "CLI", "OSMChart"]),
        /// Data only: charts/osm as Swift strings, generated at build time (Plugins/EmbedChart).
        .target(name: "OSMChart", plugins: ["EmbedChart"]),
        .executableTarget(name: "embed-chart", path: "Sources/embed-chart"),
        .plugin(name: "EmbedChart", capability: .buildTool(), dependencies: ["embed-chart"]),
        /// A cobra/pflag-compatible command framework: flag syntax, errors, help, tables, completions, man pages.
        .target(name: "CLI", dependencies: ["ValueKit"]),

        // MARK: - Cluster
        /// Kubernetes client over libcurl; knows nothing of osm.
        .target(name: "KubeClient", dependencies: ["CCurl", "CCurlShim", "CZlib", "ValueKit", "YAML"]),

        // MARK: - Helm
        /// Helm's chart engine pieces; so far its template functions (include, tpl, toYaml, …).
        .target(name: "HelmEngine", dependencies: ["GoTemplate", "Sprig", "YAML", "ValueKit", "CZlib"]),

        // MARK: - Templates
        /// Sprig v3's template functions, one file per family.
        .target(name: "Sprig", dependencies: ["GoTemplate", "ValueKit", "CCryptoShim"]),
        /// Go's text/template language: lexer, parser, executor, fmt printing; knows nothing of Helm or YAML.
        .target(name: "GoTemplate", dependencies: ["ValueKit"]),

        // MARK: - Data
        /// YAML with the semantics Helm gets from go-yaml v2 and sigs.k8s.io/yaml, over libyaml.
        .target(name: "YAML", dependencies: ["CYAML", "ValueKit"]),
        /// The dynamic value shared by YAML, JSON and templates, with Go's JSON and number formatting.
        .target(name: "ValueKit"),

        // MARK: - System libraries
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// libcurl's headers only: the library is loaded on first use by CCurlShim (dlopen).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        /// OpenSSL (keys, X.509, scrypt) and libcrypt (bcrypt) for Sprig's certificate and password functions,
        /// opened on first use (dlopen) so that start-up does not load them.
        .target(name: "CCryptoShim"),
        /// Fixed-type wrappers for curl's variadic setopt/getinfo.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // MARK: - Benchmarks
        /// Parse + toYaml of a values file, timed against the Go oracle by Benchmarks/yaml.sh.
        .executableTarget(name: "yaml-bench", dependencies: ["YAML"], path: "Benchmarks/yaml-bench"),
        /// A chart rendered N times, timed against the Go oracle by Benchmarks/template.sh.
        .executableTarget(
            name: "template-bench", dependencies: ["GoTemplate", "HelmEngine", "YAML", "ValueKit"],
            path: "Benchmarks/template-bench"),
        /// A chart rendered N times through HelmRenderer (the `osm install --dry-run` path), for Benchmarks/render.sh.
        .executableTarget(name: "render-bench", dependencies: ["HelmEngine", "ValueKit"], path: "Benchmarks/render-bench"),

        /// Server-side apply of a manifest file through KubeClient, timed against kubectl by Benchmarks/client.sh.
        .executableTarget(name: "client-bench", dependencies: ["KubeClient", "YAML", "ValueKit"], path: "Benchmarks/client-bench"),
        /// The watch-driven kubelet stand-in of the integration tests as a process, for Benchmarks/install.sh.
        .executableTarget(name: "kubelet-standin", dependencies: ["EnvTest"], path: "Benchmarks/kubelet-standin"),
        /// The fake API server on a loopback TLS port, for Benchmarks/client.sh (kubectl against it).
        .executableTarget(name: "fake-apiserver", dependencies: ["KubeFake"], path: "Benchmarks/fake-apiserver"),

        // MARK: - Test support
        /// An in-memory kube-apiserver, also served over loopback TLS; used by tests and Benchmarks/client.sh.
        .target(name: "KubeFake", dependencies: ["KubeClient", "ValueKit", "YAML", "CTLSServer"], path: "Tests/Support/KubeFake"),
        /// The real control plane for integration tests: `../shared/envtest` started once per test run, and a kubelet stand-in.
        .target(name: "EnvTest", dependencies: ["KubeClient", "ValueKit"], path: "Tests/Support/EnvTest"),
        /// OpenSSL's server side for the loopback fake (tests only; the client uses libcurl).
        .target(name: "CTLSServer", path: "Tests/Support/CTLSServer", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),

        // MARK: - Tests
        .testTarget(name: "ValueKitTests", dependencies: ["ValueKit"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "ValueKit"], exclude: ["Corpus"]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "ValueKit"]),
        .testTarget(name: "OSMCommandsTests", dependencies: ["OSMCommands", "CLI", "OSMKit", "OSMChart", "KubeFake", "KubeClient", "ValueKit", "HelmEngine", "YAML"],
                    exclude: ["Upstream", "Completion"]),
        /// The osm binary and its actions against a real kube-apiserver and controller manager (envtest).
        .testTarget(name: "IntegrationTests", dependencies: ["EnvTest", "OSMCommands", "OSMKit", "KubeClient", "CLI", "ValueKit", "YAML", "HelmEngine"],
                    exclude: ["Charts"]),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "KubeFake", "ValueKit"], exclude: ["Fixtures"]),
        .testTarget(name: "HelmEngineTests", dependencies: ["HelmEngine", "ValueKit", "YAML"], exclude: ["Charts", "Releases", "OSMChart", "Sweep", "PublicCharts", "Peers"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate", "Sprig", "HelmEngine", "ValueKit", "YAML"], exclude: ["Corpus"]),
    ]
)
