package io.mooring.core.render.nats;

import io.mooring.core.spec.NatsConfigMergeRules;

/**
 * An {@code include} of another file in nats.conf. nats-server reads the path relative to the
 * including file's directory, even when it starts with '/', so Mooring's includes climb out of the
 * ConfigMap's mount into the Secret's ({@code ../nats-secret/...}). Files with secrets in them
 * reach the server this way, never through the ConfigMap.
 */
record NatsInclude(String path) {
  /** The key an include has in a config tree; {@link NatsConfWriter} writes the directive. */
  static final String KEY = NatsConfigMergeRules.INCLUDE_KEY;
}
