package io.mooring.core.spec;

/**
 * A document's identity as read from its envelope, with the dialect that maps it. {@code document}
 * is null when the identity is known but the rest of the envelope is wrong: the app is then
 * invalid, not absent.
 */
record Envelope(AppRef ref, SourceLocation nameLocation, Dialect dialect, SpecDocument document) {}
