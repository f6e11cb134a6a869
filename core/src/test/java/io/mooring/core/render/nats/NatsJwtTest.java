package io.mooring.core.render.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatsJwtTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NKey operator = key(NKey.Type.OPERATOR);
  private final NKey account = key(NKey.Type.ACCOUNT);

  private static NKey key(NKey.Type type) {
    try {
      return switch (type) {
        case OPERATOR -> NKey.createOperator(new SecureRandom());
        case ACCOUNT -> NKey.createAccount(new SecureRandom());
        default -> NKey.createUser(new SecureRandom());
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String issue(ObjectNode claims, Optional<String> live) {
    return NatsJwt.issue(operator, NatsNKeys.publicKey(account), "APP", claims, live);
  }

  private static ObjectNode claims(int limit) {
    ObjectNode claims = NatsJwt.claims("account");
    claims.putObject("limits").put("conn", limit);
    return claims;
  }

  @Test
  void aTokenIsSignedByItsIssuersNKeyAndCarriesItsClaims() throws Exception {
    String jwt = issue(claims(-1), Optional.empty());
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertThat(header.path("alg").asText()).isEqualTo("ed25519-nkey");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");

    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8);
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    NKey issuer = NKey.fromPublicKey(NatsNKeys.publicKey(operator).toCharArray());
    assertThat(issuer.verify(signed, signature)).isTrue();
    NKey other = NKey.fromPublicKey(NatsNKeys.publicKey(account).toCharArray());
    assertThat(other.verify(signed, signature)).isFalse();

    JsonNode payload = NatsJwt.payload(jwt).orElseThrow();
    assertThat(payload.path("iss").asText()).isEqualTo(NatsNKeys.publicKey(operator));
    assertThat(payload.path("sub").asText()).isEqualTo(NatsNKeys.publicKey(account));
    assertThat(payload.path("name").asText()).isEqualTo("APP");
    assertThat(payload.path("iat").asLong()).isEqualTo(NatsJwt.FIRST_ISSUED_AT);
    assertThat(payload.has("exp")).as("tokens never expire").isFalse();
    assertThat(payload.path("nats")).isEqualTo(claims(-1));
  }

  @Test
  void unchangedClaimsGiveTheLiveTokenBackSoNothingDrifts() {
    String live = issue(claims(-1), Optional.empty());
    assertThat(issue(claims(-1), Optional.of(live))).isEqualTo(live);
  }

  @Test
  void changedClaimsAreIssuedLaterThanTheLiveToken() {
    String first = issue(claims(-1), Optional.empty());
    String second = issue(claims(10), Optional.of(first));
    String third = issue(claims(-1), Optional.of(second));
    long firstAt = NatsJwt.payload(first).orElseThrow().path("iat").asLong();
    long secondAt = NatsJwt.payload(second).orElseThrow().path("iat").asLong();
    long thirdAt = NatsJwt.payload(third).orElseThrow().path("iat").asLong();
    // A full resolver keeps the copy issued later: going back to old claims must still be newer.
    assertThat(secondAt).isEqualTo(firstAt + 1);
    assertThat(thirdAt).isEqualTo(secondAt + 1);
    assertThat(third).isNotEqualTo(first);
  }

  @Test
  void aLiveValueThatIsNoTokenIsReplacedByAFirstIssue() {
    String jwt = issue(claims(-1), Optional.of("not a token"));
    assertThat(NatsJwt.payload(jwt).orElseThrow().path("iat").asLong())
        .isEqualTo(NatsJwt.FIRST_ISSUED_AT);
    assertThat(NatsJwt.payload("a.b")).isEmpty();
    assertThat(NatsJwt.payload("a.%%%.c")).isEmpty();
  }

  @Test
  void aCredsFileHoldsTheJwtAndTheUsersSeed() {
    NKey user = key(NKey.Type.USER);
    String jwt =
        NatsJwt.issue(
            account, NatsNKeys.publicKey(user), "app", NatsJwt.claims("user"), Optional.empty());
    String creds = NatsJwt.creds(jwt, user);
    assertThat(creds)
        .contains("-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------")
        .contains("-----BEGIN USER NKEY SEED-----\n" + NatsNKeys.seed(user) + "\n");
  }
}
