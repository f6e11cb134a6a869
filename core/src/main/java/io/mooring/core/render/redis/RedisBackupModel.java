package io.mooring.core.render.redis;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mooring.core.render.backup.RedisBackupScripts;
import io.mooring.core.render.common.PodResources;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.CronSchedule;
import io.mooring.core.spec.RedisBackupPolicy;
import io.mooring.core.spec.RedisRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The objects of {@code backup} and {@code restore}: a backup volume per app, a sidecar in the
 * Redis pod that shares its data volume, and an init container that fills a new app's empty data
 * volume from another app's backups before Redis starts.
 *
 * <p>A sidecar rather than a Job: a {@code ReadWriteOnce} data volume cannot be mounted by a Job on
 * another node, and replicating the whole dataset over the network for every backup doubles what a
 * snapshot costs. The sidecar copies the snapshot Redis itself writes, and only while its Redis is
 * the master. The backup volume is a claim of its own, not a claim template, so that it can be
 * added to a running StatefulSet (claim templates cannot change) and outlives the pods.
 */
final class RedisBackupModel {
  static final String SCRIPTS_PATH = RedisBackupScripts.SCRIPTS_PATH;
  static final String BACKUPS_PATH = "/backups";
  static final String SOURCE_BACKUPS_PATH = "/restore-from";
  private static final String LOOP = "redis-backup-loop.sh";
  private static final String SCRIPTS_VOLUME = "backup-scripts";
  private static final String BACKUPS_VOLUME = "backups";

  /** The auth Secret mounted into the sidecar, so that its password follows a rotation. */
  private static final String AUTH_VOLUME = "backup-auth";

  private static final String AUTH_PATH = "/var/run/mooring/redis-auth";
  private static final String SOURCE_VOLUME = "restore-from";
  // The restore script's code for "the data directory already holds data": on a restarted pod the
  // data restored at creation is there, and it must start from it.
  private static final int ALREADY_HOLDS_DATA = 2;

  private final RedisContext context;

  RedisBackupModel(RedisContext context) {
    this.context = context;
  }

  /** The backup volume's claim: {@code <app>-redis-backups}. */
  static String claimName(AppRef app) {
    return app.name() + "-redis-backups";
  }

  private Optional<RedisBackupPolicy> policy() {
    return context.spec().protection().backup();
  }

  private Optional<RedisRestore> restore() {
    return context.spec().protection().restore();
  }

