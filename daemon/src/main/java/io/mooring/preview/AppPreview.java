package io.mooring.preview;

import java.util.List;

/**
 * What merging a pull request would do to one app, as the preview comment shows it.
 *
 * @param app {@code kind namespace/name}
 * @param outcome "no change", "changes", "blocked", "invalid" or "error"
 * @param create objects to create
 * @param update objects to update (volume expansions and recreations included)
 * @param prune objects to delete
 * @param retain objects kept although their spec is gone
 * @param risks what a data-service user should look at before merging
 * @param errors why the spec cannot be used, or what failed
 */
public record AppPreview(
    String app,
    String outcome,
    List<String> create,
    List<String> update,
    List<String> prune,
    List<String> retain,
    List<String> risks,
    List<String> errors) {

  public AppPreview {
    create = List.copyOf(create);
    update = List.copyOf(update);
    prune = List.copyOf(prune);
    retain = List.copyOf(retain);
    risks = List.copyOf(risks);
    errors = List.copyOf(errors);
  }

  public boolean invalid() {
    return "invalid".equals(outcome);
  }
}
