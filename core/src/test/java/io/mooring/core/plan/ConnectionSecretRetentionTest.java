package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.diff.Differ;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParseResult;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection Secret holds the app's password: like the auth Secret it outlives a removed spec
 * unless the spec opted into deleting its data, and its values come from the live ones, so a sync
 * never changes it.
 */
class ConnectionSecretRetentionTest {
  private final Planner planner = new Planner(Differ.standard());
  private final Renderer renderer = new Renderer(RenderOptions.defaults());

  private static AppSpec spec(String annotations) {
    SpecParseResult result =
        SpecParser.standard(SpecParserOptions.defaults())
            .parse(
                List.of(
                    SpecFile.of(
                        "cache.yaml",
                        """
                        apiVersion: aiven.io/v1alpha1
                        kind: Redis
                        metadata:
                          name: cache
                          namespace: team-a
                        """
                            + annotations
                            + """
                            spec:
                              project: shop
                              plan: startup-1
                              connInfoSecretTarget:
                                name: cache-conn
                              userConfig:
                                ip_filter: [{network: 10.0.0.0/8}]
                            """)));
    assertThat(result.errors()).isEmpty();
    return result.specs().get(0);
  }

  private List<HasMetadata> live(AppSpec spec) {
    DesiredState rendered = renderer.render(spec);
    return DesiredPreparation.of(spec, null).prepare(rendered, List.of()).objects();
  }

  @Test
  void aRemovedAppKeepsItsConnectionSecretAndPrunesItsPolicy() {
    AppSpec spec = spec("");
    AppPlan removed = planner.planRemoved(spec.ref(), live(spec), 3, PlanPolicy.defaults());

    assertThat(removed.actions())
        .filteredOn(a -> a.key().kind().equals("Secret"))
        .extracting(a -> a.getClass().getSimpleName() + " " + a.key().name())
        .containsExactlyInAnyOrder("Retain cache-conn", "Retain cache-redis-auth");
    assertThat(removed.actions())
        .filteredOn(a -> a.key().kind().equals("NetworkPolicy"))
        .extracting(a -> a.getClass().getSimpleName())
        .containsExactly("Prune");
  }

  @Test
  void withTheDataDeletionOptInItGoesWithTheApp() {
    AppSpec spec = spec("  annotations:\n    mooring.io/delete-data-on-removal: \"true\"\n");
    AppPlan removed = planner.planRemoved(spec.ref(), live(spec), 3, PlanPolicy.defaults());

    assertThat(removed.actions())
        .filteredOn(a -> a.key().kind().equals("Secret"))
        .extracting(a -> a.getClass().getSimpleName())
        .containsOnly("Prune");
  }

  @Test
  void aSecondSyncLeavesTheConnectionSecretAsItIs() {
    AppSpec spec = spec("");
    List<HasMetadata> live = live(spec);
    DesiredState next =
        DesiredPreparation.of(spec, null)
            .prepare(renderer.render(spec, LiveSecrets.of(live)), live);

    assertThat(planner.planPresent(next, live, PlanPolicy.defaults()).inSync()).isTrue();
  }
}
