package io.mooring.core.redisops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentinelReplicaListTest {
  private static String replica(String ip, String flags) {
    return String.join(
        "\n",
        "name",
        ip + ":6379",
        "ip",
        ip,
        "port",
        "6379",
        "runid",
        "",
        "flags",
        flags,
        "master-link-status",
        "ok");
  }

  @Test
  void onlyReplicasTheSentinelCanPromoteNowCount() {
    String reply =
        String.join(
            "\n",
            replica("10.0.0.2", "slave"),
            replica("10.0.0.3", "s_down,slave,disconnected"),
            replica("10.0.0.4", "slave"));

    assertThat(SentinelReplicaList.isList(reply)).isTrue();
    assertThat(SentinelReplicaList.healthyAddresses(reply)).containsExactly("10.0.0.2", "10.0.0.4");
  }

  @Test
  void noReplicaIsAListAndAnErrorIsNot() {
    assertThat(SentinelReplicaList.isList("")).isTrue();
    assertThat(SentinelReplicaList.healthyAddresses("")).isEmpty();
    assertThat(SentinelReplicaList.isList("ERR No such master with that name")).isFalse();
    assertThat(SentinelReplicaList.isList("NOPERM this user has no permissions")).isFalse();
  }
}
