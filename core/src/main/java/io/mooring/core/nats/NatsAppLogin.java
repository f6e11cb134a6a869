package io.mooring.core.nats;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.nats.NatsNames;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * How Mooring logs in to an app's own account, where its JetStream assets live: as the spec's first
 * user, with that user's password from the live credentials Secret, or in operator mode with its
 * creds file from the user's Secret; with no users, as the anonymous user the servers give every
 * client. The secret is put into the connect options and kept nowhere else.
 */
final class NatsAppLogin {
  private NatsAppLogin() {}

  /** Adds the login to {@code options}; returns who logs in, for messages. */
  static String apply(
      NatsSpec spec, Function<ObjectKey, HasMetadata> liveObjects, Options.Builder options) {
    NatsNames names = new NatsNames(spec.ref(), "");
    if (spec.users().isEmpty()) {
      if (spec.operatorMode()) {
        throw new JetStreamPeersException(
            "in operator mode the app account has no user without spec.users, so no one can"
                + " manage its JetStream assets");
      }
      return "without a login";
    }
    String user = spec.users().keySet().iterator().next();
    if (spec.operatorMode()) {
      byte[] creds = decoded(liveObjects, spec, names.userSecret(user), NatsNames.USER_CREDS_KEY);
      options.authHandler(Nats.staticCredentials(creds));
      return "with the creds of user " + user;
    }
    String password =
        new String(
            decoded(liveObjects, spec, names.credentialsSecret(), user), StandardCharsets.UTF_8);
    options.userInfo(user, password);
    return "as " + user;
  }

  private static byte[] decoded(
      Function<ObjectKey, HasMetadata> liveObjects, NatsSpec spec, String secret, String key) {
    ObjectKey ref = new ObjectKey("Secret", spec.ref().namespace(), secret);
    if (!(liveObjects.apply(ref) instanceof Secret live)) {
      throw new JetStreamPeersException(ref + " does not exist: the app's login is unknown");
    }
    String encoded = live.getData() == null ? null : live.getData().get(key);
    if (encoded == null) {
      throw new JetStreamPeersException(ref + " has no key " + key + " (the app's login)");
    }
    return Base64.getDecoder().decode(encoded);
  }
}
