import EnvTest
import Testing

/// Every feature switch of the built-in chart, rendered and judged by a real kube-apiserver with
/// `osm install --dry-run=server` (dryRun=All: validation, defaulting and admission, nothing stored).
@Suite(.timeLimit(.minutes(15))) struct ChartShapeTests {
    static let shapes: [(String, [String])] = [
        ("defaults", []),
        ("seed", ["--set", "osm.enablePermissiveTrafficPolicy=true,osm.deployPrometheus=true,osm.deployGrafana=true,osm.deployJaeger=true"]),
        ("grafana-renderer", ["--set", "osm.deployGrafana=true,osm.grafana.enableRemoteRendering=true,osm.grafana.port=3001"]),
        ("prometheus-port", ["--set", "osm.deployPrometheus=true,osm.prometheus.port=9090,osm.prometheus.retention.time=2d"]),
        ("jaeger-tracing", ["--set", "osm.deployJaeger=true,osm.tracing.enable=true"]),
        ("external-tracing", ["--set", "osm.tracing.enable=true,osm.tracing.address=collector.tracing.svc,osm.tracing.port=4318"]),
        ("fluentbit", ["--set", "osm.enableFluentbit=true"]),
        ("fluentbit-azure-proxy", ["--set", "osm.enableFluentbit=true,osm.fluentBit.outputPlugin=azure,osm.fluentBit.workspaceId=ws,osm.fluentBit.primaryKey=key,osm.fluentBit.enableProxySupport=true,osm.fluentBit.httpProxy=http://proxy:3128,osm.fluentBit.httpsProxy=http://proxy:3129"]),
        ("autoscale", ["--set", "osm.osmController.autoScale.enable=true,osm.injector.autoScale.enable=true,osm.osmController.autoScale.maxReplicas=7"]),
        ("pdb-replicas", ["--set", "osm.osmController.enablePodDisruptionBudget=true,osm.injector.enablePodDisruptionBudget=true,osm.osmController.replicaCount=3,osm.injector.replicaCount=2"]),
        ("vault-token", ["--set", "osm.certificateProvider.kind=vault,osm.vault.host=vault.vault.svc,osm.vault.token=token,osm.vault.protocol=https"]),
        ("vault-secret", ["--set", "osm.certificateProvider.kind=vault,osm.vault.host=vault,osm.vault.secret.name=vault-token,osm.vault.secret.key=token"]),
        ("cert-manager", ["--set", "osm.certificateProvider.kind=cert-manager,osm.certmanager.issuerKind=ClusterIssuer,osm.certmanager.issuerName=mesh-ca"]),
        ("mesh-root-certificate", ["--set", "osm.featureFlags.enableMeshRootCertificate=true"]),
        ("mesh-root-certificate-vault", ["--set", "osm.featureFlags.enableMeshRootCertificate=true,osm.certificateProvider.kind=vault,osm.vault.host=vault,osm.vault.secret.name=s,osm.vault.secret.key=k"]),
        ("image-tag-pull-secrets-labels", ["--set", "osm.image.tag=v1.2.4,osm.image.registry=registry.example.com/osm,osm.image.pullPolicy=Always,osm.imagePullSecrets[0].name=regcred,osm.osmController.podLabels.team=mesh,osm.injector.podLabels.team=mesh"]),
        ("resource-overrides", ["--set", "osm.osmController.resource.limits.cpu=2,osm.osmController.resource.requests.memory=256M,osm.injector.resource.limits.memory=1G,osm.osmBootstrap.resource.requests.cpu=50m"]),
        ("placement", ["--set", "osm.osmBootstrap.nodeSelector.pool=system,osm.injector.nodeSelector.zone=a,osm.prometheus.nodeSelector.disk=ssd,osm.deployPrometheus=true",
                       "--set-json", #"osm.controlPlaneTolerations=[{"key":"dedicated","operator":"Equal","value":"mesh","effect":"NoSchedule"}]"#,
                       "--set-json", #"osm.osmController.tolerations=[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}]"#,
                       "--set-json", #"osm.osmController.affinity={"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"podAffinityTerm":{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"app":"osm-controller"}}}}]}}"#]),
        ("multicluster-style", ["--set", "osm.trustDomain=east.mesh.example.com,osm.caBundleSecretName=east-ca-bundle,osm.webhookConfigNamePrefix=east-webhook,osm.validatorWebhook.webhookConfigurationName=east-validator"]),
        ("traffic-settings", ["--set", "osm.enablePermissiveTrafficPolicy=false,osm.enableEgress=false,osm.localProxyMode=PodIP,osm.enableReconciler=true,osm.enableDebugServer=true,osm.envoyLogLevel=debug,osm.controllerLogLevel=trace,osm.maxDataPlaneConnections=100,osm.configResyncInterval=30s,osm.enablePrivilegedInitContainer=true",
                              "--set-json", #"osm.outboundIPRangeExclusionList=["10.0.0.0/8"]"#, "--set-json", "osm.outboundPortExclusionList=[6379]",
                              "--set-json", "osm.inboundPortExclusionList=[8080]", "--set-json", #"osm.networkInterfaceExclusionList=["eth1"]"#]),
        ("feature-flags", ["--set", "osm.featureFlags.enableWASMStats=false,osm.featureFlags.enableEgressPolicy=false,osm.featureFlags.enableAsyncProxyServiceMapping=true,osm.featureFlags.enableEnvoyActiveHealthChecks=true,osm.featureFlags.enableSnapshotCacheMode=true,osm.featureFlags.enableRetryPolicy=true"]),
    ]

    @Test(arguments: shapes.map(\.0))
    func theClusterAcceptsEveryObject(_ shape: String) async throws {
        let plane = try await ControlPlane.shared()
        let sets = Self.shapes.first { $0.0 == shape }?.1 ?? []
        let run = await osmInProcess(["install", "--dry-run=server", "--enforce-single-mesh=false", "--mesh-name", uniqueName("shape"),
                                      "--osm-namespace", uniqueName("osm")] + sets, kubeconfig: plane.kubeconfig)
        #expect(run.status == 0, "\(shape): \(run.stderr)")
        #expect(run.stderr == "")
        #expect(run.stdout.contains("kind: Deployment"))
    }
}
