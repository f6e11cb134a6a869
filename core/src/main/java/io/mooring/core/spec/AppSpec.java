package io.mooring.core.spec;

import java.util.Map;

/** One app as read from git, already mapped from its dialect onto the canonical model. */
public sealed interface AppSpec permits RedisSpec, RedisClusterSpec, NatsSpec {

  AppRef ref();

  /** Where the document starts; errors found later (render, plan) point here. */
  SourceLocation source();

  /**
   * The document's {@code metadata.annotations}; Mooring reads its own {@code mooring.io/*} keys.
   */
  Map<String, String> annotations();

  /** Protection, removal policy and maintenance window; {@link AppLifecycle#NONE} by default. */
  default AppLifecycle lifecycle() {
    return AppLifecycle.NONE;
  }

  /** The Secret applications mount to connect; see {@link ConnectionSecret}. */
  ConnectionSecret connectionSecret();

  /** Opt-in for deleting retained PVCs and credential Secrets when the spec is removed from git. */
  String DELETE_DATA_ON_REMOVAL = "mooring.io/delete-data-on-removal";
}
