package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.spec.NatsSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nats.conf of an app and the ConfigMap that carries it. Every pod reads the same file; what
 * differs per pod (its server_name) comes from the environment, and passwords are {@code
 * $VARIABLE}s whose values the Secret provides.
 */
final class NatsConfigModel {
  static final String CONFIG_KEY = "nats.conf";
  static final String CONFIG_DIR = "/etc/nats-config";
  static final String PID_DIR = "/var/run/nats";
  static final String PID_FILE = PID_DIR + "/nats.pid";
  static final String STORE_DIR = "/data";
  static final String POD_NAME_ENV = "POD_NAME";
  static final String APP_ACCOUNT = "APP";
  static final String SYSTEM_ACCOUNT = "SYS";
  // Lame duck spreads client disconnects over 30 s after a 10 s pause: 40 s, within the pod's 60 s
  // termination grace period.
  static final String LAME_DUCK_DURATION = "30s";
  static final String LAME_DUCK_GRACE = "10s";

  private final NatsSpec spec;
  private final NatsNames names;
  private final NatsCredentials credentials;
  private final String text;

  NatsConfigModel(NatsSpec spec, NatsNames names, NatsCredentials credentials) {
    this.spec = spec;
    this.names = names;
    this.credentials = credentials;
    Map<String, Object> tree =
        NatsConfigMerge.apply(generatedTree(), spec.configMerge(), spec.source());
    if (!spec.configResolver().isEmpty()) {
      tree.put("resolver", spec.configResolver());
    }
    this.text = NatsConfWriter.write(tree);
  }

  String text() {
    return text;
  }

  /**
   * Annotation value on the pod template: changes exactly when nats.conf does, so a config change
   * rolls the pods (one at a time, each leaving through lame duck). nats-server could take many
   * changes with {@code --signal reload}, but not all (JetStream limits, listen ports), and a roll
   * is always correct.
   */
  String hash() {
    return ConfigHash.of(Map.of(CONFIG_KEY, text));
  }

  ConfigMap generateConfigMap() {
    return new ConfigMapBuilder()
        .withMetadata(NatsMetadata.of(spec, names.configMap()))
        .withData(Map.of(CONFIG_KEY, text))
        .build();
  }

  private Map<String, Object> generatedTree() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("server_name", new NatsEnvRef(POD_NAME_ENV));
    tree.put("listen", "0.0.0.0:" + NatsPorts.CLIENT);
    tree.put("http", "0.0.0.0:" + NatsPorts.MONITOR);
    tree.put("pid_file", PID_FILE);
    tree.put("lame_duck_duration", LAME_DUCK_DURATION);
    tree.put("lame_duck_grace_period", LAME_DUCK_GRACE);
    if (spec.replicas() > 1) {
      tree.put("cluster", cluster());
    }
    if (spec.jetstream().enabled()) {
      tree.put("jetstream", jetstream());
    }
    tree.put("accounts", accounts());
    tree.put("system_account", SYSTEM_ACCOUNT);
    return tree;
  }

  private Map<String, Object> cluster() {
    List<Object> routes = new ArrayList<>();
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      routes.add("nats://" + names.podDnsName(ordinal) + ":" + NatsPorts.CLUSTER);
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", names.clusterName());
    cluster.put("listen", "0.0.0.0:" + NatsPorts.CLUSTER);
    cluster.put("routes", routes);
    // Peers learn each other only from the routes above, never from gossiped pod IPs.
    cluster.put("no_advertise", true);
    return cluster;
  }

  private Map<String, Object> jetstream() {
    Map<String, Object> jetstream = new LinkedHashMap<>();
    jetstream.put("store_dir", STORE_DIR);
    jetstream.put("max_file_store", NatsMemory.bytes(spec.jetstream().size()));
    jetstream.put(
        "max_memory_store", NatsMemory.maxMemoryStoreBytes(spec.resources().memoryLimit()));
    return jetstream;
  }

  private Map<String, Object> accounts() {
    Map<String, Object> app = new LinkedHashMap<>();
    if (spec.jetstream().enabled()) {
      // Without this every JetStream call of these users fails with 10039 "JetStream not enabled
      // for account".
      app.put("jetstream", "enabled");
    }
    app.put("users", credentials.users().stream().map(NatsConfigModel::userEntry).toList());
    Map<String, Object> system = new LinkedHashMap<>();
    system.put("users", List.of(userEntry(credentials.system())));
    Map<String, Object> accounts = new LinkedHashMap<>();
    accounts.put(APP_ACCOUNT, app);
    accounts.put(SYSTEM_ACCOUNT, system);
    return accounts;
  }

  private static Object userEntry(NatsCredentials.Login login) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("user", login.user());
    user.put("password", new NatsEnvRef(login.envVar()));
    return user;
  }
}
