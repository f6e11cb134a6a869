package io.mooring.core.render.rediscluster;

import static io.mooring.core.testing.RenderedObjects.decoded;
import static io.mooring.core.testing.RenderedObjects.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.redis.RedisUserSecret;
import io.mooring.core.spec.RedisAclUser;
import io.mooring.core.spec.RedisClusterSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.SecretKeyRef;
import io.mooring.core.tls.NamespaceCa;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.ServerCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A RedisCluster's TLS and ACL users as rendered objects: every node of every shard gets them. */
class RedisClusterTlsAndUsersRenderTest {
  private static final RedisClusterSpec PLAIN = RedisClusterTestSpecs.spec("c", 3, 1, true);
  private static final RedisClusterSpec TLS = PLAIN.withTls(RedisTls.OWN_CA);
  private static final RedisClusterSpec USERS =
      PLAIN.withAclUsers(
          List.of(
              new RedisAclUser(
                  "app",
                  "~app:*  +@read +@write",
                  Optional.of(new SecretKeyRef("app-redis", "pw"))),
              new RedisAclUser("reports", "%R~reports:* +@read", Optional.empty())));
  private static final RedisClusterNames NAMES =
      new RedisClusterNames(PLAIN.ref(), "cluster.local");

  private static DesiredState render(RedisClusterSpec spec) {
    return RedisClusterRenderer.render(spec, RedisClusterTestSpecs.OPTIONS);
  }

  private static String redisConf(DesiredState state) {
    return named(state, ConfigMap.class, NAMES.config()).getData().get("redis.conf");
  }

  private static Container container(DesiredState state, int shard, boolean init) {
    StatefulSet set = named(state, StatefulSet.class, NAMES.shard(shard));
    return init
        ? set.getSpec().getTemplate().getSpec().getInitContainers().get(0)
        : set.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void everyNodeServesReplicatesAndTalksOnTheBusOverTlsOnly() {
    String conf = redisConf(render(TLS));

    assertThat(conf)
        .contains("\nport 0\n")
        .contains("\ntls-port 6379\n")
        .contains("\ntls-cert-file /etc/mooring-tls/tls.crt\n")
        .contains("\ntls-key-file /etc/mooring-tls/tls.key\n")
        .contains("\ntls-ca-cert-file /etc/mooring-tls/ca.crt\n")
        .contains("\ntls-auth-clients no\n")
        .contains("\ntls-replication yes\n")
        .contains("\ntls-cluster yes\n")
        .doesNotContain("\nport 6379\n");
    assertThat(redisConf(render(PLAIN)))
        .as("Mooring's own users are in the ACL file even without spec users")
        .contains("\nport 6379\n")
        .contains("\naclfile /data/users.acl\n")
        .doesNotContain("tls-");
  }

  @Test
  void theCertificateNamesEveryNodeOfEveryShardAndTheServicesAndComesFromTheNamespaceCa()
      throws Exception {
    DesiredState state = render(TLS);
    Secret tls = named(state, Secret.class, NAMES.tlsSecret());
    X509Certificate certificate = Pem.certificate(decoded(tls, ServerCertificate.CERT_KEY));
    List<String> names =
        certificate.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();

    for (int shard = 0; shard < 3; shard++) {
      for (int ordinal = 0; ordinal < 2; ordinal++) {
        assertThat(names).contains(NAMES.podFqdn(shard, ordinal));
      }
    }
    assertThat(names)
        .contains(NAMES.serviceFqdn(NAMES.client()), NAMES.client(), "localhost")
        .doesNotContain(NAMES.podFqdn(3, 0), NAMES.podFqdn(0, 2));
    Secret ca = named(state, Secret.class, NamespaceCa.SECRET_NAME);
    certificate.verify(Pem.certificate(decoded(ca, NamespaceCa.CERT_KEY)).getPublicKey());

    DesiredState again =
        RedisClusterRenderer.render(
            TLS, RedisClusterTestSpecs.OPTIONS, LiveSecrets.of(state.objects()));
    assertThat(named(again, Secret.class, NAMES.tlsSecret()).getData())
        .as("the live certificate is kept")
        .isEqualTo(tls.getData());
    DesiredState scaledOut =
        RedisClusterRenderer.render(
            RedisClusterTestSpecs.spec("c", 4, 1, true).withTls(RedisTls.OWN_CA),
            RedisClusterTestSpecs.OPTIONS,
            LiveSecrets.of(state.objects()));
    X509Certificate reissued =
        Pem.certificate(
            decoded(named(scaledOut, Secret.class, NAMES.tlsSecret()), ServerCertificate.CERT_KEY));
    assertThat(reissued.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
        .as("a new shard's nodes are named by a new certificate")
        .contains(NAMES.podFqdn(3, 1));
  }

  @Test
  void probesTheExporterAndTheConnectionSecretSpeakTls() {
    DesiredState state = render(TLS);
    Container redis = container(state, 1, false);
    assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand()))
        .contains("redis-cli --tls --cacert /etc/mooring-tls/ca.crt");
    assertThat(String.join(" ", redis.getLivenessProbe().getExec().getCommand()))
        .contains("--tls --cacert /etc/mooring-tls/ca.crt");
    assertThat(redis.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/mooring-tls"));
    StatefulSet shard = named(state, StatefulSet.class, NAMES.shard(1));
    assertThat(shard.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(NAMES.tlsSecret()));

    Deployment exporter = named(state, Deployment.class, NAMES.exporter());
    Container container = exporter.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .contains("--tls-ca-cert-file=/etc/mooring-tls/ca.crt")
        .anySatisfy(a -> assertThat(a).startsWith("--redis.addr=rediss://"));
    assertThat(
            exporter.getSpec().getTemplate().getSpec().getVolumes().get(0).getSecret().getItems())
        .as("the exporter gets the CA only, no key")
        .singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo(ServerCertificate.CA_KEY));
    assertThat(
            named(state, Service.class, NAMES.exporter())
                .getMetadata()
                .getAnnotations()
                .get(RedisClusterExporterModel.SCRAPE_TARGETS_ANNOTATION)
                .split(","))
        .hasSize(6)
        .allSatisfy(target -> assertThat(target).startsWith("rediss://"));

    Secret connection = named(state, Secret.class, "c-cluster-conn");
    assertThat(decoded(connection, "REDIS_SSL")).isEqualTo("true");
    assertThat(decoded(connection, "REDIS_HOST")).isEqualTo(NAMES.serviceFqdn(NAMES.client()));
    assertThat(decoded(connection, "REDIS_URI")).startsWith("rediss://default:");
    assertThat(decoded(connection, "REDIS_CA_CERT"))
        .isEqualTo(
            decoded(named(state, Secret.class, NAMES.tlsSecret()), ServerCertificate.CA_KEY));
    assertThat(decoded(connection, "REDIS_PASSWORD"))
        .isEqualTo(
            decoded(
                named(state, Secret.class, NAMES.authSecret()),
                io.mooring.core.render.redis.RedisAuthSecret.PASSWORD_KEY));

    Secret plain = named(render(PLAIN), Secret.class, "c-cluster-conn");
    assertThat(decoded(plain, "REDIS_SSL")).isEqualTo("false");
    assertThat(plain.getData()).doesNotContainKey("REDIS_CA_CERT");
  }

