package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.mooring.core.render.common.ConfigHash;
import io.mooring.core.spec.NatsConfigMergeRules;
import io.mooring.core.spec.NatsSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nats.conf of an app and the ConfigMap that carries it. Every pod reads the same file; what
 * differs per pod (its server_name) comes from the environment, passwords are {@code $VARIABLE}s
 * whose values the Secret provides, and what cannot be a variable (route URLs with their password,
 * the operator and account JWTs) is included from files of a Secret mount.
 */
final class NatsConfigModel {
  static final String CONFIG_KEY = "nats.conf";
  static final String CONFIG_DIR = "/etc/nats-config";
  static final String PID_DIR = "/var/run/nats";
  static final String PID_FILE = PID_DIR + "/nats.pid";
  static final String STORE_DIR = NatsSpec.DATA_DIR;
  static final String SECRET_DIR = "/etc/nats-secret";

  /** Where the pods mount the {@code <app>-nats-tls} Secret when the spec enables TLS. */
  static final String TLS_DIR = "/etc/nats-tls";

  static final String POD_NAME_ENV = "POD_NAME";
  static final String APP_ACCOUNT = NatsConfigMergeRules.APP_ACCOUNT;
  static final String SYSTEM_ACCOUNT = NatsConfigMergeRules.SYSTEM_ACCOUNT;
  // Lame duck spreads client disconnects over 30 s after a 10 s pause: 40 s, within the pod's 60 s
  // termination grace period.
  static final String LAME_DUCK_DURATION = "30s";
  static final String LAME_DUCK_GRACE = "10s";

  private final NatsSpec spec;
  private final NatsNames names;
  private final NatsCredentials credentials;
  private final NatsOperatorModel operator;
  private final String text;

  /**
   * @param operator the operator and accounts in operator mode, else null
   */
  NatsConfigModel(
      NatsSpec spec, NatsNames names, NatsCredentials credentials, NatsOperatorModel operator) {
    this.spec = spec;
    this.names = names;
    this.credentials = credentials;
    this.operator = operator;
    Map<String, Object> tree =
        NatsConfigMerge.apply(
            generatedTree(), spec.configMerge(), spec.source(), spec.operatorMode());
    this.text = NatsConfWriter.write(tree);
  }

  String text() {
    return text;
  }

  /**
   * Annotation value on the pod template: changes exactly when nats.conf or a file it includes
   * does, so a config change rolls the pods (one at a time, each leaving through lame duck).
   * nats-server could take many changes with {@code --signal reload}, but not all: it refuses to
   * reload {@code max_file_store} or {@code max_memory_store} while JetStream runs ("config reload
   * not supported for jetstream max memory and store", in 2.9 and 2.10 alike), nor listen ports or
   * preloaded accounts. So a grown volume raises {@code max_file_store} through this roll too, and
   * a roll is always correct.
   */
  String hash() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put(CONFIG_KEY, text);
    if (credentials.routes() != null) {
      parts.put(NatsRouteAuth.FILE_KEY, credentials.routes().routesConf());
    }
    if (operator != null) {
      parts.put(NatsOperatorModel.OPERATOR_CONF, operator.operatorConf());
    }
    return ConfigHash.of(parts);
  }

  /** Path of a file of the Secret mount as an include in nats.conf reads it. */
  static String included(String file) {
    return Path.of(CONFIG_DIR).relativize(Path.of(SECRET_DIR, file)).toString();
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
    if (spec.tlsEnabled()) {
      // Clients must speak TLS on the client port; they need not present a certificate.
      tree.put("tls", NatsTlsFiles.block(TLS_DIR, false));
    }
    if (spec.replicas() > 1) {
      tree.put("cluster", cluster());
    }
    if (spec.jetstream().enabled()) {
      tree.put("jetstream", jetstream());
    }
    if (operator != null) {
      tree.put(NatsInclude.KEY, new NatsInclude(included(NatsOperatorModel.OPERATOR_CONF)));
      tree.put("resolver", resolver());
      return tree;
    }
    tree.put("accounts", accounts());
    tree.put("system_account", SYSTEM_ACCOUNT);
    if (credentials.users().isEmpty()) {
      // The API's meaning of no users: no client authentication. The system account's user makes
      // the server ask every client for a login, so clients without one become a user that has
      // no password.
      tree.put("no_auth_user", NatsNames.ANONYMOUS_USER);
    }
    return tree;
  }

  private Map<String, Object> cluster() {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", names.clusterName());
    cluster.put("listen", "0.0.0.0:" + NatsPorts.CLUSTER);
    // The route to every pod's stable name, with the routes' login (see NatsRouteAuth).
    cluster.put(NatsInclude.KEY, new NatsInclude(included(NatsRouteAuth.FILE_KEY)));
    // Peers learn each other only from those routes, never from gossiped pod IPs.
    cluster.put("no_advertise", true);
    if (spec.tlsEnabled()) {
      // Peers present the same server certificate to each other and each checks the other's.
      cluster.put("tls", NatsTlsFiles.block(TLS_DIR, true));
    }
    return cluster;
  }

  /**
   * A full resolver, the one type that keeps every account JWT itself, in a directory on the pod's
   * volume; spec.config.resolver may name the directory and tune the rest (checked by validate).
   */
  private Map<String, Object> resolver() {
    Map<String, Object> resolver = new LinkedHashMap<>();
    resolver.put("type", "full");
    Object dir = spec.configResolver().get("dir");
    resolver.put("dir", dir != null ? dir : NatsSpec.DEFAULT_RESOLVER_DIR);
    spec.configResolver()
        .forEach(
            (key, value) -> {
              if (value == null || key.equals("type") || key.equals("dir")) {
                return;
              }
              boolean duration = key.equals("interval") || key.equals("timeout");
              resolver.put(key, duration ? new NatsQuoted(value.toString()) : value);
            });
    return resolver;
  }

  private Map<String, Object> jetstream() {
    Map<String, Object> jetstream = new LinkedHashMap<>();
    jetstream.put("store_dir", STORE_DIR);
    // Explicit, from the volume with headroom (see NatsStorageBudget): an auto-sized store shrinks
    // as the disk fills until the server refuses to start.
    jetstream.put("max_file_store", spec.jetstream().maxFileStoreBytes());
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
    List<Object> users = new ArrayList<>();
    credentials.users().forEach(login -> users.add(userEntry(login)));
    if (users.isEmpty()) {
      users.add(Map.of("user", NatsNames.ANONYMOUS_USER));
    }
    app.put("users", users);
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
