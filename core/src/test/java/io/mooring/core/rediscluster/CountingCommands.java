package io.mooring.core.rediscluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real node commands, counted: how often each slot was set MIGRATING (a slot moved twice would show
 * 2). Optionally the Mooring process "dies" right before the SETSLOT NODE of the slot after {@code
 * killAfter} slots: that slot is left importing and migrating, its keys already moved, as a crash
 * in the middle of a move leaves it.
 */
final class CountingCommands {
  /** Thrown as the process dying: an Error, so nothing in the orchestration catches it. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed(String message) {
      super(message);
    }
  }

  final Map<Integer, Integer> migratingCalls = new ConcurrentHashMap<>();
  private final List<Integer> started = new CopyOnWriteArrayList<>();

  NodeCommands wrap(NodeCommands real, int killAfter) {
    return (NodeCommands)
        Proxy.newProxyInstance(
            NodeCommands.class.getClassLoader(),
            new Class<?>[] {NodeCommands.class},
            (proxy, method, args) -> {
              if (method.getName().equals("setSlotMigrating")) {
                int slot = (Integer) args[1];
                migratingCalls.merge(slot, 1, Integer::sum);
                started.add(slot);
              }
              if (method.getName().equals("setSlotNode")
                  && killAfter >= 0
                  && started.size() > killAfter
                  && args[1].equals(started.get(killAfter))) {
                throw new Killed("stopped before SETSLOT NODE of slot " + args[1]);
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
