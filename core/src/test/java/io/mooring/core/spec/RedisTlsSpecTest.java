package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tls} of both cache.hera.io kinds and Aiven's {@code redis_ssl}, read and checked. */
class RedisTlsSpecTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());

  private static SpecParseResult parse(String yaml) {
    return PARSER.parse(List.of(SpecFile.of("apps/cache.yaml", yaml)));
  }

  private static List<String> errors(SpecParseResult result) {
    return result.errors().stream().map(SpecError::toString).toList();
  }

  @Test
  void aRedisInstanceWithTlsEnabledRunsWithTheNamespacesCa() {
    SpecParseResult result =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: cache
            spec:
              tls:
                enabled: true
            """);

    assertThat(errors(result)).isEmpty();
    assertThat(((RedisSpec) result.specs().get(0)).tls()).isEqualTo(RedisTls.OWN_CA);
  }

  @Test
  void withoutTlsAnAppRunsWithoutIt() {
    SpecParseResult result =
        parse("apiVersion: cache.hera.io/v1alpha1\nkind: RedisInstance\nmetadata:\n  name: c\n");
    assertThat(((RedisSpec) result.specs().get(0)).tls()).isEqualTo(RedisTls.DISABLED);
  }

  @Test
  void badTlsFieldsNameFileLineColumnAndField() {
    SpecParseResult result =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: cache
            spec:
              tls:
                enabled: "maybe"
                verify: true
            """);

    assertThat(result.specs()).isEmpty();
    assertThat(errors(result))
        .anySatisfy(e -> assertThat(e).startsWith("apps/cache.yaml:7:14 spec.tls.enabled:"))
        .anySatisfy(e -> assertThat(e).startsWith("apps/cache.yaml:8:5 spec.tls.verify:"));
  }

  @Test
  void anIssuerRefHasCertManagerIssueTheCertificate() {
    SpecParseResult result =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: cache
            spec:
              tls:
                enabled: true
                issuerRef: {name: my-ca, kind: ClusterIssuer}
            """);

    assertThat(errors(result)).isEmpty();
    RedisTls tls = ((RedisSpec) result.specs().get(0)).tls();
    assertThat(tls.certManager()).isTrue();
    assertThat(tls.issuerRef())
        .contains(new RedisTls.IssuerRef("my-ca", "ClusterIssuer", "cert-manager.io"));
  }

  @Test
  void anIssuerRefIsAnIssuerOfTheAppsNamespaceUnlessToldAndMayNameAnExternalIssuersGroup() {
    SpecParseResult result =
        parse(
            """
            apiVersion: cache.hera.io/v1alpha1
            kind: RedisInstance
            metadata:
              name: cache
            spec:
              tls:
                enabled: true
                issuerRef: {name: vault, group: cas-issuer.jetstack.io}
            """);

    assertThat(errors(result)).isEmpty();
    assertThat(((RedisSpec) result.specs().get(0)).tls().issuerRef())
        .contains(new RedisTls.IssuerRef("vault", "Issuer", "cas-issuer.jetstack.io"));
  }

  @Test
  void aBadIssuerRefIsReportedAtItsFieldAndNothingRuns() {
    String yaml =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisInstance
        metadata:
          name: cache
        spec:
          tls:
            enabled: true
            issuerRef: {name: My_CA, kind: ClusterIssuer, group: "cert manager"}
        """;

    SpecParseResult result = parse(yaml);

    assertThat(result.specs()).isEmpty();
    assertThat(errors(result))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "apps/cache.yaml:8:23 spec.tls.issuerRef.name: must be a DNS-1123"
                            + " subdomain"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "apps/cache.yaml:8:58 spec.tls.issuerRef.group: must be an API group"));
    assertThat(
            errors(
                parse(
                    yaml.replace(
                        "{name: My_CA, kind: ClusterIssuer, group: \"cert manager\"}",
                        "{kind: Issuer, issuer: ca}"))))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:8:16 spec.tls.issuerRef.name: is required"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:8:31 spec.tls.issuerRef.issuer: unknown field"));
  }

  @Test
  void aRedisClusterTakesAnIssuerRefCheckedAsARedisInstancesIs() {
    String cluster =
        """
        apiVersion: cache.hera.io/v1alpha1
        kind: RedisCluster
        metadata:
          name: shards
        spec:
          tls:
            enabled: true
            issuerRef: {kind: Vault}
        """;
    SpecParseResult result = parse(cluster);

    assertThat(result.specs()).isEmpty();
    assertThat(errors(result))
        .anySatisfy(e -> assertThat(e).startsWith("apps/cache.yaml:8:16 spec.tls.issuerRef.name:"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "apps/cache.yaml:8:23 spec.tls.issuerRef.kind: must be Issuer or"
                            + " ClusterIssuer, got \"Vault\""))
        .noneSatisfy(e -> assertThat(e).contains("spec.tls.enabled"));

    SpecParseResult issued =
        parse(cluster.replace("{kind: Vault}", "{name: shop-ca, kind: ClusterIssuer}"));
    assertThat(issued.errors()).isEmpty();
    assertThat(((RedisClusterSpec) issued.specs().get(0)).tls().issuerRef())
        .contains(new RedisTls.IssuerRef("shop-ca", "ClusterIssuer"));

    SpecParseResult on = parse(cluster.replace("    issuerRef: {kind: Vault}\n", ""));
    assertThat(on.errors()).isEmpty();
    assertThat(((RedisClusterSpec) on.specs().get(0)).tls()).isEqualTo(RedisTls.OWN_CA);
    SpecParseResult off =
        parse(cluster.replace("enabled: true\n    issuerRef: {kind: Vault}", "enabled: false"));
    assertThat(off.errors()).isEmpty();
    assertThat(((RedisClusterSpec) off.specs().get(0)).tls().enabled()).isFalse();
  }

  @Test
  void aivensRedisSslTurnsTlsOnAndIsOffUnlessWritten() {
    String aiven =
        """
        apiVersion: aiven.io/v1alpha1
        kind: Redis
        metadata:
          name: cache
        spec:
          project: p
          plan: hobbyist
        """;
    SpecParseResult plain = parse(aiven);
    SpecParseResult secure = parse(aiven + "  userConfig:\n    redis_ssl: true\n");

    assertThat(errors(secure)).isEmpty();
    assertThat(((RedisSpec) plain.specs().get(0)).tls()).isEqualTo(RedisTls.DISABLED);
    assertThat(((RedisSpec) secure.specs().get(0)).tls()).isEqualTo(RedisTls.OWN_CA);
  }
}
