package io.mooring.core.spec;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.Reader;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Jackson's YAML factory, whose parsers also tell the anchor ({@code &name}) of a scalar: Jackson's
 * own {@code getObjectId()} reports anchors of mappings and lists only, and an alias of an anchored
 * scalar would otherwise look like a dangling reference.
 */
final class AnchorAwareYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  AnchorAwareYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected YAMLParser _createParser(Reader reader, IOContext context) {
    return new Parser(
        context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
  }

  /**
   * The parser of this factory; {@link #anchor()} is the anchor of the node at the current token.
   */
  static final class Parser extends YAMLParser {
    Parser(
        IOContext context,
        int features,
        int yamlFeatures,
        org.yaml.snakeyaml.LoaderOptions loader,
        com.fasterxml.jackson.core.ObjectCodec codec,
        Reader reader) {
      super(context, features, yamlFeatures, loader, codec, reader);
    }

    String anchor() {
      return !isCurrentAlias() && _lastEvent instanceof NodeEvent node ? node.getAnchor() : null;
    }
  }
}
