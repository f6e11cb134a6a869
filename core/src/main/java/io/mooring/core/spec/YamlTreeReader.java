package io.mooring.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the documents of one YAML text into {@link YamlNode} trees with real locations, from
 * Jackson's streaming YAML parser. Jackson does not run SnakeYAML's composer, so SnakeYAML's alias
 * and nesting limits never fire on this path: nesting is bounded by Jackson's stream constraints
 * and aliases are counted here, both as uses and as the node count the document would have if every
 * alias were a copy.
 */
final class YamlTreeReader {
  private final AnchorAwareYamlFactory factory;
  private final SpecParserOptions options;

  YamlTreeReader(SpecParserOptions options) {
    this.options = options;
    LoaderOptions loader = new LoaderOptions();
    loader.setMaxAliasesForCollections(options.maxAliases());
    loader.setNestingDepthLimit(options.maxNestingDepth());
    loader.setCodePointLimit((int) options.maxFileBytes());
    this.factory =
        new AnchorAwareYamlFactory(
            YAMLFactory.builder()
                .loaderOptions(loader)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(options.maxNestingDepth())
                        .maxDocumentLength(options.maxFileBytes())
                        .build()));
  }

  /** Every document of the text in order; an empty document is a null-typed scalar. */
  List<YamlNode> read(String file, String text) throws YamlReadException {
    AnchorAwareYamlFactory.Parser parser = null;
    try (AnchorAwareYamlFactory.Parser opened =
        (AnchorAwareYamlFactory.Parser) factory.createParser(new StringReader(text))) {
      parser = opened;
      List<YamlNode> documents = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        documents.add(new DocumentBuilder(file, parser).build(token).node());
      }
      return documents;
    } catch (StreamConstraintsException e) {
      throw new YamlReadException(
          locationOf(file, parser),
          "document too large or too deeply nested: " + e.getOriginalMessage());
    } catch (JsonProcessingException | YAMLException e) {
      throw syntaxError(file, e);
    } catch (IOException e) {
      throw new YamlReadException(
          new SourceLocation(file, 1, 1), "cannot read YAML: " + e.getMessage());
    }
  }

  private static SourceLocation locationOf(String file, YAMLParser parser) {
    return parser == null ? new SourceLocation(file, 1, 1) : tokenLocation(file, parser);
  }

  private static SourceLocation tokenLocation(String file, YAMLParser parser) {
    JsonLocation location = parser.currentTokenLocation();
    return new SourceLocation(
        file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  private static YamlReadException syntaxError(String file, Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked
          && marked.getProblemMark() != null
          && marked.getProblem() != null) {
        Mark mark = marked.getProblemMark();
        String context = marked.getContext() == null ? "" : " (" + marked.getContext().trim() + ")";
        return new YamlReadException(
            new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1),
            "invalid YAML: " + marked.getProblem().trim() + context);
      }
    }
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      JsonLocation location = json.getLocation();
      SourceLocation at =
          new SourceLocation(
              file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
      return new YamlReadException(at, "invalid YAML: " + json.getOriginalMessage());
    }
    return new YamlReadException(new SourceLocation(file, 1, 1), "invalid YAML: " + e.getMessage());
  }

  private record Built(YamlNode node, long weight) {}

  /** Builds one document; anchors are scoped to their document, as YAML says. */
  private final class DocumentBuilder {
    private final String file;
    private final AnchorAwareYamlFactory.Parser parser;
    private final Map<String, Built> anchors = new HashMap<>();
    private int aliasUses;

    DocumentBuilder(String file, AnchorAwareYamlFactory.Parser parser) {
      this.file = file;
      this.parser = parser;
    }

    Built build(JsonToken token) throws IOException, YamlReadException {
      SourceLocation at = here();
      String anchor = parser.anchor();
      Built built =
          switch (token) {
            case START_OBJECT -> mapping(at);
            case START_ARRAY -> sequence(at);
            default -> scalar(token, at);
          };
      if (built.weight() > options.maxExpandedNodes()) {
        throw new YamlReadException(
            at,
            "document expands to more than "
                + options.maxExpandedNodes()
                + " nodes through aliases");
      }
      if (anchor != null) {
        anchors.put(anchor, built);
      }
      return built;
    }

    private Built mapping(SourceLocation at) throws IOException, YamlReadException {
      Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
      long weight = 1;
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        SourceLocation keyAt = here();
        Built value = build(parser.nextToken());
        YamlNode.Entry previous =
            entries.putIfAbsent(key, new YamlNode.Entry(key, keyAt, value.node()));
        if (previous != null) {
          throw new YamlReadException(
              keyAt,
              "invalid YAML: duplicate key \""
                  + key
                  + "\" (first at line "
                  + previous.keyLocation().line()
                  + ")");
        }
        weight += value.weight();
      }
      requireEnd(token, JsonToken.END_OBJECT);
      return new Built(new YamlNode.Mapping(entries, at), weight);
    }

    private Built sequence(SourceLocation at) throws IOException, YamlReadException {
      List<YamlNode> items = new ArrayList<>();
      long weight = 1;
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
        Built item = build(token);
        items.add(item.node());
        weight += item.weight();
      }
      requireEnd(token, JsonToken.END_ARRAY);
      return new Built(new YamlNode.Sequence(items, at), weight);
    }

    private Built scalar(JsonToken token, SourceLocation at) throws IOException, YamlReadException {
      if (parser.isCurrentAlias()) {
        return alias(parser.getText(), at);
      }
      YamlNode.ScalarType type =
          switch (token) {
            case VALUE_NUMBER_INT -> YamlNode.ScalarType.INTEGER;
            case VALUE_NUMBER_FLOAT -> YamlNode.ScalarType.FLOAT;
            case VALUE_TRUE, VALUE_FALSE -> YamlNode.ScalarType.BOOLEAN;
            case VALUE_NULL -> YamlNode.ScalarType.NULL;
            case VALUE_STRING -> YamlNode.ScalarType.STRING;
            default -> throw new YamlReadException(at, "invalid YAML: unexpected " + token);
          };
      String text = type == YamlNode.ScalarType.NULL ? "" : parser.getText();
      return new Built(new YamlNode.Scalar(text, type, at), 1);
    }

    private Built alias(String name, SourceLocation at) throws YamlReadException {
      if (++aliasUses > options.maxAliases()) {
        throw new YamlReadException(
            at, "document uses more than " + options.maxAliases() + " aliases");
      }
      Built target = anchors.get(name);
      if (target == null) {
        throw new YamlReadException(
            at, "invalid YAML: alias *" + name + " refers to no earlier anchor &" + name);
      }
      return target;
    }

    private void requireEnd(JsonToken token, JsonToken expected) throws YamlReadException {
      if (token != expected) {
        throw new YamlReadException(here(), "invalid YAML: unexpected end of document");
      }
    }

    private SourceLocation here() {
      return tokenLocation(file, parser);
    }
  }
}
