package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.spec.NatsJetStreamAssets.AckPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.Storage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.jetstream.streams, consumers and keyValue: read as declared, refused at the field. */
class NatsJetStreamAssetsSpecTest {
  private static final String HEAD =
      """
      apiVersion: apps.cozystack.io/v1alpha1
      kind: NATS
      metadata:
        name: bus
      spec:
        replicas: 3
        users:
          app: {password: App-pw.1}
        jetstream:
          enabled: true
          size: 10Gi
      """;

  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  private SpecParseResult parse(String jetstream) {
    return parser.parse(List.of(SpecFile.of("bus.yaml", HEAD + jetstream)));
  }

  private List<String> errors(String jetstream) {
    SpecParseResult result = parse(jetstream);
    assertThat(result.valid()).as("expected errors").isFalse();
    return result.errors().stream().map(SpecError::toString).toList();
  }

  private NatsJetStreamAssets assets(String jetstream) {
    SpecParseResult result = parse(jetstream);
    assertThat(result.valid()).as(result.errors().toString()).isTrue();
    return ((NatsSpec) result.specs().get(0)).jetstream().assets();
  }

  @Test
  void theIssuesExampleReadsAsDeclared() {
    NatsJetStreamAssets assets =
        assets(
            """
                streams:
                  - name: ORDERS
                    subjects: ["orders.>"]
                    replicas: 3
                    storage: file
                    maxAge: 72h
                    maxBytes: 2Gi
                consumers:
                  - stream: ORDERS
                    name: billing
                    durable: true
                    ackPolicy: explicit
                    filterSubject: orders.created
                keyValue:
                  - bucket: config
                    history: 5
            """);
    NatsJetStreamAssets.Stream orders = assets.streams().get(0);
    assertThat(orders.name()).isEqualTo("ORDERS");
    assertThat(orders.subjects()).containsExactlyInAnyOrder("orders.>");
    assertThat(orders.replicas()).isEqualTo(3);
    assertThat(orders.storage()).isEqualTo(Storage.FILE);
    assertThat(orders.maxAge()).isEqualTo(Duration.ofDays(3));
    assertThat(orders.maxBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(orders.maxMsgs()).isEqualTo(-1);
    assertThat(assets.consumers().get(0).ackPolicy()).isEqualTo(AckPolicy.EXPLICIT);
    assertThat(assets.consumers().get(0).filterSubject()).isEqualTo("orders.created");
    assertThat(assets.keyValues().get(0).history()).isEqualTo(5);
    assertThat(assets.keyValues().get(0).streamName()).isEqualTo("KV_config");
  }

  @Test
  void aTombstoneCarriesOnlyItsName() {
    assertThat(assets("    streams:\n      - {name: OLD, deletePolicy: delete}\n").streams())
        .singleElement()
        .matches(NatsJetStreamAssets.Stream::delete);
    assertThat(
            errors(
                """
                    streams:
                      - {name: OLD, deletePolicy: delete, subjects: ["old.>"]}
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:13:43 spec.jetstream.streams[0].subjects: an entry with deletePolicy: delete"
                + " is a request to delete it and carries only its name");
    assertThat(errors("    streams:\n      - {name: OLD, subjects: [a], deletePolicy: remove}\n"))
        .containsExactlyInAnyOrder(
            "bus.yaml:13:50 spec.jetstream.streams[0].deletePolicy: must be delete, got \"remove\";"
                + " leave it out to keep the data when the entry leaves the file");
  }

  @Test
  void durationsSizesAndWordsAreCheckedWhereTheyAreWritten() {
    assertThat(
            errors(
                """
                    streams:
                      - name: ORDERS
                        subjects: ["orders.>"]
                        maxAge: 3d
                        maxBytes: 2GB
                        storage: flie
                        retention: forever
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:15:17 spec.jetstream.streams[0].maxAge: must be a duration greater than zero"
                + " such as 72h, 30m or 1h30m, got \"3d\"",
            "bus.yaml:16:19 spec.jetstream.streams[0].maxBytes: must be a Kubernetes quantity such"
                + " as 1Gi or 500m, got \"2GB\"",
            "bus.yaml:17:18 spec.jetstream.streams[0].storage: must be one of file, memory, got"
                + " \"flie\"; did you mean file?",
            "bus.yaml:18:20 spec.jetstream.streams[0].retention: must be one of limits, interest,"
                + " workqueue, got \"forever\"");
  }

  @Test
  void replicasAboveTheServersAreRefused() {
    assertThat(
            errors(
                """
                    streams:
                      - {name: ORDERS, subjects: ["orders.>"], replicas: 4}
                    keyValue:
                      - {bucket: config, replicas: 5}
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:13:58 spec.jetstream.streams[0].replicas: must be at most spec.replicas (3),"
                + " got 4; NATS keeps each replica on its own server",
            "bus.yaml:15:36 spec.jetstream.keyValue[0].replicas: must be at most spec.replicas (3),"
                + " got 5; NATS keeps each replica on its own server");
  }

  @Test
  void aConsumerNeedsADeclaredStreamAKnownAckPolicyAndAFilterWithinIt() {
    assertThat(
            errors(
                """
                    streams:
                      - {name: ORDERS, subjects: ["orders.>"], retention: workqueue}
                    consumers:
                      - {stream: ORDRES, name: billing}
                      - {stream: ORDERS, name: audit, ackPolicy: explict}
                      - {stream: ORDERS, name: ship, filterSubject: shipments.new, ackPolicy: all}
                      - {stream: ORDERS, name: tmp, durable: false}
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:16:50 spec.jetstream.consumers[1].ackPolicy: must be one of none, all,"
                + " explicit, got \"explict\"; did you mean explicit?",
            "bus.yaml:18:46 spec.jetstream.consumers[3].durable: must be true, got false; Mooring"
                + " keeps durable consumers only, an ephemeral one belongs to its client",
            "bus.yaml:15:18 spec.jetstream.consumers[0].stream: must name a stream of"
                + " spec.jetstream.streams, got \"ORDRES\"; did you mean ORDERS?",
            "bus.yaml:17:53 spec.jetstream.consumers[2].filterSubject: must lie within the subjects"
                + " of stream ORDERS [orders.>], got \"shipments.new\"",
            "bus.yaml:17:79 spec.jetstream.consumers[2].ackPolicy: must be explicit, got \"all\"; a"
                + " workqueue stream removes a message only once it is acknowledged");
  }

  @Test
  void streamsMustFitTheStoresTheRendererSets() {
    assertThat(
            errors(
                """
                    streams:
                      - {name: A, subjects: [a], maxBytes: 10Gi}
                      - {name: B, subjects: [b], replicas: 3, maxBytes: 5Gi}
                      - {name: C, subjects: [c], replicas: 3, maxBytes: 5Gi}
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:13:44 spec.jetstream.streams[0].maxBytes: must fit one server's"
                + " max_file_store of 9663676416 bytes (90% of spec.jetstream.size), got \"10Gi\"",
            "bus.yaml:15:57 spec.jetstream.streams[2].maxBytes: does not fit: with the file assets"
                + " above, the replicas reserve 32212254720 bytes of the 28991029248 the servers'"
                + " max_file_store holds (90% of spec.jetstream.size on each), got \"5Gi\"");
  }

  @Test
  void namesSubjectsAndDuplicatesAreChecked() {
    assertThat(
            errors(
                """
                    streams:
                      - {name: "ORD.ERS", subjects: ["orders.>.x"]}
                      - {name: KV_config, subjects: [kv]}
                      - {name: KV_config, subjects: [kv]}
                    keyValue:
                      - {bucket: config, history: 65}
                """))
        .containsExactlyInAnyOrder(
            "bus.yaml:13:16 spec.jetstream.streams[0].name: must be 1 to 64 letters, digits, '-'"
                + " or '_', got \"ORD.ERS\"",
            "bus.yaml:13:38 spec.jetstream.streams[0].subjects[0]: may use > only as its last"
                + " token, got \"orders.>.x\"",
            "bus.yaml:14:16 spec.jetstream.streams[1].name: must not start with KV_, got"
                + " \"KV_config\"; such streams hold key-value buckets: declare the bucket under"
                + " spec.jetstream.keyValue",
            "bus.yaml:15:16 spec.jetstream.streams[2].name: names a stream declared above, got"
                + " \"KV_config\"",
            "bus.yaml:17:35 spec.jetstream.keyValue[0].history: must be at most 64, as NATS allows,"
                + " got 65");
  }

  @Test
  void assetsNeedJetStream() {
    SpecParseResult result =
        parser.parse(
            List.of(
                SpecFile.of(
                    "bus.yaml",
                    HEAD.replace("enabled: true", "enabled: false")
                        + "    streams:\n      - {name: A, subjects: [a]}\n")));
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactlyInAnyOrder(
            "bus.yaml:13:7 spec.jetstream.streams: needs JetStream, got a list; set"
                + " spec.jetstream.enabled to true, or remove the list");
  }

  @Test
  void inOperatorModeAssetsNeedAUserToManageThem() {
    SpecParseResult result =
        parser.parse(
            List.of(
                SpecFile.of(
                    "bus.yaml",
                    HEAD.replace("  users:\n    app: {password: App-pw.1}\n", "")
                        + "    streams:\n      - {name: A, subjects: [a]}\n"
                        + "  config:\n    resolver:\n      type: full\n")));
    assertThat(result.errors())
        .extracting(SpecError::toString)
        .anySatisfy(
            error ->
                assertThat(error)
                    .startsWith("bus.yaml:")
                    .contains("spec.jetstream.streams: needs a user in spec.users"));
  }
}
