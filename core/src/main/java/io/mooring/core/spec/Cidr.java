package io.mooring.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block: {@code network} as written with its prefix (a bare address gets the
 * full length), {@code canonical} with the bits beyond the prefix cleared. IPv6 is written out in
 * full groups ({@code 2001:db8:0:0:0:0:0:0/32}). Parsed by hand: a spec is never resolved.
 */
record Cidr(String network, String canonical) {
  private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern IPV6_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

  static Optional<Cidr> parse(String written) {
    int slash = written.indexOf('/');
    String address = slash < 0 ? written : written.substring(0, slash);
    Optional<int[]> bytes = address.contains(":") ? ipv6(address) : ipv4(address);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    int bits = bytes.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = written.substring(slash + 1);
      if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > bits) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(digits);
    }
    int[] masked = bytes.get().clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      masked[i] &= (0xff << (8 - keep)) & 0xff;
    }
    return Optional.of(new Cidr(format(bytes.get()) + "/" + prefix, format(masked) + "/" + prefix));
  }

  private static Optional<int[]> ipv4(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    int[] bytes = new int[4];
    for (int i = 0; i < 4; i++) {
      if (!IPV4_PART.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) {
        return Optional.empty();
      }
      bytes[i] = Integer.parseInt(parts[i]);
    }
    return Optional.of(bytes);
  }

  private static Optional<int[]> ipv6(String address) {
    int gap = address.indexOf("::");
    if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    List<String> head = groups(gap < 0 ? address : address.substring(0, gap));
    List<String> tail = gap < 0 ? List.of() : groups(address.substring(gap + 2));
    if (head == null || tail == null) {
      return Optional.empty();
    }
    int missing = 8 - head.size() - tail.size();
    if ((gap < 0 && missing != 0) || (gap >= 0 && missing < 1)) {
      return Optional.empty();
    }
    List<String> all = new ArrayList<>(head);
    for (int i = 0; i < missing; i++) {
      all.add("0");
    }
    all.addAll(tail);
    int[] bytes = new int[16];
    for (int i = 0; i < 8; i++) {
      int group = Integer.parseInt(all.get(i), 16);
      bytes[2 * i] = group >> 8;
      bytes[2 * i + 1] = group & 0xff;
    }
    return Optional.of(bytes);
  }

  /** The colon-separated groups of one side of "::"; null when one is not 1-4 hex digits. */
  private static List<String> groups(String side) {
    List<String> groups = new ArrayList<>();
    if (side.isEmpty()) {
      return groups;
    }
    for (String group : side.split(":", -1)) {
      if (!IPV6_GROUP.matcher(group).matches()) {
        return null;
      }
      groups.add(group);
    }
    return groups;
  }

  private static String format(int[] bytes) {
    StringBuilder out = new StringBuilder();
    if (bytes.length == 4) {
      for (int i = 0; i < 4; i++) {
        out.append(i == 0 ? "" : ".").append(bytes[i]);
      }
      return out.toString();
    }
    for (int i = 0; i < 8; i++) {
      out.append(i == 0 ? "" : ":")
          .append(Integer.toHexString(bytes[2 * i] << 8 | bytes[2 * i + 1]));
    }
    return out.toString();
  }
}
