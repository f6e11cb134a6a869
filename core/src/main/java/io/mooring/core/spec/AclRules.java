package io.mooring.core.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the rules of a spec's ACL user as {@code ACL SETUSER} would read them, for the rule forms
 * Redis knows. Passwords are refused in rules: they belong in a Secret, and a rule is shown in
 * messages and status.
 */
final class AclRules {
  static final List<String> CATEGORIES =
      List.of(
          "all",
          "keyspace",
          "read",
          "write",
          "set",
          "sortedset",
          "list",
          "hash",
          "string",
          "bitmap",
          "hyperloglog",
          "geo",
          "stream",
          "pubsub",
          "admin",
          "fast",
          "slow",
          "blocking",
          "dangerous",
          "connection",
          "transaction",
          "scripting");

  private static final List<String> WORDS =
      List.of(
          "on",
          "off",
          "allkeys",
          "allchannels",
          "allcommands",
          "nocommands",
          "resetkeys",
          "resetchannels");

  private static final Pattern COMMAND =
      Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]*(\\|[a-zA-Z0-9_.-]+)?");

  private AclRules() {}

  /** The first problem of the rules, in words that never repeat a password; empty when valid. */
  static Optional<String> problem(String rules) {
    for (String rule : rules.trim().split("\\s+", -1)) {
      Optional<String> problem = ruleProblem(rule);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** True when a rule sets, removes or hashes a password: the rules must not be shown then. */
  static boolean holdsPassword(String rules) {
    for (String rule : rules.trim().split("\\s+", -1)) {
      if (!rule.isEmpty() && "><#!".indexOf(rule.charAt(0)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> ruleProblem(String rule) {
    if (rule.isEmpty()) {
      return Optional.of("rules must not be empty");
    }
    char first = rule.charAt(0);
    if (first == '>' || first == '<' || first == '#' || first == '!') {
      return Optional.of(
          "a rule sets or removes a password; passwords come from passwordSecretRef, never from"
              + " the rules");
    }
    if (rule.equals("nopass") || rule.equals("resetpass") || rule.equals("reset")) {
      return Optional.of(
          "rule \"" + rule + "\" would change the user's passwords, which Mooring manages");
    }
    if (WORDS.contains(rule)) {
      return Optional.empty();
    }
    if (first == '~' || first == '&') {
      return rule.length() > 1
          ? Optional.empty()
          : Optional.of("rule \"" + rule + "\" needs a pattern after " + first);
    }
    if (rule.startsWith("%")) {
      return rule.matches("%(R|W|RW)~.+")
          ? Optional.empty()
          : Optional.of("rule \"" + rule + "\" must be %R~, %W~ or %RW~ followed by a key pattern");
    }
    if (first == '+' || first == '-') {
      String rest = rule.substring(1);
      if (rest.startsWith("@")) {
        String category = rest.substring(1);
        if (CATEGORIES.contains(category)) {
          return Optional.empty();
        }
        String hint =
            ClosestMatch.of(category, CATEGORIES)
                .map(match -> "; did you mean @" + match + "?")
                .orElse("");
        return Optional.of("unknown command category \"@" + category + "\"" + hint);
      }
      return COMMAND.matcher(rest).matches()
          ? Optional.empty()
          : Optional.of("rule \"" + rule + "\" must name a command or a @category");
    }
    if (first == '(') {
      return Optional.of("selectors (rules in parentheses) are not supported");
    }
    return Optional.of(
        "unknown rule \""
            + rule
            + "\"; rules are on, off, ~pattern, %R~pattern, &pattern, +command, -command,"
            + " +@category, -@category, allkeys, allchannels, allcommands, nocommands");
  }
}
