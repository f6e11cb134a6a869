package io.mooring.core.render.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues the operator, account and user JWTs of operator mode with jnats' encoder (header, claims,
 * Ed25519 signature of the issuer's NKey, each base64url). A JWT is a pure function of its claims,
 * its issuer and its issue time, and the issue time is chosen from the live JWT: unchanged claims
 * keep it, so each render yields the very same token; changed claims get a later one, because a
 * full resolver keeps whichever copy of an account JWT was issued later, and its servers would
 * otherwise keep handing each other the old copy.
 */
final class NatsJwt {
  /**
   * Issue time of a token with no live predecessor (2025-01-01T00:00:00Z), in seconds. Tokens never
   * expire.
   */
  static final long FIRST_ISSUED_AT = 1_735_689_600L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private NatsJwt() {}

  /**
   * @param claims the {@code nats} claims (type, version, limits ...)
   * @param live the token this one replaces, if any
   */
  static String issue(
      NKey issuer, String subject, String name, ObjectNode claims, Optional<String> live) {
    String issuerKey = NatsNKeys.publicKey(issuer);
    long issuedAt = FIRST_ISSUED_AT;
    Optional<JsonNode> previous = live.flatMap(NatsJwt::payload);
    if (previous.isPresent()) {
      JsonNode old = previous.get();
      boolean same =
          subject.equals(old.path("sub").asText())
              && issuerKey.equals(old.path("iss").asText())
              && name.equals(old.path("name").asText())
              && claims.equals(old.path("nats"));
      long oldIssuedAt = old.path("iat").asLong();
      issuedAt = same ? oldIssuedAt : Math.max(FIRST_ISSUED_AT, oldIssuedAt + 1);
    }
    JsonSerializable body = claims::toString;
    try {
      return JwtUtils.issueJWT(issuer, subject, name, null, issuedAt, issuerKey, null, body);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a JWT: " + e.getMessage(), e);
    }
  }

  /** A creds file: the user's JWT and NKey seed, as {@code nats} tools and clients read them. */
  static String creds(String userJwt, NKey user) {
    return String.format(JwtUtils.NATS_USER_JWT_FORMAT, userJwt, NatsNKeys.seed(user));
  }

  /** The claims of a token, or empty when it is not one. */
  static Optional<JsonNode> payload(String jwt) {
    String[] parts = jwt.trim().split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[1]);
      return Optional.of(JSON.readTree(new String(json, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | IOException notAToken) {
      return Optional.empty();
    }
  }

  static ObjectNode claims(String type) {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("type", type);
    claims.put("version", 2);
    return claims;
  }
}
