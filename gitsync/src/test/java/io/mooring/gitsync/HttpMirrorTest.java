package io.mooring.gitsync;

import org.junit.jupiter.api.AfterEach;

/** The mirror scenarios against a remote served over git's smart HTTP protocol. */
class HttpMirrorTest extends MirrorScenarios {

  private GitHttpServer server;

  @Override
  String serve(RemoteRepo remote) throws Exception {
    server = GitHttpServer.start();
    server.serve("config.git", remote.repository());
    return server.uri("config.git");
  }

  @Override
  void takeRemoteDown() throws Exception {
    server.close();
  }

  @Override
  int packsSent() {
    return server.packsSent();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }
}
