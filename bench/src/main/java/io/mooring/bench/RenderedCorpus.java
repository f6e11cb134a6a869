package io.mooring.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses and renders every app of a repository's files, as a blind reconciler would on each push.
 */
public final class RenderedCorpus {
  private static final Renderer RENDERER = new Renderer(RenderOptions.defaults());

  private RenderedCorpus() {}

  public static List<HasMetadata> objects(Map<String, String> files) {
    List<HasMetadata> objects = new ArrayList<>();
    files.forEach(
        (path, yaml) ->
            objects.addAll(RENDERER.render(ChangedObjects.parse(path, yaml)).objects()));
    return objects;
  }
}
