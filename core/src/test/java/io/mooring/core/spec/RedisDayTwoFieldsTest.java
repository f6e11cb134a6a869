package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tls, acl and passwordRotation fields read from YAML, with file:line:col on every problem. */
class RedisDayTwoFieldsTest {
  private final SpecProblems problems = new SpecProblems();

  private FieldReader spec(String yaml) {
    try {
      YamlNode document =
          new YamlTreeReader(SpecParserOptions.defaults()).read("apps/cache.yaml", yaml).get(0);
      YamlNode.Mapping spec =
          (YamlNode.Mapping) ((YamlNode.Mapping) document).entries().get("spec").value();
      return new FieldReader(spec, "spec", problems, SensitiveFields.NONE);
    } catch (YamlReadException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> errors() {
    return problems.errors().stream().map(SpecError::toString).toList();
  }

  @Test
  void theIssuesExampleReadsIntoTheCanonicalRecords() {
    FieldReader spec =
        spec(
            """
            spec:
              tls:
                enabled: true
                issuerRef: {name: my-ca, kind: ClusterIssuer}
              acl:
                users:
                  - name: app
                    rules: "~app:* &app:* +@read +@write -@dangerous"
                    passwordSecretRef: {name: app-redis, key: password}
                  - name: reporting
                    rules: "%R~reports:* +@read"
              passwordRotation:
                every: 720h
                overlap: 24h
            """);

    assertThat(RedisDayTwoFields.tls(spec))
        .isEqualTo(
            new RedisTls(true, Optional.of(new RedisTls.IssuerRef("my-ca", "ClusterIssuer"))));
    assertThat(RedisDayTwoFields.aclUsers(spec))
        .containsExactly(
            new RedisAclUser(
                "app",
                "~app:* &app:* +@read +@write -@dangerous",
                Optional.of(new SecretKeyRef("app-redis", "password"))),
            new RedisAclUser("reporting", "%R~reports:* +@read", Optional.empty()));
    assertThat(RedisDayTwoFields.passwordRotation(spec))
        .isEqualTo(new PasswordRotation(Optional.of(Duration.ofHours(720)), Duration.ofHours(24)));
    assertThat(errors()).isEmpty();
  }

  @Test
  void absentFieldsMeanNoTlsNoUsersAndRotationOnDemandOnly() {
    FieldReader spec = spec("spec:\n  replicas: 3\n");
    assertThat(RedisDayTwoFields.tls(spec)).isEqualTo(RedisTls.DISABLED);
    assertThat(RedisDayTwoFields.aclUsers(spec)).isEmpty();
    assertThat(RedisDayTwoFields.passwordRotation(spec)).isEqualTo(PasswordRotation.ON_DEMAND);
    assertThat(errors()).isEmpty();
  }

  @Test
  void badDurationsAndAnOverlapLongerThanTheScheduleNameLineColumnAndField() {
    FieldReader spec =
        spec(
            """
            spec:
              passwordRotation:
                every: 30d
                overlap: 0s
            """);
    RedisDayTwoFields.passwordRotation(spec);
    assertThat(errors())
        .containsExactly(
            "apps/cache.yaml:3:12 spec.passwordRotation.every: must be a duration greater than"
                + " zero such as 720h, 90m or 1h30m, got \"30d\"",
            "apps/cache.yaml:4:14 spec.passwordRotation.overlap: must be a duration greater than"
                + " zero such as 720h, 90m or 1h30m, got \"0s\"");

    FieldReader overlapping =
        spec("spec:\n  passwordRotation:\n    every: 24h\n    overlap: 48h\n");
    RedisDayTwoFields.passwordRotation(overlapping);
    assertThat(errors())
        .last()
        .asString()
        .startsWith(
            "apps/cache.yaml:4:14 spec.passwordRotation.overlap: must be shorter than every (24h)");
  }

  @Test
  void mooringsOwnUserNamesAreRefusedAtTheName() {
    FieldReader spec =
        spec(
            """
            spec:
              acl:
                users:
                  - name: mooring-replication
                    rules: "+get"
                  - name: mooring-sentinel
                    rules: "+get"
                  - name: mooring-exporter
                    rules: "+get"
                  - name: mooring-operator
                    rules: "+get"
            """);
    assertThat(RedisDayTwoFields.aclUsers(spec)).isEmpty();
    assertThat(errors())
        .containsExactly(
            "apps/cache.yaml:4:15 spec.acl.users[0].name: is reserved: \"default\" and names"
                + " starting with \"mooring\" are Mooring's own users, got \"mooring-replication\"",
            "apps/cache.yaml:6:15 spec.acl.users[1].name: is reserved: \"default\" and names"
                + " starting with \"mooring\" are Mooring's own users, got \"mooring-sentinel\"",
            "apps/cache.yaml:8:15 spec.acl.users[2].name: is reserved: \"default\" and names"
                + " starting with \"mooring\" are Mooring's own users, got \"mooring-exporter\"",
            "apps/cache.yaml:10:15 spec.acl.users[3].name: is reserved: \"default\" and names"
                + " starting with \"mooring\" are Mooring's own users, got \"mooring-operator\"");
  }

  @Test
  void aclRulesAreCheckedForKnownPrefixesAndPasswordsInRulesAreRefusedWithoutRepeatingThem() {
    FieldReader spec =
        spec(
            """
            spec:
              acl:
                users:
                  - name: app
                    rules: "+get"
                  - name: typo
                    rules: "~app:* +@raed"
                  - name: leaky
                    rules: "on >s3cret-value +@all"
                  - name: default
                    rules: "+@all"
                  - name: weird
                    rules: "~a:* fly"
                  - name: app
                    rules: "+get"
                  - name: ref
                    rules: "+get"
                    passwordSecretRef: {name: Not_A_Name}
            """);
    List<RedisAclUser> users = RedisDayTwoFields.aclUsers(spec);

    assertThat(users).extracting(RedisAclUser::name).containsExactly("app");
    assertThat(errors())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:7:16 spec.acl.users[1].rules:")
                    .contains("unknown command category \"@raed\"; did you mean @read?"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:9:16 spec.acl.users[2].rules:")
                    .contains("passwords come from passwordSecretRef"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:10:15 spec.acl.users[3].name: is reserved"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "apps/cache.yaml:13:16 spec.acl.users[4].rules: unknown rule \"fly\""))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:14:15 spec.acl.users[5].name: names another user"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("apps/cache.yaml:18:35 spec.acl.users[6].passwordSecretRef.name:")
                    .contains("DNS-1123"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "apps/cache.yaml:18:28 spec.acl.users[6].passwordSecretRef.key: is required"))
        .noneSatisfy(e -> assertThat(e).contains("s3cret"));
  }

  @Test
  void tlsIssuerKindsAndUnknownFieldsAreReported() {
    FieldReader spec =
        spec(
            """
            spec:
              tls:
                enabled: yes please
                issuerRef: {name: my-ca, kind: CertificateAuthority}
                certs: mine
            """);
    RedisTls tls = RedisDayTwoFields.tls(spec);
    assertThat(tls.issuerRef()).isEmpty();
    assertThat(errors())
        .anySatisfy(e -> assertThat(e).startsWith("apps/cache.yaml:3:14 spec.tls.enabled:"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "apps/cache.yaml:4:36 spec.tls.issuerRef.kind: must be Issuer or ClusterIssuer"))
        .anySatisfy(
            e -> assertThat(e).startsWith("apps/cache.yaml:5:5 spec.tls.certs: unknown field"));
  }

  @Test
  void usersWhoseGeneratedSecretsWouldShareANameAreRefusedAtTheSecondName() {
    FieldReader spec =
        spec(
            """
            spec:
              acl:
                users:
                  - {name: app_reader, rules: "+@read"}
                  - {name: App.Reader, rules: "+@read"}
                  - {name: app-writer, rules: "+@write"}
            """);

    assertThat(RedisDayTwoFields.aclUsers(spec))
        .extracting(RedisAclUser::name)
        .containsExactly("app_reader", "app-writer");
    assertThat(errors())
        .containsExactly(
            "apps/cache.yaml:5:16 spec.acl.users[1].name: differs from another user of this list"
                + " only in case or punctuation; their generated Secrets would share the name"
                + " \"...app-reader\", got \"App.Reader\"");
  }
}
