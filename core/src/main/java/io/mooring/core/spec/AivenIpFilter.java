package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code userConfig.ip_filter}: at most 1024 {@code {network, description}} entries, each network
 * an IPv4 or IPv6 CIDR block (a bare address means that one host). Read as the source blocks a
 * NetworkPolicy admits.
 */
final class AivenIpFilter {
  static final int MAX_ENTRIES = 1024;

  private AivenIpFilter() {}

  /** The blocks in canonical {@code address/prefix} form, in file order. */
  static List<String> read(FieldReader config) {
    List<String> blocks = new ArrayList<>();
    Optional<List<YamlNode>> entries = config.list("ip_filter");
    if (entries.isEmpty()) {
      return blocks;
    }
    if (entries.get().size() > MAX_ENTRIES) {
      config.reportInvalid(
          "ip_filter",
          "must have at most " + MAX_ENTRIES + " entries (it has " + entries.get().size() + ")");
      return blocks;
    }
    for (int i = 0; i < entries.get().size(); i++) {
      YamlNode node = entries.get().get(i);
      String field = "ip_filter[" + i + "]";
      if (!(node instanceof YamlNode.Mapping mapping)) {
        config
            .problems()
            .error(
                node.location(),
                config.path(field),
                "must be a mapping with network and an optional description, got "
                    + config.shown(field, node));
        continue;
      }
      FieldReader entry = config.nested(field, mapping);
      entry.rejectUnknownFields(List.of("network", "description"));
      entry.matching("description", 1024, null);
      if (entry.value("network").isEmpty()) {
        entry.reportInvalid("network", "is required");
        continue;
      }
      entry
          .matching("network", 43, null)
          .ifPresent(
              network ->
                  Cidr.parse(network)
                      .ifPresentOrElse(
                          cidr -> {
                            if (!cidr.canonical().equals(cidr.network())) {
                              entry.reportInvalid(
                                  "network",
                                  "has bits set beyond its prefix",
                                  "; did you mean " + cidr.canonical() + "?");
                            } else {
                              blocks.add(cidr.canonical());
                            }
                          },
                          () ->
                              entry.reportInvalid(
                                  "network",
                                  "must be a CIDR block such as 10.20.0.0/16 or 2001:db8::/32")));
    }
    return blocks;
  }
}
