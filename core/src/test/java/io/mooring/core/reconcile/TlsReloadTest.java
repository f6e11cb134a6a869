package io.mooring.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.spec.AppKind;
import io.mooring.core.spec.AppLifecycle;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.RedisDataSource;
import io.mooring.core.spec.RedisEngine;
import io.mooring.core.spec.RedisPersistence;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.RedisTls;
import io.mooring.core.spec.ResourcePreset;
import io.mooring.core.spec.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a sync asks the servers of a TLS app to load the certificate of its Secret. */
class TlsReloadTest {
  private static final AppRef APP = new AppRef(AppKind.REDIS, "shop", "cache");
  private final List<String> calls = new ArrayList<>();
  private final TlsReload reload =
      new TlsReload((app, replicas) -> calls.add(app.name() + "/" + replicas));

  private static RedisSpec spec(RedisTls tls) {
    return new RedisSpec(
            APP,
            SourceLocation.ofFile("apps/cache.yaml"),
            Map.of(),
            3,
            ResourcePreset.DEFAULT.resources(),
            new Quantity("1Gi"),
            "",
            false,
            true,
            AppLifecycle.NONE,
            RedisEngine.DEFAULT,
            RedisPersistence.DEFAULT,
            RedisDataSource.EMPTY)
        .withTls(tls);
  }

  private static List<HasMetadata> statefulSet(int ready) {
    StatefulSet set =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("cache-redis")
            .withNamespace("shop")
            .endMetadata()
            .withNewStatus()
            .withReadyReplicas(ready)
            .endStatus()
            .build();
    return List.of(set);
  }

  @Test
  void aReadyTlsAppIsCheckedOnEverySync() {
    assertThat(reload.apply(spec(RedisTls.OWN_CA), List.of(), statefulSet(3))).isNull();
    assertThat(reload.apply(spec(RedisTls.OWN_CA), List.of(), statefulSet(3))).isNull();
    assertThat(calls).containsExactly("cache/3", "cache/3");
  }

  @Test
  void podsThatAreNotAllReadyOrAnAppWithoutTlsAreLeftAlone() {
    assertThat(reload.apply(spec(RedisTls.OWN_CA), List.of(), statefulSet(2))).isNull();
    assertThat(reload.apply(spec(RedisTls.OWN_CA), List.of(), List.of())).isNull();
    assertThat(reload.apply(spec(RedisTls.DISABLED), List.of(), statefulSet(3))).isNull();
    assertThat(calls).isEmpty();
  }

  @Test
  void aServerStillOnTheOldCertificateIsReportedForTheSyncToFail() {
    TlsReload failing =
        new TlsReload(
            (app, replicas) -> {
              throw new IllegalStateException("cache-redis-1 still serves another certificate");
            });
    assertThat(failing.apply(spec(RedisTls.OWN_CA), List.of(), statefulSet(3)))
        .isEqualTo("cache-redis-1 still serves another certificate");
  }
}
