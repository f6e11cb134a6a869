package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.mooring.core.diff.FieldDrift;
import io.mooring.core.diff.ObjectKey;
import io.mooring.core.nats.NatsAssetSync;
import io.mooring.core.plan.ObjectAction;
import io.mooring.core.plan.ObjectAction.AssetVerb;
import io.mooring.core.reconcile.AssetSync;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.spec.NatsSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * JetStream assets declared in a spec, kept on three real nats-server processes (127.0.0.181–183)
 * running the rendered nats.conf, through {@link NatsAssetSync} as the daemon runs it: created with
 * the declared settings, a hand change reported as drift and healed, a stream with messages that
 * left the spec kept, and deleted only by its tombstone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatsJetStreamAssetsRealServerIT {
  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static final String HEAD =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: NATS
      metadata:
        name: orders
        namespace: tenant-x
      spec:
        replicas: 3
        users:
          app: {password: App-pw.1}
        jetstream:
          enabled: true
          size: 1Gi
      """;
  private static final String ASSETS =
      """
          streams:
            - name: ORDERS
              subjects: ["orders.>"]
              replicas: 3
              storage: file
              maxAge: 72h
              maxBytes: 100Mi
          consumers:
            - stream: ORDERS
              name: billing
              durable: true
              ackPolicy: explicit
              filterSubject: orders.created
          keyValue:
            - bucket: config
              history: 5
      """;

  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());
  private DesiredState state;
  private LocalNatsPods pods;
  private NatsAssetSync assets;

  @BeforeAll
  void startThreePods(@TempDir Path workDir) {
    NatsSpec spec = spec(ASSETS);
    state = NatsRenderer.render(spec, NatsSpecs.OPTIONS);
    pods = new LocalNatsPods(spec, new NatsNames(spec.ref(), "cluster.local"), state, workDir, 181);
    pods.startAll();
    NatsClusterWaits.formed(pods, 3);
    assets = new NatsAssetSync(this::liveObject, app -> pods.clientUrl(0), REQUEST);
  }

  @AfterAll
  void stopPods() throws InterruptedException {
    pods.close();
  }

  @Test
  @Order(1)
  void aSyncCreatesTheStreamTheConsumerAndTheBucketAsDeclared() throws Exception {
    AssetSync created = assets.sync(spec(ASSETS), true);

    assertThat(created.refused()).isEmpty();
    assertThat(created.changes())
        .extracting(change -> change.verb() + " " + change.key().kind() + " " + change.key().name())
        .containsExactly(
            "CREATE Stream ORDERS", "CREATE KeyValue config", "CREATE Consumer ORDERS/billing");
    try (Connection connection = connect()) {
      JetStreamManagement jsm = connection.jetStreamManagement();
      StreamConfiguration orders = jsm.getStreamInfo("ORDERS").getConfiguration();
      assertThat(orders.getSubjects()).containsExactly("orders.>");
      assertThat(orders.getReplicas()).isEqualTo(3);
      assertThat(orders.getStorageType()).isEqualTo(StorageType.File);
      assertThat(orders.getMaxAge()).isEqualTo(Duration.ofDays(3));
      assertThat(orders.getMaxBytes()).isEqualTo(100L * 1024 * 1024);
      ConsumerConfiguration billing =
          jsm.getConsumerInfo("ORDERS", "billing").getConsumerConfiguration();
      assertThat(billing.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
      assertThat(billing.getFilterSubject()).isEqualTo("orders.created");
      KeyValueConfiguration config =
          connection.keyValueManagement().getStatus("config").getConfiguration();
      assertThat(config.getMaxHistoryPerKey()).isEqualTo(5);
      connection.keyValue("config").put("region", "eu");
    }
    assertThat(assets.sync(spec(ASSETS), false).changes())
        .as("the next sync finds everything as declared")
        .isEmpty();
  }

  @Test
  @Order(2)
  void aHandChangeIsReportedAsDriftAndHealed() throws Exception {
    try (Connection connection = connect()) {
      JetStreamManagement jsm = connection.jetStreamManagement();
      StreamConfiguration live = jsm.getStreamInfo("ORDERS").getConfiguration();
      jsm.updateStream(StreamConfiguration.builder(live).maxAge(Duration.ofHours(1)).build());
    }
    long start = System.nanoTime();
    AssetSync observed = assets.sync(spec(ASSETS), false);
    Duration detection = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("drift detection of a stream change (one observe sync): " + detection);

    assertThat(observed.changes()).singleElement().satisfies(this::isMaxAgeDrift);
    try (Connection connection = connect()) {
      assertThat(
              connection
                  .jetStreamManagement()
                  .getStreamInfo("ORDERS")
                  .getConfiguration()
                  .getMaxAge())
          .as("observe mode only reads")
          .isEqualTo(Duration.ofHours(1));
    }

    AssetSync healed = assets.sync(spec(ASSETS), true);
    assertThat(healed.changes()).singleElement().satisfies(this::isMaxAgeDrift);
    try (Connection connection = connect()) {
      assertThat(
              connection
                  .jetStreamManagement()
                  .getStreamInfo("ORDERS")
                  .getConfiguration()
                  .getMaxAge())
          .isEqualTo(Duration.ofDays(3));
    }
    assertThat(assets.sync(spec(ASSETS), false).changes()).isEmpty();
  }

  private void isMaxAgeDrift(ObjectAction.ServerAsset change) {
    assertThat(change.key()).isEqualTo(new ObjectKey("Stream", "tenant-x", "ORDERS"));
    assertThat(change.verb()).isEqualTo(AssetVerb.UPDATE);
    assertThat(change.diff().drifts())
        .containsExactly(
            new FieldDrift(
                "maxAge", Duration.ofDays(3).toString(), Duration.ofHours(1).toString()));
  }

  @Test
  @Order(3)
  void aChangeNatsCannotMakeInPlaceIsRefusedWithTheReason() {
    AssetSync memory =
        assets.sync(
            spec(
                ASSETS
                    .replace("storage: file", "storage: memory")
                    .replace("maxBytes: 100Mi", "maxBytes: 16Mi")),
            true);

    assertThat(memory.changes()).isEmpty();
    assertThat(memory.refused())
        .singleElement()
        .satisfies(
            refusal ->
                assertThat(refusal.reason())
                    .startsWith("storage cannot change from file to memory")
                    .contains("NATS cannot change this in place"));
  }

  @Test
  @Order(4)
  void aStreamWithMessagesThatLeftTheSpecIsKeptUntilItsTombstone() throws Exception {
    try (Connection connection = connect()) {
      for (int i = 0; i < 3; i++) {
        connection
            .jetStream()
            .publish("orders.created", ("o" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    String withoutOrders =
        """
            keyValue:
              - bucket: config
                history: 5
        """;

    AssetSync removed = assets.sync(spec(withoutOrders), true);

    assertThat(removed.refused())
        .singleElement()
        .satisfies(
            refusal -> {
              assertThat(refusal.key()).isEqualTo(new ObjectKey("Stream", "tenant-x", "ORDERS"));
              assertThat(refusal.reason())
                  .contains("left the spec but holds 3 message(s): Mooring keeps it")
                  .contains("{name: ORDERS, deletePolicy: delete}");
            });
    try (Connection connection = connect()) {
      assertThat(
              connection
                  .jetStreamManagement()
                  .getStreamInfo("ORDERS")
                  .getStreamState()
                  .getMsgCount())
          .isEqualTo(3);
    }

    String tombstone =
        withoutOrders + "    streams:\n      - {name: ORDERS, deletePolicy: delete}\n";
    AssetSync deleted = assets.sync(spec(tombstone), true);

    assertThat(deleted.refused()).isEmpty();
    assertThat(deleted.changes())
        .extracting(change -> change.verb() + " " + change.key().name())
        .containsExactly("DELETE ORDERS");
    try (Connection connection = connect()) {
      assertThat(connection.jetStreamManagement().getStreamNames()).containsExactly("KV_config");
      assertThat(connection.keyValue("config").get("region").getValueAsString())
          .as("the bucket kept its value")
          .isEqualTo("eu");
    }
  }

  @Test
  @Order(5)
  void aHundredStreams() {
    StringBuilder streams = new StringBuilder("    streams:\n");
    for (int i = 0; i < 100; i++) {
      streams
          .append("      - {name: S")
          .append(i)
          .append(", subjects: [\"s")
          .append(i)
          .append(".>\"]}\n");
    }
    NatsSpec spec = spec(streams.toString());

    long start = System.nanoTime();
    AssetSync created = assets.sync(spec, true);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("time to create 100 streams (one apply sync): " + took);

    assertThat(created.changes()).hasSize(100);
    assertThat(created.refused())
        .as("the bucket that left the spec holds a value, so it stays")
        .singleElement()
        .satisfies(refusal -> assertThat(refusal.key().kind()).isEqualTo("KeyValue"));
    long again = System.nanoTime();
    assertThat(assets.sync(spec, false).changes()).isEmpty();
    System.out.println(
        "drift check of 100 streams (one observe sync): "
            + Duration.ofNanos(System.nanoTime() - again));
  }

  private NatsSpec spec(String assets) {
    SpecParseResult result = parser.parse(List.of(SpecFile.of("apps/orders.yaml", HEAD + assets)));
    assertThat(result.errors()).isEmpty();
    return (NatsSpec) result.specs().get(0);
  }

  private Connection connect() throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(pods.clientUrl(1))
            .userInfo("app", "App-pw.1")
            .connectionTimeout(REQUEST)
            .build());
  }

  /** The live objects as the cluster cache would hold them: the rendered Secrets. */
  private HasMetadata liveObject(ObjectKey key) {
    return state.objects().stream()
        .filter(Secret.class::isInstance)
        .filter(secret -> ObjectKey.of(secret).equals(key))
        .findFirst()
        .orElse(null);
  }
}
