package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsConfWriterTest {

  @Test
  void sizesAreBareDurationsAndOtherStringsQuoted() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("max_payload", "16MB");
    tree.put("max_pending", "64mib");
    tree.put("write_deadline", "2s");
    tree.put("ping_max", 3);
    tree.put("ratio", new BigDecimal("0.5"));
    tree.put("debug", true);
    assertThat(NatsConfWriter.write(tree))
        .isEqualTo(
            "max_payload: 16MB\nmax_pending: 64mib\nwrite_deadline: \"2s\"\nping_max: 3\nratio: 0.5\ndebug: true\n");
  }

  @Test
  void quotingKeepsHostileStringsInsideTheirValue() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("server_tags", "x\"\ninclude /etc/passwd\n\\");
    tree.put("key with space", "$NOT_A_VARIABLE");
    assertThat(NatsConfWriter.write(tree))
        .isEqualTo(
            "server_tags: \"x\\\"\\ninclude /etc/passwd\\n\\\\\"\n\"key with space\": \"$NOT_A_VARIABLE\"\n");
  }

  @Test
  void blocksListsAndEnvironmentReferences() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("user", "a");
    user.put("password", new NatsEnvRef("NATS_A_PASSWORD"));
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("users", List.of(user));
    account.put("exports", List.of());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("accounts", Map.of("APP", account));
    assertThat(NatsConfWriter.write(tree))
        .isEqualTo(
            """
            accounts {
              APP {
                users: [
                  {
                    user: "a"
                    password: $NATS_A_PASSWORD
                  }
                ]
                exports: []
              }
            }
            """);
  }
}
