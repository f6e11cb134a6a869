package io.mooring.core.render.redis;

import io.mooring.core.redis.RedisPasswordRotation;
import io.mooring.core.redisops.RotationRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rotation's auth Secret and record in memory, as real-server tests drive a rotation; it can stop
 * the process once the new passwords were added, as a Mooring that stops there.
 */
final class MemoryRotationStore implements RedisPasswordRotation.Store {
  final Map<String, String> secret = new ConcurrentHashMap<>();
  final AtomicReference<RotationRecord> record = new AtomicReference<>();
  final AtomicBoolean crashAfterAdded = new AtomicBoolean();

  @Override
  public Optional<RotationRecord> record() {
    return Optional.ofNullable(record.get());
  }

  @Override
  public void record(RotationRecord value) {
    record.set(value);
    if (value.phase() == RotationRecord.Phase.ADDED && crashAfterAdded.getAndSet(false)) {
      throw new IllegalStateException("Mooring stopped");
    }
  }

  @Override
  public Optional<String> value(String name, String key) {
    return Optional.ofNullable(secret.get(key));
  }

  @Override
  public void write(String name, Map<String, Optional<String>> values) {
    values.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            secret.put(key, value.get());
          } else {
            secret.remove(key);
          }
        });
  }
}
