package io.mooring.core.render.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell scripts Redis and Sentinel pods run, kept as files beside this class so they read as
 * shell. {@code @@COMMON@@} is replaced by the shared settings and functions,
 * {@code @@ACL_PASSWORDS@@} by those that hash users' passwords, then {@code @@KEY@@} tokens by
 * per-app values.
 */
final class RedisScripts {
  private static final Pattern TOKEN = Pattern.compile("@@([A-Z_]+)@@");
  private static final String CLI_CALL = "redis-cli --no-auth-warning";
  // The scripts never change at run time; reading them once matters when thousands of apps render.
  private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

  private RedisScripts() {}

  /** The values every script starts with; an empty Sentinel service means a standalone Redis. */
  static Map<String, String> values(RedisContext context) {
    RedisNames names = context.names();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("MASTER_NAME", names.masterName());
    values.put("REPLICAS", Integer.toString(context.spec().replicas()));
    values.put("SENTINELS", Integer.toString(RedisContext.SENTINELS));
    values.put("SET_NAME", names.redis());
    values.put("HEADLESS_DOMAIN", names.headlessDomain());
    values.put("SENTINEL_SERVICE", context.spec().highlyAvailable() ? names.sentinelFqdn() : "");
    values.put("UPSTREAM", RedisReadReplicaSource.upstream(context));
    return values;
  }

  static String render(String file, Map<String, String> values) {
    return render(file, values, "");
  }

  /**
   * As {@link #render(String, Map)}, with {@code cliArgs} (redis-cli's TLS arguments) added to the
   * one redis-cli call of the shared functions. Without them the scripts are the same text as
   * before TLS existed, so that an app without TLS rolls no pod for it.
   */
  static String render(String file, Map<String, String> values, String cliArgs) {
    String common = withCliArgs(load("common.sh").strip(), cliArgs);
    String script = withAclPasswords(load(file).replace("@@COMMON@@", common));
    Matcher matcher = TOKEN.matcher(script);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException(
            file + " uses @@" + matcher.group(1) + "@@, which has no value");
      }
      // Every value is a DNS name, a number or empty: quoting keeps the
      // empty one a valid
      // assignment.
      matcher.appendReplacement(out, Matcher.quoteReplacement("'" + value + "'"));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * {@code script} with {@code cliArgs} added to its redis-cli call; the same text when they are
   * empty.
   */
  static String withCliArgs(String script, String cliArgs) {
    if (cliArgs.isEmpty()) {
      return script;
    }
    if (!script.contains(CLI_CALL)) {
      throw new IllegalStateException("the script no longer calls " + CLI_CALL);
    }
    return script.replace(CLI_CALL, "redis-cli " + cliArgs + " --no-auth-warning");
  }

  /**
   * {@code script} with {@code @@ACL_PASSWORDS@@} replaced by the functions that write a user's
   * passwords as hashes, shared by the Redis pods' ACL file and the Sentinels' users.
   */
  static String withAclPasswords(String script) {
    return script.replace("@@ACL_PASSWORDS@@", load("acl-passwords.sh").strip());
  }

  static String load(String file) {
    return LOADED.computeIfAbsent(file, RedisScripts::read);
  }

  private static String read(String file) {
    try (InputStream in = RedisScripts.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
