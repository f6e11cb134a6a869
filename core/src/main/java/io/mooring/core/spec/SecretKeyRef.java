package io.mooring.core.spec;

/** One key of a Secret in the app's namespace. */
public record SecretKeyRef(String name, String key) {}
