package io.mooring.core.spec;

import java.util.Optional;

/**
 * NATS specs that are valid but behave in a way their author may not expect. Each warning points at
 * the field it is about.
 */
final class NatsSpecWarnings {
  private NatsSpecWarnings() {}

  static void warn(NatsSpec nats, FieldReader spec, SpecProblems problems) {
    evenJetstreamCluster(nats, spec, problems);
    noUsers(nats, spec, problems);
    ignoredPasswords(nats, spec, problems);
  }

  // Raft needs a majority: 2 peers stop when one is down, 4 tolerate no more loss than 3 do.
  private static void evenJetstreamCluster(NatsSpec nats, FieldReader spec, SpecProblems problems) {
    if (nats.jetstream().enabled() && nats.replicas() % 2 == 0) {
      problems.warning(
          spec.value("replicas").map(YamlNode::location).orElse(nats.source()),
          spec.path("replicas"),
          "with "
              + nats.replicas()
              + " JetStream peers, losing "
              + (nats.replicas() / 2)
              + " stops publishes, as with "
              + (nats.replicas() - 1)
              + " (an even count adds no fault tolerance); use an odd count such as 3 or 5");
    }
  }

  /**
   * As in the Cozystack API, no users means no client authentication; in operator mode it means
   * nobody can log in, as every login is a user's creds file.
   */
  private static void noUsers(NatsSpec nats, FieldReader spec, SpecProblems problems) {
    if (!nats.users().isEmpty()) {
      return;
    }
    SourceLocation at =
        spec.value("users").map(YamlNode::location).orElse(spec.mapping().location());
    String message;
    if (nats.operatorMode()) {
      message =
          "no users: in operator mode (spec.config.resolver) clients log in only with the creds files"
              + " made for spec.users, so no client can connect";
    } else if (nats.external()) {
      message =
          "no users: clients are not authenticated, and with external: true the server accepts anyone on"
              + " the network; add users to require a login";
    } else {
      message =
          "no users: clients are not authenticated; the server accepts anyone who can reach it in the"
              + " cluster; add users to require a login";
    }
    problems.warning(at, spec.path("users"), message);
  }

  /** Operator mode logs users in with creds files; a password in the spec would do nothing. */
  private static void ignoredPasswords(NatsSpec nats, FieldReader spec, SpecProblems problems) {
    if (!nats.operatorMode()) {
      return;
    }
    Optional<FieldReader> users = spec.child("users");
    for (NatsSpec.NatsUser user : nats.users().values()) {
      if (!user.hasPassword()) {
        continue;
      }
      Optional<FieldReader> entry = users.flatMap(u -> u.child(user.name()));
      SourceLocation at =
          entry.flatMap(e -> e.value("password")).map(YamlNode::location).orElse(nats.source());
      String path = entry.map(e -> e.path("password")).orElse("spec.users." + user.name());
      problems.warning(
          at,
          path,
          "ignored: with spec.config.resolver the app runs in operator (JWT) mode, where "
              + user.name()
              + " logs in with the creds file Mooring generates for it, not a password");
    }
  }
}
