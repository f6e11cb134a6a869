package io.mooring.cli;

import io.mooring.core.reconcile.AppRenderer;
import io.mooring.core.render.common.DesiredState;
import io.mooring.core.render.common.LiveSecrets;
import io.mooring.core.render.common.SpecRenderException;
import io.mooring.core.source.SpecSet;
import io.mooring.core.spec.AppRef;
import io.mooring.core.spec.AppSpec;
import io.mooring.core.spec.SpecError;
import io.mooring.core.spec.SpecParseResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Specs read from disk and rendered once. What may be applied and what must be left untouched is
 * the {@link SpecSet}'s to say, as in the daemon; this adds only the render. A spec that reads fine
 * but cannot be rendered is reported like a parse error (file, line, field), so that every command
 * shows both kinds of problems the same way.
 *
 * @param specs what the files say
 * @param renderErrors the error of each app whose spec could not be rendered
 * @param rendered the desired state of every spec that may be applied, by app
 * @param renderer renders again where the cluster holds generated values to reuse
 */
record LoadedSpecs(
    SpecSet specs,
    Map<AppRef, SpecError> renderErrors,
    Map<AppRef, DesiredState> rendered,
    AppRenderer renderer) {
  private static final String CANNOT_RENDER = "cannot render: ";

  static LoadedSpecs of(SpecSet specs, AppRenderer renderer) {
    Map<AppRef, SpecError> renderErrors = new TreeMap<>();
    Map<AppRef, DesiredState> rendered = new TreeMap<>();
    for (AppSpec spec : specs.validSpecs()) {
      try {
        rendered.put(spec.ref(), renderer.render(spec, LiveSecrets.NONE));
      } catch (RuntimeException e) {
        renderErrors.put(spec.ref(), renderError(spec, e));
      }
    }
    return new LoadedSpecs(specs, renderErrors, rendered, renderer);
  }

  /** True when every spec read and rendered. */
  boolean valid() {
    return specs.valid() && renderErrors.isEmpty();
  }

  /** Parse and render problems together, for {@link ValidationReport}. */
  SpecParseResult problems() {
    SpecParseResult parsed = specs.summary();
    List<SpecError> errors = new ArrayList<>(parsed.errors());
    errors.addAll(renderErrors.values());
    return new SpecParseResult(
        parsed.specs(),
        errors,
        parsed.warnings(),
        parsed.invalidRefs(),
        parsed.invalidFiles(),
        parsed.filesRead(),
        parsed.notes());
  }

  /** The specs whose states were rendered, for the reconciler. */
  List<AppSpec> renderedSpecs() {
    return specs.validSpecs().stream().filter(spec -> rendered.containsKey(spec.ref())).toList();
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
   * The apps a sync must leave untouched: those the spec set names (see its rules) and those that
   * could not be rendered.
   */
  Map<AppRef, List<String>> untouched(Collection<AppRef> managed) {
    Map<AppRef, List<String>> untouched = new TreeMap<>(specs.untouched(managed));
    renderErrors.forEach((app, error) -> untouched.putIfAbsent(app, List.of(error.toString())));
    return untouched;
  }

  private static SpecError renderError(AppSpec spec, RuntimeException e) {
    if (e instanceof SpecRenderException refused) {
      return SpecError.error(refused.source(), refused.field(), CANNOT_RENDER + refused.reason());
    }
    return SpecError.error(spec.source(), "", CANNOT_RENDER + e.getMessage());
  }
}
