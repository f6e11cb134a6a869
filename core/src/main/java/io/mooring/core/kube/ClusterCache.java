package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.render.common.ApplyOrder;
import io.mooring.core.render.common.CertManagerCertificate;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.spec.AppRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live objects Mooring manages, kept current by one informer per kind (and per served
 * namespace) that selects only {@code app.kubernetes.io/managed-by=mooring}; cert-manager's
 * Certificates too when the cluster serves them, and the Secrets cert-manager fills for them, which
 * carry the app's labels. Claims made by a StatefulSet carry its templates' labels, so the same
 * selector finds them. Reads never call the API server.
 */
public final class ClusterCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);
  private static final String BY_APP = "by-app";
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Secret.class,
          ConfigMap.class,
          PersistentVolumeClaim.class,
          Service.class,
          StatefulSet.class,
          Deployment.class,
          PodDisruptionBudget.class,
          NetworkPolicy.class);

  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
  private final List<AppChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final OwnWrites ownWrites = new OwnWrites();

  /**
   * Signalled after every informer event, when the store already holds it: waiters for Mooring's
   * own writes re-check then instead of polling.
   */
  private final Lock eventLock = new ReentrantLock();

  private final Condition informerEvent = eventLock.newCondition();

  private ClusterCache() {}

  /**
   * Starts the informers and waits until each has listed its objects.
   *
   * @param namespaces the namespaces Mooring serves; empty means all
   */
  public static ClusterCache start(
      KubernetesClient client, List<String> namespaces, Duration timeout) {
    ClusterCache cache = new ClusterCache();
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      if (namespaces.isEmpty()) {
        started.add(cache.inform(client, kind, null));
      } else {
        namespaces.forEach(namespace -> started.add(cache.inform(client, kind, namespace)));
      }
    }
    if (CertificateApi.served(client)) {
      if (namespaces.isEmpty()) {
        started.add(cache.informCertificates(client, null));
      } else {
        namespaces.forEach(namespace -> started.add(cache.informCertificates(client, namespace)));
      }
    }
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cache.close();
      throw new IllegalStateException("interrupted while listing the cluster's managed objects", e);
    } catch (ExecutionException | TimeoutException e) {
      cache.close();
      throw new IllegalStateException(
          "could not list the cluster's managed objects within " + timeout, e);
    }
    return cache;
  }

  private <T extends HasMetadata> CompletableFuture<Void> inform(
      KubernetesClient client, Class<T> kind, String namespace) {
    FilterWatchListDeletable<T, ?, ?> selection =
        namespace == null
            ? client
                .resources(kind)
                .inAnyNamespace()
                .withLabel(MooringLabels.MANAGED_BY, MooringLabels.MANAGER)
            : client
                .resources(kind)
                .inNamespace(namespace)
                .withLabel(MooringLabels.MANAGED_BY, MooringLabels.MANAGER);
    return inform(selection);
  }

  /** cert-manager's Certificates, watched only where cert-manager is installed. */
  private CompletableFuture<Void> informCertificates(KubernetesClient client, String namespace) {
    return inform(
        namespace == null
            ? CertificateApi.resources(client)
                .inAnyNamespace()
                .withLabel(MooringLabels.MANAGED_BY, MooringLabels.MANAGER)
            : CertificateApi.resources(client)
                .inNamespace(namespace)
                .withLabel(MooringLabels.MANAGED_BY, MooringLabels.MANAGER));
  }

  private <T extends HasMetadata> CompletableFuture<Void> inform(
      FilterWatchListDeletable<T, ?, ?> selection) {
    SharedIndexInformer<T> informer =
        selection.runnableInformer(0).itemStore(new TrimmingItemStore<>());
    // An API that answers 503 or resets a connection while the daemon starts must not stop it: the
    // informer lists again with its own backoff until it succeeds, within the caller's timeout.
    informer.exceptionHandler((isStarted, failure) -> true);
    informer.addIndexers(
        Map.of(
            BY_APP,
            object -> {
              AppRef app = appOf(object);
              return app == null ? List.of() : List.of(indexKey(app));
            }));
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T object) {
            informed(object, false);
            signalEvent();
            changed(object);
          }

          @Override
          public void onUpdate(T before, T after) {
            informed(after, false);
            signalEvent();
            // Periodic relists deliver unchanged objects; only a new resourceVersion is a change.
            if (!Objects.equals(
                before.getMetadata().getResourceVersion(),
                after.getMetadata().getResourceVersion())) {
              changed(after);
            }
          }

          @Override
          public void onDelete(T object, boolean finalStateUnknown) {
            informed(object, true);
            signalEvent();
            changed(object);
          }
        });
    informers.add(informer);
    return informer.start().toCompletableFuture();
  }

  public void addListener(AppChangeListener listener) {
    listeners.add(listener);
  }

  public void removeListener(AppChangeListener listener) {
    listeners.remove(listener);
  }

  /**
   * Every live object labelled as belonging to {@code app}, in apply order: as the informers last
   * saw it, or as the server answered Mooring's own write to it when that is newer.
   */
  public List<HasMetadata> liveObjects(AppRef app) {
    List<HasMetadata> objects = new ArrayList<>();
    String key = indexKey(app);
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      objects.addAll(informer.getIndexer().byIndex(BY_APP, key));
    }
    objects = ownWrites.overlay(key, objects);
    objects.sort(ApplyOrder.COMPARATOR);
    return objects;
  }

  /**
   * Takes the server's answer to one of Mooring's writes as the live state of that object, until
   * the informers show it: the next diff starts from it without waiting for the watch event.
   *
   * @param answer the object as the server stored it; null when it was deleted
   * @param written the object as Mooring sent or last saw it (its resourceVersion dates a deletion)
   */
  public void tookWrite(AppRef app, HasMetadata written, HasMetadata answer) {
    ObjectKey key = ObjectKey.of(written);
    if (answer != null && informerCopyNotOlder(key, answer)) {
      // The watch event came first: the informers hold this state already.
      return;
    }
    if (answer != null && appOf(answer) == null && appOf(written) == null) {
      // A shared object (the namespace's CA): no app lists it, but the next app's render reads it
      // through get(), possibly before the watch delivers it.
      ownWrites.record(SHARED, key, LiveObjectTrim.trim(answer), null);
      return;
    }
    HasMetadata kept =
        answer == null || !app.equals(appOf(answer)) ? null : LiveObjectTrim.trim(answer);
    ownWrites.record(
        indexKey(app), key, kept, kept == null ? written.getMetadata().getResourceVersion() : null);
  }

  /**
   * True while every informer holds an open watch: the API server is reachable and the cache
   * follows it. False while a watch is being re-established after the connection dropped.
   */
  public boolean watching() {
    return informers.stream().allMatch(SharedIndexInformer::isWatching);
  }

  private boolean informerCopyNotOlder(ObjectKey key, HasMetadata answer) {
    String storeKey = key.namespace() == null ? key.name() : key.namespace() + "/" + key.name();
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      if (kindOf(informer).equals(key.kind())) {
        HasMetadata found = informer.getStore().getByKey(storeKey);
        if (found != null) {
          return OwnWrites.notOlder(
              found.getMetadata().getResourceVersion(), answer.getMetadata().getResourceVersion());
        }
      }
    }
    return false;
  }

  /** The kind an informer watches: its class's, or for the one custom resource, Certificate. */
  private static String kindOf(SharedIndexInformer<? extends HasMetadata> informer) {
    Class<? extends HasMetadata> type = informer.getApiTypeClass();
    return GenericKubernetesResource.class.equals(type)
        ? CertManagerCertificate.KIND
        : type.getSimpleName();
  }

  /** Apps that have at least one live object carrying Mooring's labels. */
  public Set<AppRef> managedApps() {
    ownWrites.forgetExpired();
    Set<AppRef> apps = new TreeSet<>();
    for (String app : ownWrites.appsWithObjects()) {
      if (!app.equals(SHARED)) {
        apps.add(fromIndexKey(app));
      }
    }
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      for (HasMetadata object : informer.getStore().list()) {
        AppRef app = appOf(object);
        if (app != null) {
          apps.add(app);
        }
      }
    }
    return apps;
  }

  /** The cached object with this key, or null. */
  public HasMetadata get(ObjectKey key) {
    String storeKey = key.namespace() == null ? key.name() : key.namespace() + "/" + key.name();
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      if (kindOf(informer).equals(key.kind())) {
        HasMetadata found = informer.getStore().getByKey(storeKey);
        if (found != null) {
          return ownWrites.overrides(key, found) ? ownWrites.answer(key) : found;
        }
      }
    }
    return ownWrites.overrides(key, null) ? ownWrites.answer(key) : null;
  }

  /**
   * Waits until the cache has seen Mooring's own writes, so that the next diff does not act on a
   * state older than them.
   *
   * @param expected resourceVersion each object was written with; null for an object that was
   *     deleted
   * @return false when the timeout passed first
   */
  public boolean awaitObserved(Map<ObjectKey, String> expected, Duration timeout) {
    long remaining = timeout.toNanos();
    eventLock.lock();
    try {
      // Checked under the lock that informer events signal with: an event between this check and
      // the wait cannot be missed, since its signal waits until this thread waits.
      while (!expected.entrySet().stream().allMatch(e -> observed(e.getKey(), e.getValue()))) {
        if (remaining <= 0) {
          return false;
        }
        remaining = informerEvent.awaitNanos(remaining);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      eventLock.unlock();
    }
  }

  private boolean observed(ObjectKey key, String resourceVersion) {
    HasMetadata cached = get(key);
    if (resourceVersion == null) {
      return cached == null;
    }
    return cached != null && notOlder(cached.getMetadata().getResourceVersion(), resourceVersion);
  }

  /** resourceVersions are opaque, but every API server in use issues increasing integers. */
  private static boolean notOlder(String cached, String written) {
    try {
      return Long.parseLong(cached) >= Long.parseLong(written);
    } catch (NumberFormatException | NullPointerException opaque) {
      return Objects.equals(cached, written);
    }
  }

  /** Informers update their store before they call handlers, so a woken waiter sees the event. */
  private void signalEvent() {
    eventLock.lock();
    try {
      informerEvent.signalAll();
    } finally {
      eventLock.unlock();
    }
  }

  private void informed(HasMetadata object, boolean deleted) {
    AppRef app = appOf(object);
    ownWrites.informed(app == null ? SHARED : indexKey(app), ObjectKey.of(object), object, deleted);
  }

  private void changed(HasMetadata object) {
    AppRef app = appOf(object);
    if (app == null) {
      return;
    }
    ObjectKey key = ObjectKey.of(object);
    for (AppChangeListener listener : listeners) {
      try {
        listener.appChanged(app, key);
      } catch (RuntimeException e) {
        LOG.warn("listener failed on a change of {} ({})", app, key, e);
      }
    }
  }

  private static AppRef appOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null
        ? null
        : AppRef.fromLabel(labels.get(MooringLabels.APP), object.getMetadata().getNamespace());
  }

  /** The answers to writes of objects no app owns, kept apart from every app's. */
  private static final String SHARED = "";

  private static String indexKey(AppRef app) {
    return app.namespace() + "/" + app.labelValue();
  }

  private static AppRef fromIndexKey(String key) {
    int slash = key.indexOf('/');
    return AppRef.fromLabel(key.substring(slash + 1), key.substring(0, slash));
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
