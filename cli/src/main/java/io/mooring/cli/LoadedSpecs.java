package io.mooring.cli;

import io.mooring.core.reconcile.AppRenderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.nats.NatsRenderException;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecParseResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Specs read from disk and rendered once. A spec that reads fine but cannot be rendered is reported
 * like a parse error (file, line, field), so that every command shows both kinds of problems the
 * same way.
 *
 * @param parsed what the parser found
 * @param renderErrors one error per spec that could not be rendered
 * @param rendered the desired state of every spec that may be applied, by app
 * @param invalid apps that must be left untouched, with why
 * @param renderer renders again where the cluster holds generated values to reuse
 */
record LoadedSpecs(
    SpecParseResult parsed,
    List<SpecError> renderErrors,
    Map<AppRef, DesiredState> rendered,
    Map<AppRef, List<String>> invalid,
    AppRenderer renderer) {
  static final String UNKNOWN_REMOVALS =
      "not pruned: some spec files have errors, so whether this app was removed from git is unknown";
  private static final String CANNOT_RENDER = "cannot render: ";

  static LoadedSpecs of(SpecParseResult parsed, AppRenderer renderer) {
    List<SpecError> renderErrors = new ArrayList<>();
    Map<AppRef, DesiredState> rendered = new TreeMap<>();
    Map<AppRef, List<String>> invalid = new TreeMap<>();
    parsed
        .invalidRefs()
        .forEach(ref -> invalid.put(ref, List.of("not applied: its spec has errors")));
    for (AppSpec spec : parsed.specs()) {
      if (parsed.invalidFiles().contains(spec.source().file())) {
        // As in the daemon: a file with any error is applied as a whole or not at all.
        invalid.put(spec.ref(), List.of("not applied: " + spec.source().file() + " has errors"));
        continue;
      }
      try {
        rendered.put(spec.ref(), renderer.render(spec, LiveSecrets.NONE));
      } catch (RuntimeException e) {
        SpecError error = renderError(spec, e);
        renderErrors.add(error);
        invalid.put(spec.ref(), List.of(error.toString()));
      }
    }
    return new LoadedSpecs(parsed, List.copyOf(renderErrors), rendered, invalid, renderer);
  }

  /** True when every spec read and rendered. */
  boolean valid() {
    return parsed.valid() && renderErrors.isEmpty();
  }

  /** Parse and render problems together, for {@link ValidationReport}. */
  SpecParseResult problems() {
    List<SpecError> errors = new ArrayList<>(parsed.errors());
    errors.addAll(renderErrors);
    return new SpecParseResult(
        parsed.specs(),
        errors,
        parsed.warnings(),
        parsed.invalidRefs(),
        parsed.invalidFiles(),
        parsed.filesRead());
  }

  /** The specs whose states were rendered, for the reconciler. */
  List<AppSpec> renderedSpecs() {
    return parsed.specs().stream().filter(spec -> rendered.containsKey(spec.ref())).toList();
  }

  /**
   * Hands out the states rendered here, so that each spec is rendered once (and one password made),
   * unless the app already has Secrets in the cluster: values derived from generated keys (NATS
   * JWTs, the routes file) must then be derived from the live keys.
   */
  AppRenderer renderedStates() {
    return (spec, live) -> live.isEmpty() ? rendered.get(spec.ref()) : renderer.render(spec, live);
  }

  /**
   * The apps a sync must leave untouched: the invalid ones and, when a file has errors (they may
   * hide which apps it declares), every managed app without a spec here rather than pruning it.
   */
  Map<AppRef, List<String>> untouched(Collection<AppRef> managed) {
    Map<AppRef, List<String>> untouched = new LinkedHashMap<>(invalid);
    if (!parsed.valid()) {
      managed.stream()
          .filter(app -> !rendered.containsKey(app))
          .forEach(app -> untouched.putIfAbsent(app, List.of(UNKNOWN_REMOVALS)));
    }
    return untouched;
  }

  private static SpecError renderError(AppSpec spec, RuntimeException e) {
    if (e instanceof NatsRenderException nats) {
      // The exception's message already starts with its place; the report prints the place itself.
      String prefix = nats.source() + ": " + nats.field() + ": ";
      String message =
          nats.getMessage().startsWith(prefix)
              ? nats.getMessage().substring(prefix.length())
              : nats.getMessage();
      return SpecError.error(nats.source(), nats.field(), CANNOT_RENDER + message);
    }
    return SpecError.error(spec.source(), "", CANNOT_RENDER + e.getMessage());
  }
}
