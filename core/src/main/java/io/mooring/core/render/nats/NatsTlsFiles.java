package io.mooring.core.render.nats;

import io.mooring.core.tls.ServerCertificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code tls} block of nats.conf reading the three files of the TLS Secret mount. nats-server
 * reads these files again on {@code --signal reload}, so a renewed certificate needs no restart.
 */
final class NatsTlsFiles {
  private NatsTlsFiles() {}

  /**
   * @param verify whether the peer must present a certificate signed by the CA (routes: yes)
   */
  static Map<String, Object> block(String dir, boolean verify) {
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("cert_file", dir + "/" + ServerCertificate.CERT_KEY);
    tls.put("key_file", dir + "/" + ServerCertificate.PRIVATE_KEY_KEY);
    tls.put("ca_file", dir + "/" + ServerCertificate.CA_KEY);
    if (verify) {
      tls.put("verify", true);
    }
    return tls;
  }
}
