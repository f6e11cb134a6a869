package io.mooring.core.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.CertManagerCertificate;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer to the API server. Applies with server-side apply as field manager {@code
 * mooring}, forcing conflicts because git is the source of truth. Each method is one API write
 * (plus retries).
 */
public final class Applier {
  public static final String FIELD_MANAGER = "mooring";
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final String MOORING_PREFIX = "mooring.io/";

  private final KubernetesClient client;
  private final RetryPolicy retry;
  private final Predicate<AppRef> mayWrite;

  public Applier(KubernetesClient client, RetryPolicy retry) {
    this(client, retry, () -> true);
  }

  /**
   * {@code mayWrite} is asked before every write (and every retry of one): with leader election it
   * is "this replica holds the lease", so a replica that loses the lease stops writing at once, in
   * the middle of a sync if need be, rather than at the end of it.
   */
  public Applier(KubernetesClient client, RetryPolicy retry, BooleanSupplier mayWrite) {
    this(client, retry, app -> mayWrite.getAsBoolean());
  }

  /**
   * {@code mayWrite} is asked before every write (and every retry of one) with the app the object
   * belongs to (null for an object no app owns, such as a namespace's CA): with shards, a replica
   * that lost an app's shard stops writing that app at once, even in the middle of its sync.
   */
  public Applier(KubernetesClient client, RetryPolicy retry, Predicate<AppRef> mayWrite) {
    this.client = client;
    this.retry = retry;
    this.mayWrite = mayWrite;
  }

