package io.mooring.core.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.core.plan.ObjectAction;
import io.mooring.core.spec.NatsJetStreamAssets;
import io.mooring.core.spec.NatsJetStreamAssets.AckPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.DeliverPolicy;
import io.mooring.core.spec.NatsJetStreamAssets.Discard;
import io.mooring.core.spec.NatsJetStreamAssets.Retention;
import io.mooring.core.spec.NatsJetStreamAssets.Storage;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of the asset plan, on live streams as the servers would report them. */
class JetStreamAssetPlanTest {
  private static final NatsJetStreamAssets.Stream ORDERS =
      new NatsJetStreamAssets.Stream(
          "ORDERS",
          List.of("orders.>"),
          3,
          Storage.FILE,
          Retention.LIMITS,
          Discard.OLD,
          Duration.ofDays(3),
          -1,
          -1,
          false);
  private static final NatsJetStreamAssets.Consumer BILLING =
      new NatsJetStreamAssets.Consumer(
          "ORDERS", "billing", AckPolicy.EXPLICIT, DeliverPolicy.ALL, null, null, -1);

  private static List<String> plan(NatsJetStreamAssets desired, Map<String, LiveStream> live) {
    JetStreamAssetPlan plan = JetStreamAssetPlan.of("tenant-x", desired, live);
    List<String> lines = new java.util.ArrayList<>();
    plan.changes().forEach(c -> lines.add(c.verb() + " " + c.key().kind() + " " + c.key().name()));
    plan.refused().forEach(r -> lines.add("REFUSED " + r.key().name() + ": " + r.reason()));
    return lines;
  }

  private static LiveStream live(
      StreamConfiguration config, long messages, ConsumerConfiguration... consumers) {
    return new LiveStream(config, messages, List.of(consumers));
  }

  @Test
  void whatMooringDidNotMakeAndTheSpecDoesNotNameIsLeftAlone() {
    StreamConfiguration handMade =
        StreamConfiguration.builder().name("HAND").subjects("hand.>").build();

    assertThat(plan(NatsJetStreamAssets.NONE, Map.of("HAND", live(handMade, 0)))).isEmpty();
  }

  @Test
  void anEmptyStreamMooringMadeThatLeftTheSpecIsDeletedAFullOneKept() {
    StreamConfiguration made = JetStreamDesired.stream(ORDERS);

    assertThat(plan(NatsJetStreamAssets.NONE, Map.of("ORDERS", live(made, 0))))
        .containsExactly("DELETE Stream ORDERS");
    assertThat(plan(NatsJetStreamAssets.NONE, Map.of("ORDERS", live(made, 7))))
        .singleElement()
        .asString()
        .startsWith("REFUSED ORDERS: left the spec but holds 7 message(s)");
  }

  @Test
  void aConsumerMooringMadeThatLeftTheSpecIsDeletedAndADeclaredOneInSyncIsLeft() {
    NatsJetStreamAssets withStream = new NatsJetStreamAssets(List.of(ORDERS), List.of(), List.of());
    LiveStream orders =
        live(JetStreamDesired.stream(ORDERS), 3, JetStreamDesired.consumer(BILLING));

    assertThat(plan(withStream, Map.of("ORDERS", orders)))
        .containsExactly("DELETE Consumer ORDERS/billing");
    assertThat(
            plan(
                new NatsJetStreamAssets(List.of(ORDERS), List.of(BILLING), List.of()),
                Map.of("ORDERS", orders)))
        .isEmpty();
  }

  @Test
  void changesNatsCannotMakeInPlaceAreRefusedAndTheRestUpdated() {
    StreamConfiguration interest =
        StreamConfiguration.builder(JetStreamDesired.stream(ORDERS))
            .retentionPolicy(io.nats.client.api.RetentionPolicy.Interest)
            .build();
    ConsumerConfiguration allAcks =
        ConsumerConfiguration.builder(JetStreamDesired.consumer(BILLING))
            .ackPolicy(io.nats.client.api.AckPolicy.All)
            .build();
    NatsJetStreamAssets declared =
        new NatsJetStreamAssets(List.of(ORDERS), List.of(BILLING), List.of());

    assertThat(plan(declared, Map.of("ORDERS", live(interest, 0, allAcks))))
        .containsExactly(
            "REFUSED ORDERS: retention cannot change from interest to limits: NATS cannot change"
                + " this in place; create a stream under a new name and move the clients, or delete"
                + " this one with deletePolicy: delete first",
            "REFUSED ORDERS/billing: ackPolicy cannot change from all to explicit: NATS cannot"
                + " change this in place; declare a consumer under a new name");

    StreamConfiguration shorter =
        StreamConfiguration.builder(JetStreamDesired.stream(ORDERS))
            .maxAge(Duration.ofHours(1))
            .build();
    JetStreamAssetPlan plan =
        JetStreamAssetPlan.of(
            "tenant-x",
            declared,
            Map.of("ORDERS", live(shorter, 0, JetStreamDesired.consumer(BILLING))));
    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.verb()).isEqualTo(ObjectAction.AssetVerb.UPDATE);
              assertThat(change.diff().paths()).containsExactly("maxAge");
            });
  }
}
