package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bound Aiven sets on a field is checked at the field's file, line and column; each case adds
 * one line (line 8) to an otherwise valid spec, or one line under {@code userConfig} (line 9).
 */
class AivenInvalidSpecsTest {
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());
  private static final String HEADER =
      """
      apiVersion: aiven.io/v1alpha1
      kind: Redis
      metadata:
        name: bad
      spec:
        project: my-project
        plan: startup-1
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          `  plann: startup-1`                           | 8 |  3 | spec.plann                      | unknown field "plann"; did you mean plan?
          `  disk_space: 80TB`                           | 8 | 15 | spec.disk_space                 | must be a size in GiB such as 80GiB or 80G, got "80TB"
          `  maintenanceWindowDow: fri`                  | 8 | 25 | spec.maintenanceWindowDow       | must be one of monday,
          `  maintenanceWindowDow: fridday`              | 8 | 25 | spec.maintenanceWindowDow       | did you mean friday?
          `  projectVpcId: 0123456789012345678901234567890123456789` | 8 | 17 | spec.projectVpcId | must be at most 36 characters
          `  terminationProtection: "yes"`               | 8 | 26 | spec.terminationProtection      | must be true or false
          `  connInfoSecretTarget: {name: Bad_Name}`     | 8 | 32 | spec.connInfoSecretTarget.name  | must be a DNS-1123 subdomain
          `  connInfoSecretTarget: {name: s, prefix: "A B"}` | 8 | 43 | spec.connInfoSecretTarget.prefix | may only hold letters, digits
          `  connInfoSecretTarget: {name: s, labels: {mooring.io/app: x}}` | 8 | 44 | spec.connInfoSecretTarget.labels.mooring.io/app | the key is reserved
          `  connInfoSecretTarget: {name: bad-redis-auth}` | 8 | 32 | spec.connInfoSecretTarget.name  | is the name of the app's password Secret
          `  connInfoSecretTarget: {prefix: X_}`         | 8 | 25 | spec.connInfoSecretTarget.name  | is required
          `  technicalEmails: [{email: nobody}]`         | 8 | 29 | spec.technicalEmails[0].email   | must be an email address
          `  serviceIntegrations: [{integrationType: read_replica, sourceServiceName: bad}]` | 8 | 76 | spec.serviceIntegrations[0].sourceServiceName | must name another app
          `  serviceIntegrations: [{integrationType: migration, sourceServiceName: a}]` | 8 | 43 | spec.serviceIntegrations[0].integrationType | must be one of read_replica
          `  userConfig:\\n    redis_maxmemory_policy: allkeys-lur` | 9 | 29 | spec.userConfig.redis_maxmemory_policy | did you mean allkeys-lru?
          `  userConfig:\\n    redis_lfu_decay_time: 0`   | 9 | 27 | spec.userConfig.redis_lfu_decay_time | must be an integer from 1 to 120, got 0
          `  userConfig:\\n    redis_lfu_log_factor: 101` | 9 | 27 | spec.userConfig.redis_lfu_log_factor | must be an integer from 0 to 100, got 101
          `  userConfig:\\n    redis_io_threads: 33`      | 9 | 23 | spec.userConfig.redis_io_threads | must be an integer from 1 to 32, got 33
          `  userConfig:\\n    redis_number_of_databases: 0` | 9 | 32 | spec.userConfig.redis_number_of_databases | must be an integer from 1 to 128, got 0
          `  userConfig:\\n    redis_notify_keyspace_events: KEQ` | 9 | 35 | spec.userConfig.redis_notify_keyspace_events | must match [KEg$lshzxentdmA]*, got "KEQ"
          `  userConfig:\\n    redis_timeout: 31536001`   | 9 | 20 | spec.userConfig.redis_timeout | must be an integer from 0 to 31536000
          `  userConfig:\\n    redis_pubsub_client_output_buffer_limit: 16` | 9 | 46 | spec.userConfig.redis_pubsub_client_output_buffer_limit | must be an integer from 32 to 512, got 16
          `  userConfig:\\n    redis_persistence: aof`    | 9 | 24 | spec.userConfig.redis_persistence | must be one of off, rdb, got "aof"
          `  userConfig:\\n    redis_persistence: off`    | 9 | 24 | spec.userConfig.redis_persistence | must be a string, got off (quote it
          `  userConfig:\\n    redis_version: "6.2"`      | 9 | 20 | spec.userConfig.redis_version | must be one of 7.0
          `  userConfig:\\n    redis_acl_channels_default: all` | 9 | 33 | spec.userConfig.redis_acl_channels_default | must be one of allchannels, resetchannels
          `  userConfig:\\n    project_to_fork_from: other` | 9 | 27 | spec.userConfig.project_to_fork_from | forking from another project is not available
          `  userConfig:\\n    recovery_basebackup_name: "2024-01-01"` | 9 | 31 | spec.userConfig.recovery_basebackup_name | needs service_to_fork_from
          `  userConfig:\\n    service_to_fork_from: old-cache\\n    recovery_basebackup_name: "2024-01-01"` | 10 | 31 | spec.userConfig.recovery_basebackup_name | must be latest or a backup's name
          `  userConfig:\\n    service_to_fork_from: Old_Cache` | 9 | 27 | spec.userConfig.service_to_fork_from | must match
          `  userConfig:\\n    valkey_timeout: 5`          | 9 |  5 | spec.userConfig.valkey_timeout | unknown field "valkey_timeout"
          `  userConfig:\\n    ip_filter: [{network: 10.20.0.1/16}]` | 9 | 27 | spec.userConfig.ip_filter[0].network | has bits set beyond its prefix, got "10.20.0.1/16"; did you mean 10.20.0.0/16?
          `  userConfig:\\n    ip_filter: [{network: 10.300.0.0/16}]` | 9 | 27 | spec.userConfig.ip_filter[0].network | must be a CIDR block
          `  userConfig:\\n    ip_filter: [{network: office.example.com}]` | 9 | 27 | spec.userConfig.ip_filter[0].network | must be a CIDR block
          `  userConfig:\\n    ip_filter: [{description: x}]` | 9 | 17 | spec.userConfig.ip_filter[0].network | is required
          `  userConfig:\\n    public_access: {redis: true, kafka: true}` | 9 | 34 | spec.userConfig.public_access.kafka | unknown field "kafka"
          `  userConfig:\\n    migration: {port: 6379}`    | 9 | 16 | spec.userConfig.migration.host | is required
          `  userConfig:\\n    migration: {host: h, port: 70000}` | 9 | 32 | spec.userConfig.migration.port | must be an integer from 1 to 65535
          `  userConfig:\\n    migration: {host: h, port: 1, method: copy}` | 9 | 43 | spec.userConfig.migration.method | must be one of dump, replication
          `  userConfig:\\n    migration: {host: h, port: 1, method: dump}` | 9 | 43 | spec.userConfig.migration.method | dump is not available yet
          `  userConfig:\\n    migration: {host: h, port: 1, password: 42}` | 9 | 45 | spec.userConfig.migration.password | must be a string, got a number
          """)
  void eachBoundIsCheckedAtItsField(
      String line, int lineNumber, int column, String field, String message) {
    String yaml = HEADER + line.replace("\\n", "\n") + "\n";
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("bad.yaml", yaml)));

    assertThat(result.specs()).isEmpty();
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .anySatisfy(
            error ->
                assertThat(error)
                    .startsWith("bad.yaml:" + lineNumber + ":" + column + " " + field + ": ")
                    .contains(message));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          platinum-4   | must be one of the plan families hobbyist, startup-N, business-N, premium-N
          startup-0    | must be one of the plan families
          business-4096 | (N: the memory in GB, 1 to 1024)
          """)
  void anUnknownPlanListsTheFamilies(String plan, String message) {
    String yaml = HEADER.replace("startup-1", plan);
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("plan.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .singleElement()
        .satisfies(
            error -> assertThat(error).startsWith("plan.yaml:7:9 spec.plan: ").contains(message));
  }

  @Test
  void theMigrationPasswordIsNeverRepeated() {
    String yaml =
        HEADER
            + "  userConfig:\n    migration: {host: h, port: 1, password: "
            + "x".repeat(300)
            + "}\n";
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("secret.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .singleElement()
        .satisfies(
            error ->
                assertThat(error)
                    .contains("spec.userConfig.migration.password", "at most 256", "a string")
                    .doesNotContain("xxx"));
  }

  @Test
  void planAndProjectAreRequired() {
    String yaml = "apiVersion: aiven.io/v1alpha1\nkind: Valkey\nmetadata:\n  name: x\nspec: {}\n";
    SpecParseResult result = PARSER.parse(List.of(SpecFile.of("empty.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::fieldPath)
        .containsExactlyInAnyOrder("spec.plan", "spec.project");
  }
}
