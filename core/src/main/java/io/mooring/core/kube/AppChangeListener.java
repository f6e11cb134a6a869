package io.mooring.core.kube;

import io.mooring.core.diff.ObjectKey;
import io.mooring.core.spec.AppRef;

/**
 * Told when a managed object was added, changed or deleted in the cluster. It names the app and the
 * object only, so the receiver can re-diff that one app from the cache; it must return quickly (it
 * runs on the informer's thread).
 */
@FunctionalInterface
public interface AppChangeListener {
  void appChanged(AppRef app, ObjectKey object);
}
