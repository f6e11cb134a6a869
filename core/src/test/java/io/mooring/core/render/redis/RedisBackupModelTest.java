package io.mooring.core.render.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.RedisSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What backup and restore add to a Hera RedisInstance's objects. */
class RedisBackupModelTest {
  private static final String APPS =
      """
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders}
      spec:
        persistence: {aof: {fsync: always}}
        backup:
          schedule: "15 */6 * * *"
          retain: 3
          pointInTime: true
          storage: {size: 20Gi, storageClassName: standard}
      ---
      apiVersion: cache.hera.io/v1alpha1
      kind: RedisInstance
      metadata: {name: orders-copy}
      spec:
        restore: {fromApp: orders, pointInTime: "2026-11-30T12:00:00Z"}
      """;

  private static DesiredState render(int index) {
    SpecParseResult parsed =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(List.of(SpecFile.of("apps.yaml", APPS)));
    assertThat(parsed.errors()).isEmpty();
    return RedisRenderer.render((RedisSpec) parsed.specs().get(index), RedisTestSpecs.OPTIONS);
  }

  private static <T extends HasMetadata> T object(DesiredState state, Class<T> type, String name) {
    return io.mooring.core.testing.RenderedObjects.named(state, type, name);
  }

  private static Map<String, String> plainEnv(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void aBackedUpAppGetsItsClaimASidecarWithTheScheduleAndATimestampedAppendOnlyFile() {
    DesiredState state = render(0);

    PersistentVolumeClaim claim =
        object(state, PersistentVolumeClaim.class, "orders-redis-backups");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("20Gi");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
    StatefulSet set = object(state, StatefulSet.class, "orders-redis");
    Container sidecar =
        set.getSpec().getTemplate().getSpec().getContainers().stream()
            .filter(c -> c.getName().equals("backup"))
            .findFirst()
            .orElseThrow();
    assertThat(plainEnv(sidecar))
        .containsEntry("CRON_MINUTES", "15")
        .containsEntry("CRON_HOURS", "0 6 12 18")
        .containsEntry("CRON_WEEKDAYS", "0 1 2 3 4 5 6")
        .containsEntry("RETAIN", "3")
        .containsEntry("POINT_IN_TIME", "1");
    // The password reaches redis-cli from the Secret, never as a value.
    assertThat(sidecar.getEnv())
        .filteredOn(e -> e.getName().equals("REDISCLI_AUTH"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
    // ... and from the mounted Secret, which follows a password rotation without a restart.
    String mounted = plainEnv(sidecar).get("REDIS_PASSWORD_FILE");
    assertThat(sidecar.getVolumeMounts())
        .filteredOn(m -> mounted.startsWith(m.getMountPath() + "/"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(set.getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(v -> v.getName().equals(m.getName()))
                    .singleElement()
                    .satisfies(
                        v ->
                            assertThat(v.getSecret().getSecretName())
                                .isEqualTo("orders-redis-auth")));
    String conf =
        object(state, ConfigMap.class, "orders-redis-config").getData().values().stream()
            .collect(Collectors.joining("\n"));
    assertThat(conf).contains("appendfsync always\n").contains("aof-timestamp-enabled yes\n");
  }

  @Test
  void aRestoredAppFillsItsDataFirstFromTheSourcesBackupClaimMountedReadOnly() {
    DesiredState state = render(1);

    StatefulSet set = object(state, StatefulSet.class, "orders-copy-redis");
    Container first = set.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(first.getName()).isEqualTo("restore");
    assertThat(plainEnv(first))
        .containsEntry("POINT_IN_TIME", "2026-11-30T12:00:00Z")
        .containsEntry("BACKUP", "latest");
    Volume source =
        set.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getPersistentVolumeClaim() != null)
            .findFirst()
            .orElseThrow();
    assertThat(source.getPersistentVolumeClaim().getClaimName()).isEqualTo("orders-redis-backups");
    assertThat(source.getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(state.objects())
        .filteredOn(o -> o instanceof PersistentVolumeClaim)
        .as("a restored app without backup has no backup claim of its own")
        .isEmpty();
  }
}
