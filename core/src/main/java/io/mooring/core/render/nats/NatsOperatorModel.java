package io.mooring.core.render.nats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.MooringLabels;
import io.mooring.core.render.common.PasswordGenerator;
import io.mooring.core.spec.NatsSpec;
import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operator (JWT) mode: an operator, a system account with Mooring's own user, and one app account
 * with JetStream, in which every spec user gets a user JWT and creds file. Each user's JWT is
 * signed with a signing key of its own that the app account lists; a user taken out of the spec
 * loses its key from the account, so its creds stop working although its Secret is kept. Seeds live
 * in Secrets only: the operator Secret for the operator and the accounts, one Secret per user for
 * its creds. nats.conf includes {@link #OPERATOR_CONF} from a Secret mount; the ConfigMap holds no
 * key.
 */
final class NatsOperatorModel {
  static final String OPERATOR_CONF = "operator.conf";
  static final String APP_ACCOUNT_NAME = NatsConfigModel.APP_ACCOUNT;
  static final String SYSTEM_ACCOUNT_NAME = NatsConfigModel.SYSTEM_ACCOUNT;

  static final String OPERATOR_SEED = "operator.seed";
  static final String OPERATOR_JWT = "operator.jwt";
  static final String SYSTEM_ACCOUNT_SEED = "system-account.seed";
  static final String SYSTEM_ACCOUNT_JWT = "system-account.jwt";
  static final String APP_ACCOUNT_SEED = "app-account.seed";
  static final String APP_ACCOUNT_JWT = "app-account.jwt";
  static final String SYSTEM_USER_SEED = NatsNames.SYSTEM_USER + ".seed";
  static final String USER_SEED = "user.seed";

  private final NatsSpec spec;
  private final NatsNames names;
  private final Map<String, String> operatorData = new LinkedHashMap<>();
  private final List<String> operatorGenerated = new ArrayList<>();
  private final Map<String, String> userCreds = new LinkedHashMap<>();
  private final Map<String, String> userSeeds = new LinkedHashMap<>();
  private final String operatorConf;

  NatsOperatorModel(NatsSpec spec, NatsNames names, LiveSecrets live, PasswordGenerator passwords) {
    this.spec = spec;
    this.names = names;
    NatsNKeys keys =
        new NatsNKeys(
            live, passwords, spec.ref().namespace() + "/" + spec.ref().name() + "/", spec.source());
    String secret = names.operatorSecret();
    NKey operator = seed(keys.key(NKey.Type.OPERATOR, secret, OPERATOR_SEED), OPERATOR_SEED);
    NKey system =
        seed(keys.key(NKey.Type.ACCOUNT, secret, SYSTEM_ACCOUNT_SEED), SYSTEM_ACCOUNT_SEED);
    NKey app = seed(keys.key(NKey.Type.ACCOUNT, secret, APP_ACCOUNT_SEED), APP_ACCOUNT_SEED);
    NKey systemUser = seed(keys.key(NKey.Type.USER, secret, SYSTEM_USER_SEED), SYSTEM_USER_SEED);

    Map<String, NKey> signingKeys = new LinkedHashMap<>();
    for (String user : spec.users().keySet()) {
      String key = signingKeySeed(user);
      signingKeys.put(user, seed(keys.key(NKey.Type.ACCOUNT, secret, key), key));
    }

    String systemKey = NatsNKeys.publicKey(system);
    String appKey = NatsNKeys.publicKey(app);
    ObjectNode operatorClaims = NatsJwt.claims("operator");
    operatorClaims.put("system_account", systemKey);
    String operatorJwt =
        jwt(operator, NatsNKeys.publicKey(operator), "mooring", operatorClaims, live, OPERATOR_JWT);
    String systemJwt =
        jwt(
            operator,
            systemKey,
            SYSTEM_ACCOUNT_NAME,
            accountClaims(false),
            live,
            SYSTEM_ACCOUNT_JWT);
    ObjectNode appClaims = accountClaims(true);
    ArrayNode signing = appClaims.putArray("signing_keys");
    signingKeys.values().forEach(key -> signing.add(NatsNKeys.publicKey(key)));
    String appJwt = jwt(operator, appKey, APP_ACCOUNT_NAME, appClaims, live, APP_ACCOUNT_JWT);

    String systemUserJwt =
        NatsJwt.issue(
            system,
            NatsNKeys.publicKey(systemUser),
            NatsNames.SYSTEM_USER,
            userClaims(null),
            Optional.empty());
    operatorData.put(NatsNames.SYSTEM_CREDS_KEY, NatsJwt.creds(systemUserJwt, systemUser));

    for (String user : spec.users().keySet()) {
      NKey userKey = keys.key(NKey.Type.USER, names.userSecret(user), USER_SEED);
      String userJwt =
          NatsJwt.issue(
              signingKeys.get(user),
              NatsNKeys.publicKey(userKey),
              user,
              userClaims(appKey),
              Optional.empty());
      userSeeds.put(user, NatsNKeys.seed(userKey));
      userCreds.put(user, NatsJwt.creds(userJwt, userKey));
    }

    Map<String, Object> preload = new LinkedHashMap<>();
    preload.put(systemKey, systemJwt);
    preload.put(appKey, appJwt);
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("operator", operatorJwt);
    conf.put("system_account", systemKey);
    // Loaded into the resolver's directory at every start: the accounts exist from the first
    // boot, and a later version of an account JWT (a user added or removed) replaces the stored
    // one because it was issued later.
    conf.put("resolver_preload", preload);
    this.operatorConf = NatsConfWriter.write(conf);
    operatorData.put(OPERATOR_CONF, operatorConf);
  }

  /** The include file: operator JWT, system account and the account JWTs to preload. */
  String operatorConf() {
    return operatorConf;
  }

  /** Seeds (generated once, then kept), JWTs and the system user's creds (derived from them). */
  Secret generateOperatorSecret() {
    return secret(names.operatorSecret(), operatorData, operatorGenerated);
  }

  /** One Secret per spec user: its creds file, and its seed. */
  List<Secret> generateUserSecrets() {
    List<Secret> secrets = new ArrayList<>();
    for (String user : spec.users().keySet()) {
      Map<String, String> data = new LinkedHashMap<>();
      data.put(NatsNames.USER_CREDS_KEY, userCreds.get(user));
      data.put(USER_SEED, userSeeds.get(user));
      secrets.add(secret(names.userSecret(user), data, List.of(USER_SEED)));
    }
    return secrets;
  }

  static String signingKeySeed(String user) {
    return "signing-key." + user + ".seed";
  }

  private NKey seed(NKey key, String secretKey) {
    operatorData.put(secretKey, NatsNKeys.seed(key));
    operatorGenerated.add(secretKey);
    return key;
  }

  private String jwt(
      NKey issuer,
      String subject,
      String name,
      ObjectNode claims,
      LiveSecrets live,
      String secretKey) {
    String jwt =
        NatsJwt.issue(issuer, subject, name, claims, live.value(names.operatorSecret(), secretKey));
    operatorData.put(secretKey, jwt);
    return jwt;
  }

  /** No limits; the app account also gets JetStream (without it: error 10039 on every call). */
  private static ObjectNode accountClaims(boolean jetstream) {
    ObjectNode claims = NatsJwt.claims("account");
    ObjectNode limits = claims.putObject("limits");
    limits.put("subs", -1);
    limits.put("data", -1);
    limits.put("payload", -1);
    limits.put("imports", -1);
    limits.put("exports", -1);
    limits.put("wildcards", true);
    limits.put("conn", -1);
    limits.put("leaf", -1);
    if (jetstream) {
      limits.put("mem_storage", -1);
      limits.put("disk_storage", -1);
      limits.put("streams", -1);
      limits.put("consumer", -1);
    }
    return claims;
  }

  /** A user with no limits; {@code issuerAccount} when a signing key, not the account, signs. */
  private static ObjectNode userClaims(String issuerAccount) {
    ObjectNode claims = NatsJwt.claims("user");
    if (issuerAccount != null) {
      claims.put("issuer_account", issuerAccount);
    }
    claims.put("subs", -1);
    claims.put("data", -1);
    claims.put("payload", -1);
    return claims;
  }

  private Secret secret(String name, Map<String, String> data, List<String> generated) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (key, value) ->
            encoded.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(NatsMetadata.of(spec, name))
        .editMetadata()
        .withAnnotations(
            Map.of(MooringLabels.GENERATED_KEYS_ANNOTATION, String.join(",", generated)))
        .endMetadata()
        .withType("Opaque")
        .withData(encoded)
        .build();
  }
}