  /** The scripts ConfigMap, the backup claim: the objects beside the StatefulSet. */
  List<HasMetadata> generateObjects() {
    List<HasMetadata> objects = new ArrayList<>();
    if (policy().isEmpty() && restore().isEmpty()) {
      return objects;
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    scripts.put(
        RedisBackupScripts.BACKUP,
        RedisScripts.withCliArgs(
            RedisBackupScripts.backupScript(), new RedisTlsModel(context).cliArgs()));
    scripts.put(RedisBackupScripts.RESTORE, RedisBackupScripts.restoreScript());
    scripts.put(LOOP, RedisBackupScripts.read(LOOP));
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withMetadata(context.meta(scriptsName(), RedisContext.COMPONENT_REDIS))
            .withData(scripts)
            .build();
    objects.add(configMap);
    policy().ifPresent(policy -> objects.add(claim(policy)));
    return objects;
  }

  private String scriptsName() {
    return context.names().redis() + "-backup-scripts";
  }

  private PersistentVolumeClaim claim(RedisBackupPolicy policy) {
    PersistentVolumeClaimBuilder claim =
        new PersistentVolumeClaimBuilder()
            .withMetadata(
                context.meta(claimName(context.spec().ref()), RedisContext.COMPONENT_REDIS))
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", policy.storageSize())
            .endResources()
            .endSpec();
    if (!policy.storageClass().isEmpty()) {
      claim.editSpec().withStorageClassName(policy.storageClass()).endSpec();
    }
    return claim.build();
  }

  /** The StatefulSet with the backup sidecar and the restore init container added. */
  StatefulSet addTo(StatefulSet statefulSet) {
    if (policy().isEmpty() && restore().isEmpty()) {
      return statefulSet;
    }
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(SCRIPTS_VOLUME)
            .withNewConfigMap()
            .withName(scriptsName())
            .endConfigMap()
            .build());
    StatefulSetBuilder builder = new StatefulSetBuilder(statefulSet);
    policy()
        .ifPresent(
            policy -> {
              volumes.add(claimVolume(BACKUPS_VOLUME, claimName(context.spec().ref()), false));
              if (!passwordEnv().isEmpty()) {
                volumes.add(authVolume());
              }
              builder
                  .editSpec()
                  .editTemplate()
                  .editSpec()
                  .addToContainers(sidecar(policy))
                  .endSpec()
                  .endTemplate()
                  .endSpec();
            });
    restore()
        .ifPresent(
            restore -> {
              AppRef source =
                  new AppRef(
                      context.spec().ref().kind(),
                      context.spec().ref().namespace(),
                      restore.fromApp());
              volumes.add(claimVolume(SOURCE_VOLUME, claimName(source), true));
              List<Container> init =
                  new ArrayList<>(
                      statefulSet.getSpec().getTemplate().getSpec().getInitContainers());
              init.add(0, restoreContainer(restore));
              builder
                  .editSpec()
                  .editTemplate()
                  .editSpec()
                  .withInitContainers(init)
                  .endSpec()
                  .endTemplate()
                  .endSpec();
            });
    return builder
        .editSpec()
        .editTemplate()
        .editSpec()
        .addAllToVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Volume claimVolume(String name, String claim, boolean readOnly) {
    return new VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .withReadOnly(readOnly)
        .endPersistentVolumeClaim()
        .build();
  }

  private Container sidecar(RedisBackupPolicy policy) {
    CronSchedule schedule = policy.schedule();
    List<EnvVar> env = new ArrayList<>(passwordEnv());
    if (!env.isEmpty()) {
      env.add(env("REDIS_USER", RedisInternalUsers.OPERATOR.name()));
      env.add(
          env("REDIS_PASSWORD_FILE", AUTH_PATH + "/" + RedisInternalUsers.OPERATOR.secretKey()));
    }
    env.add(env("DATA_DIR", RedisConfigModel.DATA_PATH));
    env.add(env("BACKUP_DIR", BACKUPS_PATH));
    env.add(env("SCRIPTS", SCRIPTS_PATH));
    env.add(env("REDIS_PORT", Integer.toString(RedisPorts.REDIS)));
    if (context.spec().tls().enabled()) {
      // A name the certificate carries, so that the backup reaches its Redis however redis-cli
      // checks the server's names.
      env.add(env("REDIS_HOST", "localhost"));
    }
    env.add(env("RETAIN", Integer.toString(policy.retain())));
    env.add(env("POINT_IN_TIME", policy.pointInTime() ? "1" : "0"));
    String[] fields = {"CRON_MINUTES", "CRON_HOURS", "CRON_DAYS", "CRON_MONTHS", "CRON_WEEKDAYS"};
    for (int i = 0; i < fields.length; i++) {
      env.add(
          env(
              fields[i],
              schedule.values(i).stream().map(String::valueOf).collect(Collectors.joining(" "))));
    }
    env.add(env("CRON_EITHER_DAY", schedule.eitherDayMatches() ? "1" : "0"));
    return new ContainerBuilder()
        .withName(RedisBackupScripts.SIDECAR)
        .withImage(context.serverImage().reference())
        .withCommand("sh", SCRIPTS_PATH + "/" + LOOP)
        .withEnv(env)
        .withResources(PodResources.of("10m", "200m", "32Mi", "64Mi"))
        .withVolumeMounts(
            new VolumeMountBuilder()
                .withName("data")
                .withMountPath(RedisConfigModel.DATA_PATH)
                .build(),
            new VolumeMountBuilder().withName(BACKUPS_VOLUME).withMountPath(BACKUPS_PATH).build(),
            new VolumeMountBuilder()
                .withName(SCRIPTS_VOLUME)
                .withMountPath(SCRIPTS_PATH)
                .withReadOnly(true)
                .build())
        // With TLS the backup's redis-cli verifies the server against the CA of the pod's mount.
        .addAllToVolumeMounts(
            context.spec().tls().enabled() ? List.of(RedisTlsModel.mount()) : List.of())
        .addAllToVolumeMounts(
            passwordEnv().isEmpty()
                ? List.of()
                : List.of(
                    new VolumeMountBuilder()
                        .withName(AUTH_VOLUME)
                        .withMountPath(AUTH_PATH)
                        .withReadOnly(true)
                        .build()))
        .build();
  }

  /**
   * The operator user's key of the app's auth Secret, which the kubelet updates when the key
   * changes.
   */
  private Volume authVolume() {
    String key = RedisInternalUsers.OPERATOR.secretKey();
    return new VolumeBuilder()
        .withName(AUTH_VOLUME)
        .withNewSecret()
        .withSecretName(context.names().authSecret())
        .addNewItem()
        .withKey(key)
        .withPath(key)
        .endItem()
        .endSecret()
        .build();
  }

  private Container restoreContainer(RedisRestore restore) {
    String script = SCRIPTS_PATH + "/" + RedisBackupScripts.RESTORE;
    return new ContainerBuilder()
        .withName("restore")
        .withImage(context.serverImage().reference())
        .withCommand(
            "sh",
            "-c",
            "sh " + script + "; rc=$?; [ $rc = " + ALREADY_HOLDS_DATA + " ] && exit 0; exit $rc")
        .withEnv(
            env("DATA_DIR", RedisConfigModel.DATA_PATH),
            env("BACKUP_DIR", SOURCE_BACKUPS_PATH),
            env("BACKUP", restore.backup()),
            env("POINT_IN_TIME", restore.pointInTime().map(Object::toString).orElse("")),
            env(
                "POINT_IN_TIME_EPOCH",
                restore.pointInTime().map(t -> Long.toString(t.getEpochSecond())).orElse("")))
        .withResources(PodResources.of("10m", "500m", "32Mi", "64Mi"))
        .withVolumeMounts(
            new VolumeMountBuilder()
                .withName("data")
                .withMountPath(RedisConfigModel.DATA_PATH)
                .build(),
            new VolumeMountBuilder()
                .withName(SOURCE_VOLUME)
                .withMountPath(SOURCE_BACKUPS_PATH)
                .withReadOnly(true)
                .build(),
            new VolumeMountBuilder()
                .withName(SCRIPTS_VOLUME)
                .withMountPath(SCRIPTS_PATH)
                .withReadOnly(true)
                .build())
        .build();
  }

  /**
   * redis-cli reads the password from REDISCLI_AUTH: the backup logs in as Mooring's operator user
   * (BGSAVE, LASTSAVE, INFO, CONFIG GET; no key access), never with the app's password.
   */
  private List<EnvVar> passwordEnv() {
    return context.internalUserEnv(List.of(RedisInternalUsers.OPERATOR)).stream()
        .map(
            password ->
                new EnvVarBuilder()
                    .withName("REDISCLI_AUTH")
                    .withValueFrom(password.getValueFrom())
                    .build())
        .toList();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
