package io.mooring.core.render.redis;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code tls.enabled: true} changes in a Redis app's objects. */
class RedisTlsRenderTest {
  private final RedisSpec spec = RedisTestSpecs.seedThreeReplicas().withTls(RedisTls.OWN_CA);
  private final DesiredState state = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
  private final RedisNames names = new RedisNames(spec.ref(), "cluster.local");

  @Test
  void redisAndSentinelServeTlsOnlyAndReplicateAndMonitorOverIt() {
    String redisConf = config(names.redisConfig()).get("redis.conf");
    assertThat(redisConf.lines())
        .contains(
            "port 0",
            "tls-port 6379",
            "tls-cert-file \"/etc/mooring-tls/tls.crt\"",
            "tls-key-file \"/etc/mooring-tls/tls.key\"",
            "tls-ca-cert-file \"/etc/mooring-tls/ca.crt\"",
            "tls-auth-clients no",
            "tls-replication yes")
        .doesNotContain("port 6379");
    String sentinelConf = config(names.sentinelConfig()).get("sentinel.conf");
    assertThat(sentinelConf.lines())
        .contains("port 0", "tls-port 26379", "tls-replication yes")
        .doesNotContain("port 26379");
  }

  @Test
  void scriptsAndProbesCallRedisCliWithTheCa() {
    String args = "--tls --cacert /etc/mooring-tls/ca.crt";
    String call = "redis-cli " + args + " --no-auth-warning -h \"$cli_host\"";
    assertThat(config(names.redisConfig()).get("start.sh")).contains(call);
    assertThat(config(names.redisConfig()).get("prestop.sh")).contains(call);
    assertThat(config(names.sentinelConfig()).get("start.sh")).contains(call);
    Container redis = podSpecContainers(object(StatefulSet.class, names.redis())).get(0);
    assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand()))
        .contains(
            "redis-cli "
                + args
                + " --no-auth-warning --user mooring-exporter -h localhost -p 6379 ping");
    Container sentinel =
        object(Deployment.class, names.sentinel())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(String.join(" ", sentinel.getLivenessProbe().getExec().getCommand()))
        .contains(args + " --no-auth-warning -h localhost -p 26379 ping");
    assertThat(redis.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/mooring-tls"));
  }

  @Test
  void theCertificateNamesEveryServiceAndPodAndIsSignedByTheNamespaceCa() throws Exception {
    Secret tls = object(Secret.class, names.tlsSecret());
    assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
    X509Certificate certificate = Pem.certificate(decoded(tls, ServerCertificate.CERT_KEY));
    List<String> sans = new ArrayList<>();
    certificate.getSubjectAlternativeNames().forEach(entry -> sans.add((String) entry.get(1)));
    assertThat(sans)
        .contains(
            "example-redis-master",
            "example-redis-master.default.svc.cluster.local",
            "example-redis.default.svc",
            "example-sentinel.default.svc.cluster.local",
            "example-redis-external.default",
            "example-redis-2.example-redis-headless.default.svc.cluster.local",
            "example-redis-0.example-redis-headless",
            "localhost");
    Secret ca = object(Secret.class, NamespaceCa.SECRET_NAME);
    certificate.verify(Pem.certificate(decoded(ca, NamespaceCa.CERT_KEY)).getPublicKey());
    assertThat(decoded(tls, ServerCertificate.CA_KEY)).isEqualTo(decoded(ca, NamespaceCa.CERT_KEY));
  }

  @Test
  void aSecondRenderFromTheLiveSecretsKeepsTheCaAndTheCertificate() {
    DesiredState again =
        RedisRenderer.render(spec, RedisTestSpecs.OPTIONS, LiveSecrets.of(state.objects()));
    for (String secret : List.of(names.tlsSecret(), NamespaceCa.SECRET_NAME)) {
      assertThat(named(again, Secret.class, secret).getData())
          .as(secret)
          .isEqualTo(object(Secret.class, secret).getData());
    }
  }

  @Test
  void theConnectionSecretSaysSslAndCarriesTheCa() {
    Secret connection =
        state.objects().stream()
            .filter(Secret.class::isInstance)
            .map(Secret.class::cast)
            .filter(s -> s.getData().containsKey("REDIS_SSL"))
            .findFirst()
            .orElseThrow();
    assertThat(decoded(connection, "REDIS_SSL")).isEqualTo("true");
    assertThat(decoded(connection, "REDIS_URI")).startsWith("rediss://");
    assertThat(decoded(connection, "REDIS_CA_CERT"))
        .isEqualTo(decoded(object(Secret.class, names.tlsSecret()), ServerCertificate.CA_KEY));
  }

  @Test
  void theExporterAndTheProxyVerifyTheServersAgainstTheCaAndHoldNoKey() {
    Deployment exporter = object(Deployment.class, names.exporter());
    assertThat(exporter.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains(
            "--redis.addr=rediss://example-sentinel.default.svc.cluster.local:26379",
            "--tls-ca-cert-file=/etc/mooring-tls/ca.crt");
    String haproxy = config(names.masterProxy()).get(RedisMasterProxyModel.HAPROXY_CFG);
    assertThat(haproxy)
        .contains("tcp-check connect ssl\n")
        .contains("check-ssl verify required ca-file /etc/mooring-tls/ca.crt");
    for (Deployment deployment : List.of(exporter, object(Deployment.class, names.masterProxy()))) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(v -> v.getSecret() != null)
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.getSecret().getItems())
                      .singleElement()
                      .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt")));
    }
  }

  @Test
  void noConfigMapHoldsTheKeyAndARenewalRollsTheSentinelsButNoRedisPod() {
    String key =
        decoded(object(Secret.class, names.tlsSecret()), ServerCertificate.PRIVATE_KEY_KEY);
    String keyBody = key.lines().skip(1).findFirst().orElseThrow();
    state.objects().stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .forEach(c -> assertThat(c.getData().values()).noneMatch(v -> v.contains(keyBody)));

    DesiredState renewed = RedisRenderer.render(spec, RedisTestSpecs.OPTIONS);
    assertThat(named(renewed, Secret.class, names.tlsSecret()).getData())
        .isNotEqualTo(object(Secret.class, names.tlsSecret()).getData());
    assertThat(configHash(renewed)).isEqualTo(configHash(state));
    assertThat(sentinelCertificate(renewed)).isNotNull().isNotEqualTo(sentinelCertificate(state));
  }

  private String sentinelCertificate(DesiredState rendered) {
    return named(rendered, Deployment.class, names.sentinel())
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(SentinelModel.CERTIFICATE_ANNOTATION);
  }

  @Test
  void withoutTlsNothingOfItIsRendered() {
    DesiredState plain =
        RedisRenderer.render(RedisTestSpecs.seedThreeReplicas(), RedisTestSpecs.OPTIONS);
    assertThat(plain.objects())
        .noneMatch(o -> o.getMetadata().getName().equals(names.tlsSecret()))
        .noneMatch(o -> o.getMetadata().getName().equals(NamespaceCa.SECRET_NAME));
    assertThat(named(plain, ConfigMap.class, names.redisConfig()).getData().get("redis.conf"))
        .contains("port 6379\n")
        .doesNotContain("tls-");
  }

  @Test
  void aRedisInstancesBackupReachesItsRedisOverTls() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata: {name: orders}
        spec:
          tls: {enabled: true}
          backup:
            schedule: "15 */6 * * *"
            storage: {size: 20Gi}
        """;
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps.yaml", yaml)));
    assertThat(parsed.errors()).isEmpty();
    DesiredState instance =
        RedisRenderer.render((RedisSpec) parsed.specs().get(0), RedisTestSpecs.OPTIONS);

    assertThat(named(instance, ConfigMap.class, "orders-redis-backup-scripts").getData())
        .extractingByKey("redis-backup.sh")
        .asString()
        .contains("redis-cli --tls --cacert /etc/mooring-tls/ca.crt --no-auth-warning");
    Container backup =
        named(instance, StatefulSet.class, "orders-redis")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .stream()
            .filter(c -> c.getName().equals("backup"))
            .findFirst()
            .orElseThrow();
    assertThat(backup.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/mooring-tls"));
    assertThat(backup.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("REDIS_HOST");
              assertThat(e.getValue()).isEqualTo("localhost");
            });
  }

  private String configHash(DesiredState rendered) {
    return named(rendered, StatefulSet.class, names.redis())
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(MooringLabels.CONFIG_HASH_ANNOTATION);
  }

  private static List<Container> podSpecContainers(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers();
  }

  private java.util.Map<String, String> config(String name) {
    return object(ConfigMap.class, name).getData();
  }

  private <T extends HasMetadata> T object(Class<T> type, String name) {
    return named(state, type, name);
  }
}
