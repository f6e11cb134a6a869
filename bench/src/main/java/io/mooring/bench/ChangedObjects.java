package io.mooring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mooring.core.render.Renderer;
import io.mooring.core.render.common.RenderOptions;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecFile;
import io.mooring.core.spec.SpecParser;
import io.mooring.core.spec.SpecParserOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many objects a spec change really changes, worked out apart from the engine: both versions
 * are rendered with the same fixed passwords and their objects compared as JSON trees. Objects that
 * are new count too. This is the exact number of writes a push must cost.
 */
public final class ChangedObjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SpecParser PARSER = SpecParser.standard(SpecParserOptions.defaults());
  private static final Renderer RENDERER =
      new Renderer(RenderOptions.defaults().withPasswords(purpose -> "fixed-" + purpose));

  private ChangedObjects() {}

  public static int between(String path, String before, String after) {
    Map<String, JsonNode> old = rendered(path, before);
    Map<String, JsonNode> now = rendered(path, after);
    return (int)
        now.entrySet().stream().filter(e -> !e.getValue().equals(old.get(e.getKey()))).count();
  }

  static AppSpec parse(String path, String yaml) {
    var result = PARSER.parse(List.of(SpecFile.of(path, yaml)));
    if (!result.valid() || result.specs().size() != 1) {
      throw new IllegalStateException(
          "generated spec " + path + " is not one valid app: " + result.errors());
    }
    return result.specs().get(0);
  }

  private static Map<String, JsonNode> rendered(String path, String yaml) {
    Map<String, JsonNode> objects = new HashMap<>();
    for (HasMetadata object : RENDERER.render(parse(path, yaml)).objects()) {
      objects.put(
          object.getKind() + "/" + object.getMetadata().getName(), JSON.valueToTree(object));
    }
    return objects;
  }
}
