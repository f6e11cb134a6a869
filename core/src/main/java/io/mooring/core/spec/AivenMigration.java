package io.mooring.core.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code userConfig.migration}: the Redis outside Mooring a new app copies its data from. Its
 * password is a credential: the dialect lists the field as sensitive, so no message repeats it.
 */
final class AivenMigration {
  static final String PASSWORD_PATH = "spec.userConfig.migration.password";

  private AivenMigration() {}

  static Optional<RedisDataSource.Migration> read(FieldReader migration) {
    migration.rejectUnknownFields(
        List.of("host", "port", "dbname", "ignore_dbs", "method", "password", "ssl", "username"));
    Optional<String> host = migration.matching("host", 255, null);
    Optional<Integer> port = migration.integerWithin("port", 1, 65535);
    for (String required : List.of("host", "port")) {
      if (migration.value(required).isEmpty()) {
        migration.reportInvalid(required, "is required");
      }
    }
    host.filter(String::isBlank)
        .ifPresent(h -> migration.reportInvalid("host", "must name a host"));
    migration.matching("dbname", 63, null);
    migration.note("dbname", "accepted; Redis has no database names to bootstrap from");
    migration.matching("ignore_dbs", 2048, null);
    migration.note("ignore_dbs", "accepted; Aiven applies it to MySQL and PostgreSQL only");
    RedisDataSource.Migration.Method method =
        migration
            .oneOf("method", List.of("dump", "replication"))
            .map(
                m ->
                    m.equals("dump")
                        ? RedisDataSource.Migration.Method.DUMP
                        : RedisDataSource.Migration.Method.REPLICATION)
            .orElse(RedisDataSource.Migration.Method.REPLICATION);
    if (method == RedisDataSource.Migration.Method.DUMP) {
      // Accepting it and copying nothing would start the app empty while it looks migrated.
      migration.reportInvalid(
          "method",
          "dump is not available yet; use replication, which also keeps the source taking writes"
              + " until the switch");
    }
    String password = migration.matching("password", 256, null).orElse("");
    String username = migration.matching("username", 256, null).orElse("");
    boolean ssl = migration.bool("ssl", false);
    if (host.isEmpty() || port.isEmpty() || host.get().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new RedisDataSource.Migration(host.get(), port.get(), username, password, ssl, method));
  }
}
