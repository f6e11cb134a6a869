package io.mooring.core.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.kube.Applier;
import io.mooring.core.kube.ClusterCache;
import io.mooring.core.redisops.RotationRecord;
import io.mooring.core.spec.AppRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A rotation's record and Secrets in the cluster. The record is an annotation ({@value
 * RotationRecord#ANNOTATION}) on an object of the app (the Redis StatefulSet for the default user,
 * the user's own Secret for an ACL user), and the Secret values are keys of the app's Secrets; both
 * are written with patches that server-side apply neither owns nor removes. Each answer is handed
 * to the cache, so the next read, and the render of the same sync, see the write.
 */
final class KubernetesRotationStore implements RedisPasswordRotation.Store {
  private final AppRef app;
  private final ObjectKey holder;
  private final ClusterCache cache;
  private final Applier applier;

  /**
   * @param holder the object whose annotation is the record; it must be live
   */
  KubernetesRotationStore(AppRef app, ObjectKey holder, ClusterCache cache, Applier applier) {
    this.app = app;
    this.holder = holder;
    this.cache = cache;
    this.applier = applier;
  }

  @Override
  public Optional<RotationRecord> record() {
    Map<String, String> annotations = live(holder).getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : RotationRecord.decode(annotations.get(RotationRecord.ANNOTATION));
  }

  @Override
  public void record(RotationRecord record) {
    HasMetadata object = live(holder);
    cache.tookWrite(
        app, object, applier.annotate(object, RotationRecord.ANNOTATION, record.encode()));
  }

  @Override
  public Optional<String> value(String secret, String key) {
    HasMetadata object = cache.get(secretKey(secret));
    if (!(object instanceof Secret s) || s.getData() == null || s.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
  }

  @Override
  public void write(String secret, Map<String, Optional<String>> values) {
    if (!(live(secretKey(secret)) instanceof Secret object)) {
      throw new IllegalStateException(secretKey(secret) + " is not a Secret");
    }
    cache.tookWrite(app, object, applier.patchSecretData(object, values));
  }

  private ObjectKey secretKey(String name) {
    return new ObjectKey("Secret", app.namespace(), name);
  }

  private HasMetadata live(ObjectKey key) {
    HasMetadata object = cache.get(key);
    if (object == null) {
      throw new IllegalStateException(key + " is not in the cluster; the rotation waits for it");
    }
    return object;
  }
}