  private static AppRef appOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String app = labels == null ? null : labels.get(MooringLabels.APP);
    return app == null ? null : AppRef.fromLabel(app, object.getMetadata().getNamespace());
  }

  /** Creates or updates the object; returns it as the server stored it. */
  public HasMetadata apply(HasMetadata object) {
    HasMetadata body = withoutResourceVersion(object);
    try {
      return withRetry(
          object,
          "apply",
          () -> resource(body).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
    } catch (ApplyException e) {
      // An apply creates what is missing: a 404 means the server has no such kind at all.
      if (CertManagerCertificate.is(object)
          && e.getCause() instanceof KubernetesClientException cause
          && cause.getCode() == 404) {
        throw new ApplyException(
            ObjectKey.of(object), "apply", new IllegalStateException(CertificateApi.NOT_SERVED));
      }
      throw e;
    }
  }

  /**
   * Deletes the object and, before it disappears, everything it owns (pods of a StatefulSet ...).
   */
  public void delete(HasMetadata object) {
    withRetry(
        object,
        "delete",
        () -> resource(object).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete());
  }

  /** A custom resource by its known API, not by discovery, which fails without saying why. */
  private Resource<? extends HasMetadata> resource(HasMetadata object) {
    if (CertManagerCertificate.is(object) && object instanceof GenericKubernetesResource generic) {
      return CertificateApi.resources(client)
          .inNamespace(object.getMetadata().getNamespace())
          .resource(generic);
    }
    return client.resource(object);
  }

  /**
   * Deletes the object but leaves what it owns running, and waits until the object is gone so that
   * it can be created again. Used to change a StatefulSet's immutable fields without restarting its
   * pods.
   */
  public void deleteOrphaning(HasMetadata object) {
    ObjectKey key = ObjectKey.of(object);
    withRetry(
        object,
        "orphaning delete",
        () -> client.resource(object).withPropagationPolicy(DeletionPropagation.ORPHAN).delete());
    long deadline = System.nanoTime() + retry.deletionWait().toNanos();
    while (withRetry(object, "read", () -> client.resource(object).get()) != null) {
      if (System.nanoTime() > deadline) {
        throw new ApplyException(
            key,
            "orphaning delete",
            new IllegalStateException("still present after " + retry.deletionWait()));
      }
      sleep(retry.initialBackoff());
    }
  }

  /** Grows a claim's storage request; the storage class must allow volume expansion. */
  public HasMetadata expandVolume(HasMetadata claim, Quantity size) {
    String patch =
        Serialization.asJson(
            Map.of(
                "spec",
                Map.of("resources", Map.of("requests", Map.of("storage", size.toString())))));
    return mergePatch(claim, "volume expansion", patch);
  }

  /**
   * Labels an object {@code mooring.io/retained=true}: kept on purpose after its spec was removed.
   */
  public HasMetadata labelRetained(HasMetadata object) {
    String patch =
        Serialization.asJson(
            Map.of("metadata", Map.of("labels", Map.of(MooringLabels.RETAINED, "true"))));
    return mergePatch(object, "retain label", patch);
  }

  /**
   * Sets one of Mooring's own annotations: the progress record of a migration, a roll or a Redis
   * Cluster change.
   */
  public HasMetadata annotate(HasMetadata object, String annotation, String value) {
    String patch =
        Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(annotation, value))));
    return mergePatch(object, "annotation " + annotation, patch);
  }

  /**
   * Removes one of Mooring's own annotations (e.g. the departed servers once handled). A JSON
   * patch, not a merge patch: its remove op deletes the key everywhere, where a null in a merge
   * patch is stored as null by some servers (fabric8's mock among them).
   */
  public HasMetadata removeAnnotation(HasMetadata object, String annotation) {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    // JSON pointer escaping: '~' becomes ~0 and '/' becomes ~1.
    String pointer = "/metadata/annotations/" + annotation.replace("~", "~0").replace("/", "~1");
    patch.addObject().put("op", "remove").put("path", pointer);
    return withRetry(
        object,
        "annotation removal",
        () -> client.resource(object).patch(PatchContext.of(PatchType.JSON), patch.toString()));
  }

  /**
   * Sets and removes keys of a Secret's {@code data}, leaving its other keys as they are: a
   * password rotation's values, which server-side apply then neither owns nor removes. A JSON patch
   * (a remove only for a key the Secret has, since removing a missing key fails). Neither the patch
   * nor the answer is logged, and a failure names the keys, never their values.
   *
   * @param values each key's new value (plain text, encoded here), or empty to remove the key
   */
  public HasMetadata patchSecretData(Secret secret, Map<String, Optional<String>> values) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    if (secret.getData() == null) {
      patch.addObject().put("op", "add").put("path", "/data").putObject("value");
    }
    values.forEach(
        (key, value) -> {
          String pointer = "/data/" + key.replace("~", "~0").replace("/", "~1");
          if (value.isPresent()) {
            String encoded =
                Base64.getEncoder().encodeToString(value.get().getBytes(StandardCharsets.UTF_8));
            patch.addObject().put("op", "add").put("path", pointer).put("value", encoded);
          } else if (data.containsKey(key)) {
            patch.addObject().put("op", "remove").put("path", pointer);
          }
        });
    if (patch.isEmpty()) {
      return secret;
    }
    try {
      return withRetry(
          secret,
          "data keys " + values.keySet(),
          () -> client.resource(secret).patch(PatchContext.of(PatchType.JSON), patch.toString()));
    } catch (ApplyException e) {
      // The client's message may quote the request, and the request carries the values.
      throw new ApplyException(
          ObjectKey.of(secret),
          "data keys " + values.keySet(),
          new IllegalStateException(
              "the API server refused the patch"
                  + (e.getCause() instanceof KubernetesClientException k
                      ? " (HTTP " + k.getCode() + ")"
                      : "")));
    }
  }

  /**
   * Removes Mooring's labels and its {@code mooring.io/*} annotations from an object, which keeps
   * running without an owner in Mooring. A JSON patch of the keys the object has (a remove of a
   * missing key fails), tested against the labels it was planned from.
   */
  public HasMetadata disown(HasMetadata object) {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels != null) {
      for (String label :
          List.of(MooringLabels.MANAGED_BY, MooringLabels.APP, MooringLabels.RETAINED)) {
        if (labels.containsKey(label)) {
          String pointer = pointer("labels", label);
          patch.addObject().put("op", "test").put("path", pointer).put("value", labels.get(label));
          patch.addObject().put("op", "remove").put("path", pointer);
        }
      }
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations != null) {
      annotations.keySet().stream()
          .filter(key -> key.startsWith(MOORING_PREFIX))
          .sorted()
          .forEach(
              key ->
                  patch.addObject().put("op", "remove").put("path", pointer("annotations", key)));
    }
    return withRetry(
        object,
        "disown",
        () -> client.resource(object).patch(PatchContext.of(PatchType.JSON), patch.toString()));
  }

  /** A JSON pointer to a metadata key: '~' becomes ~0 and '/' becomes ~1. */
  private static String pointer(String map, String key) {
    return "/metadata/" + map + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  private HasMetadata mergePatch(HasMetadata object, String operation, String patch) {
    return withRetry(
        object,
        operation,
        () -> client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
  }

  private <T> T withRetry(HasMetadata object, String operation, Supplier<T> call) {
    ObjectKey key = ObjectKey.of(object);
    for (int attempt = 1; ; attempt++) {
      if (!"read".equals(operation) && !mayWrite.test(appOf(object))) {
        throw new ApplyException(
            key,
            operation,
            new IllegalStateException(
                "this replica may not write it (not the leader, or another replica owns its shard)"));
      }
      try {
        return call.get();
      } catch (KubernetesClientException e) {
        if (attempt >= retry.maxAttempts() || !retryable(e)) {
          throw new ApplyException(key, operation, e);
        }
        Duration wait = retry.waitAfter(attempt, e);
        LOG.info(
            "{} of {} failed with {} (attempt {}), retrying in {} ms",
            operation,
            key,
            e.getCode(),
            attempt,
            wait.toMillis());
        sleep(wait);
      }
    }
  }

  /**
   * Throttling, server errors and timeouts are transient. A 409 is a conflict with a newer state
   * (or an object still being deleted); every call here rebuilds its request from the object alone,
   * never from a stale resourceVersion, so trying again works from the server's fresh state.
   */
  static boolean retryable(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 409 || code == 429 || code >= 500) {
      return true;
    }
    return e instanceof KubernetesClientTimeoutException
        || hasCause(e, IOException.class)
        || hasCause(e, TimeoutException.class);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static HasMetadata withoutResourceVersion(HasMetadata object) {
    if (object.getMetadata().getResourceVersion() == null) {
      return object;
    }
    // A resourceVersion would turn the apply into a conditional update that fails on any newer
    // state.
    HasMetadata copy = Serialization.clone(object);
    copy.getMetadata().setResourceVersion(null);
    return copy;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
