package io.mooring.core.render.nats;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.NatsSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credentials Secret: one key per password login, the route password and the routes file made
 * from it. Generated values are listed in {@link MooringLabels#GENERATED_KEYS_ANNOTATION}, so the
 * planner creates them once and never rotates them; a password given in the spec is not listed, so
 * changing it in git does update the Secret. The routes file is derived, so it is rendered anew.
 */
final class NatsCredentialsModel {
  private final NatsSpec spec;
  private final NatsNames names;
  private final NatsCredentials credentials;

  NatsCredentialsModel(NatsSpec spec, NatsNames names, NatsCredentials credentials) {
    this.spec = spec;
    this.names = names;
    this.credentials = credentials;
  }

  /** The Secret, or null when there is nothing to keep (operator mode with one pod). */
  Secret generateSecret() {
    Map<String, String> data = new LinkedHashMap<>();
    credentials.all().forEach(login -> data.put(login.secretKey(), base64(login.password())));
    List<String> generated =
        new ArrayList<>(
            credentials.all().stream()
                .filter(NatsCredentials.Login::generated)
                .map(NatsCredentials.Login::secretKey)
                .toList());
    NatsRouteAuth routes = credentials.routes();
    if (routes != null) {
      data.put(NatsRouteAuth.PASSWORD_KEY, base64(routes.password()));
      data.put(NatsRouteAuth.FILE_KEY, base64(routes.routesConf()));
      generated.add(NatsRouteAuth.PASSWORD_KEY);
    }
    if (data.isEmpty()) {
      return null;
    }
    String generatedKeys = String.join(",", generated);
    return new SecretBuilder()
        .withMetadata(NatsMetadata.of(spec, names.credentialsSecret()))
        .editMetadata()
        .withAnnotations(Map.of(MooringLabels.GENERATED_KEYS_ANNOTATION, generatedKeys))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
