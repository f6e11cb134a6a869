package io.mooring.core.spec;

import java.util.Optional;

/**
 * A Redis ACL user the spec declares: its name, its rules as {@code ACL SETUSER} takes them
 * (passwords excluded), and where its password is; without a reference Mooring generates one into a
 * Secret of its own.
 */
public record RedisAclUser(String name, String rules, Optional<SecretKeyRef> passwordSecretRef) {}
