package io.mooring.core.spec;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block as written ({@code network}) and with the bits beyond its prefix
 * cleared ({@code canonical}). Only address literals are read: nothing is ever looked up.
 */
record Cidr(String network, String canonical) {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

  static Optional<Cidr> parse(String written) {
    int slash = written.indexOf('/');
    String address = slash < 0 ? written : written.substring(0, slash);
    boolean v4 = IPV4.matcher(address).matches();
    if (!v4 && !IPV6.matcher(address).matches()) {
      return Optional.empty();
    }
    int bits = v4 ? 32 : 128;
    int prefix = bits;
    if (slash >= 0) {
      String digits = written.substring(slash + 1);
      if (!digits.matches("[0-9]{1,3}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(digits);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    byte[] bytes;
    try {
      // A literal (digits, dots and colons only, checked above) is parsed, never resolved.
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException notAnAddress) {
      return Optional.empty();
    }
    if (bytes.length * 8 != bits) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(1, bytes);
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    byte[] masked = toBytes(value.and(mask), bytes.length);
    try {
      String base = InetAddress.getByAddress(masked).getHostAddress();
      String canonical = base + "/" + prefix;
      String asWritten = slash < 0 ? written + "/" + prefix : written;
      String writtenCanonical = InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
      return Optional.of(
          new Cidr(writtenCanonical.equals(canonical) ? canonical : asWritten, canonical));
    } catch (UnknownHostException impossible) {
      return Optional.empty();
    }
  }

  private static byte[] toBytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
