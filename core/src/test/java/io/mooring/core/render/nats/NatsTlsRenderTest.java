package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.tls.Pem;
import io.mooring.core.tls.RenewalRule;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a NATS spec with {@code tls.enabled} renders, and what later renders keep. */
class NatsTlsRenderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final NatsSpec SPEC =
      NatsSpecs.builder("bus").replicas(3).jetstream(true, "1Gi").tls(true).build();

  private static DesiredState render(NatsSpec spec, LiveSecrets live, Instant at) {
    RenderOptions options = NatsSpecs.OPTIONS.withClock(Clock.fixed(at, ZoneOffset.UTC));
    return NatsRenderer.render(spec, options, live);
  }

  private static <T extends HasMetadata> T named(DesiredState state, Class<T> kind, String name) {
    return state.objects().stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  private static String value(Secret secret, String key) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static X509Certificate served(DesiredState state) {
    return Pem.certificate(value(named(state, Secret.class, "bus-nats-tls"), "tls.crt"));
  }

  private static Container server(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void everyPodMountsTheCertificateSecretThatNamesEachPodAndTheServices() throws Exception {
    DesiredState state = render(SPEC, LiveSecrets.NONE, NOW);

    Secret tls = named(state, Secret.class, "bus-nats-tls");
    Secret ca = named(state, Secret.class, "mooring-ca");
    assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(tls.getMetadata().getLabels()).containsEntry(MooringLabels.APP, "nats.bus");
    assertThat(ca.getMetadata().getLabels()).doesNotContainKey(MooringLabels.APP);
    served(state).verify(Pem.certificate(value(ca, "ca.crt")).getPublicKey());
    assertThat(served(state).getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(1))
        .contains(
            "bus-nats.tenant-x.svc.cluster.local",
            "bus-nats-2.bus-nats-headless.tenant-x.svc.cluster.local",
            "localhost");
    StatefulSet set = named(state, StatefulSet.class, "bus-nats");
    PodSpec pod = set.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("bus-nats-tls");
    assertThat(server(set).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/nats-tls"));
    assertThat(server(set).getVolumeMounts()).allSatisfy(m -> assertThat(m.getSubPath()).isNull());
    assertThat(String.join(" ", server(set).getCommand()))
        .contains("--signal reload=/var/run/nats/nats.pid")
        .endsWith("exec nats-server --config /etc/nats-config/nats.conf");
  }

  @Test
  void theConnectionSecretCarriesTheCaAndATlsUri() {
    DesiredState state = render(SPEC, LiveSecrets.NONE, NOW);

    Secret conn = named(state, Secret.class, "bus-nats-conn");
    assertThat(value(conn, "NATS_SSL")).isEqualTo("true");
    assertThat(value(conn, "NATS_CA_CERT"))
        .isEqualTo(value(named(state, Secret.class, "mooring-ca"), "ca.crt"));
    assertThat(value(conn, "NATS_URI")).startsWith("tls://");
    assertThat(value(conn, "NATS_PORT")).isEqualTo("4222");
  }

  @Test
  void aLaterRenderKeepsTheLiveCaAndCertificate() {
    DesiredState first = render(SPEC, LiveSecrets.NONE, NOW);

    DesiredState next = render(SPEC, LiveSecrets.of(first.objects()), NOW.plusSeconds(3600));

    assertThat(named(next, Secret.class, "mooring-ca").getData())
        .isEqualTo(named(first, Secret.class, "mooring-ca").getData());
    assertThat(named(next, Secret.class, "bus-nats-tls").getData())
        .isEqualTo(named(first, Secret.class, "bus-nats-tls").getData());
  }

  @Test
  void aRenewalChangesTheCertificateButNeitherTheConfigNorThePodTemplate() {
    DesiredState first = render(SPEC, LiveSecrets.NONE, NOW);
    Instant due = RenewalRule.renewAt(served(first));

    DesiredState renewed = render(SPEC, LiveSecrets.of(first.objects()), due);

    assertThat(served(renewed).getSerialNumber()).isNotEqualTo(served(first).getSerialNumber());
    assertThat(named(renewed, StatefulSet.class, "bus-nats"))
        .as("no roll: the servers reload the mounted files")
        .isEqualTo(named(first, StatefulSet.class, "bus-nats"));
    assertThat(named(renewed, ConfigMap.class, "bus-nats-config"))
        .isEqualTo(named(first, ConfigMap.class, "bus-nats-config"));
    assertThat(named(renewed, Secret.class, "mooring-ca").getData())
        .isEqualTo(named(first, Secret.class, "mooring-ca").getData());
  }

  @Test
  void aFourthServerGetsACertificateThatNamesIt() throws Exception {
    DesiredState three = render(SPEC, LiveSecrets.NONE, NOW);
    NatsSpec four = NatsSpecs.builder("bus").replicas(4).jetstream(true, "1Gi").tls(true).build();

    DesiredState grown = render(four, LiveSecrets.of(three.objects()), NOW);

    assertThat(served(grown).getSerialNumber()).isNotEqualTo(served(three).getSerialNumber());
    assertThat(served(grown).getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(1))
        .contains("bus-nats-3.bus-nats-headless.tenant-x.svc.cluster.local");
  }

  @Test
  void withoutTlsThereIsNoCertificateNorCa() {
    NatsSpec plain = NatsSpecs.builder("bus").replicas(3).build();

    DesiredState state = render(plain, LiveSecrets.NONE, NOW);

    assertThat(state.objects())
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain("bus-nats-tls", "mooring-ca");
    assertThat(server(named(state, StatefulSet.class, "bus-nats")).getCommand())
        .isEqualTo(List.of("nats-server", "--config", "/etc/nats-config/nats.conf"));
  }
}
