package io.mooring.core.render.nats;

/**
 * A value in nats.conf that nats-server reads from the environment ({@code $NAME}, written bare).
 * Passwords are written this way so that their values stay in the Secret, never in the ConfigMap.
 */
record NatsEnvRef(String variable) {
  NatsEnvRef {
    if (!variable.matches("[A-Z_][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + variable);
    }
  }
}
