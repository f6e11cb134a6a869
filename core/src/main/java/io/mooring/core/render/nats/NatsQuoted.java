package io.mooring.core.render.nats;

/**
 * A string that {@link NatsConfWriter} always quotes, even when it reads like a size: a resolver's
 * {@code interval: 2m} is two minutes only when quoted; bare, nats-server reads 2 000 000 and then
 * fails to start because it wanted a string.
 */
record NatsQuoted(String text) {}