  @Test
  void usersReachEveryNodeThroughTheConfigMapTheStartScriptAndSecretsNeverAsLiterals() {
    DesiredState state = render(USERS);
    ConfigMap config = named(state, ConfigMap.class, NAMES.config());

    assertThat(config.getData().get(RedisUserSecret.USERS_FILE))
        .isEqualTo("app ~app:* +@read +@write\nreports %R~reports:* +@read\n");
    assertThat(config.getData().get("redis.conf")).contains("\naclfile /data/users.acl\n");
    assertThat(config.getData().get("start.sh")).contains("users.acl");
    Secret generated = named(state, Secret.class, "c-cluster-user-reports");
    assertThat(generated.getMetadata().getAnnotations())
        .containsEntry(MooringLabels.GENERATED_KEYS_ANNOTATION, RedisUserSecret.PASSWORD_KEY);
    String password = decoded(generated, RedisUserSecret.PASSWORD_KEY);
    assertThat(config.getData().values()).noneSatisfy(v -> assertThat(v).contains(password));

    for (int shard = 0; shard < 3; shard++) {
      List<EnvVar> env = container(state, shard, true).getEnv();
      assertThat(env)
          .filteredOn(e -> e.getName().equals("ACL_USER_PASSWORD_0"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("app-redis");
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
              });
      assertThat(env)
          .filteredOn(e -> e.getName().equals("ACL_USER_PASSWORD_1"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getValueFrom().getSecretKeyRef().getName())
                      .isEqualTo("c-cluster-user-reports"));
    }
    assertThat(
            named(
                    RedisClusterRenderer.render(
                        USERS, RedisClusterTestSpecs.OPTIONS, LiveSecrets.of(state.objects())),
                    Secret.class,
                    "c-cluster-user-reports")
                .getData())
        .as("a generated password is kept")
        .isEqualTo(generated.getData());
  }

  @Test
  void changedRulesRollNoNodeWhileAClusterWithoutUsersOrTlsKeepsItsTemplate() {
    assertThat(template(render(USERS)))
        .as("users change the start container's env: the nodes roll once")
        .isNotEqualTo(template(render(PLAIN)));
    RedisClusterSpec otherRules =
        PLAIN.withAclUsers(
            List.of(
                new RedisAclUser(
                    "app", "~app:* +@read", Optional.of(new SecretKeyRef("app-redis", "pw"))),
                new RedisAclUser("reports", "%R~reports:* +@all", Optional.empty())));
    assertThat(template(render(otherRules))).isEqualTo(template(render(USERS)));
    assertThat(render(PLAIN).objects().stream().map(o -> o.getMetadata().getName()))
        .noneSatisfy(name -> assertThat(name).endsWith("-tls"))
        .noneSatisfy(name -> assertThat(name).isEqualTo(NamespaceCa.SECRET_NAME));
  }

  private static PodTemplateSpec template(DesiredState state) {
    return named(state, StatefulSet.class, NAMES.shard(0)).getSpec().getTemplate();
  }
}
