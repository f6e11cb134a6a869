/**
 * A bare JGit mirror of the config repository's tracked branch.
 *
 * <p>The daemon opens one {@link io.mooring.gitsync.GitMirror} for a {@link
 * io.mooring.gitsync.GitSource}, calls {@link io.mooring.gitsync.GitMirror#fetch()} on each trigger
 * and reads the files a {@link io.mooring.gitsync.ChangedPaths} names from the new {@link
 * io.mooring.gitsync.Snapshot}, or all of them when it says {@link
 * io.mooring.gitsync.ChangedPaths.Everything}. Files are read from the commit's tree in the object
 * database; nothing is ever checked out. This package knows nothing of what the files mean.
 */
package io.mooring.gitsync;
