package io.mooring.core.render.nats;

import io.mooring.core.spec.NatsLoginRules;
import io.mooring.core.spec.NatsSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The login of the routes between an app's pods. Without one, anything that reaches the cluster
 * port joins the cluster and sees every message. nats-server takes a route's credentials only from
 * the user info of its URL, which a {@code $VARIABLE} cannot fill in, so the route list and the
 * cluster's authorization are written to {@link #FILE_KEY} in the credentials Secret, and the
 * ConfigMap's cluster block includes that file.
 */
final class NatsRouteAuth {
  /** Key of the route password in the credentials Secret (generated once, then kept). */
  static final String PASSWORD_KEY = NatsNames.ROUTE_USER;

  static final String FILE_KEY = NatsLoginRules.ROUTES_FILE_KEY;

  private final NatsSpec spec;
  private final NatsNames names;
  private final String password;

  NatsRouteAuth(NatsSpec spec, NatsNames names, String password) {
    this.spec = spec;
    this.names = names;
    this.password = password;
  }

  String password() {
    return password;
  }

  /** The include file: the cluster's authorization and a route to every pod's stable name. */
  String routesConf() {
    Map<String, Object> authorization = new LinkedHashMap<>();
    authorization.put("user", NatsNames.ROUTE_USER);
    authorization.put("password", password);
    List<Object> routes = new ArrayList<>();
    String userInfo = NatsNames.ROUTE_USER + ":" + encode(password) + "@";
    for (int ordinal = 0; ordinal < spec.replicas(); ordinal++) {
      routes.add("nats://" + userInfo + names.podDnsName(ordinal) + ":" + NatsPorts.CLUSTER);
    }
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("authorization", authorization);
    conf.put("routes", routes);
    return NatsConfWriter.write(conf);
  }

  /** Percent-encodes all but URL-unreserved characters, as the user info of a URL needs. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "NatsRouteAuth[" + names.statefulSet() + "]";
  }
}
