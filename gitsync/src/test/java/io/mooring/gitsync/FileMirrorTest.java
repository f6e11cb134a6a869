package io.mooring.gitsync;

import java.nio.file.Files;

/** The mirror scenarios against a remote reached over file://. */
class FileMirrorTest extends MirrorScenarios {

  @Override
  String serve(RemoteRepo remote) {
    return remote.fileUri();
  }

  @Override
  void takeRemoteDown() throws Exception {
    Files.move(remote.dir(), remote.dir().resolveSibling("moved-away.git"));
  }
}
