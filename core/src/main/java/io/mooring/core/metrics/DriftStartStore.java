package io.mooring.core.metrics;

import io.mooring.core.spec.AppRef;
import java.util.OptionalLong;

/**
 * Where the start of each app's current drift is kept beyond this process, so that a restart or a
 * failover to another replica does not reset "drifted for 15 minutes". {@link #NONE} keeps nothing
 * (the CLI's one-shot runs, tests).
 */
public interface DriftStartStore {
  /** The Unix time (seconds) at which the app's current drift began, when one is recorded. */
  OptionalLong startOf(AppRef app);

  /** The app began to drift at {@code epochSeconds}. */
  void started(AppRef app, long epochSeconds);

  /** The app is in sync again, or gone. */
  void ended(AppRef app);

  DriftStartStore NONE =
      new DriftStartStore() {
        @Override
        public OptionalLong startOf(AppRef app) {
          return OptionalLong.empty();
        }

        @Override
        public void started(AppRef app, long epochSeconds) {}

        @Override
        public void ended(AppRef app) {}
      };
}
