package io.mooring.gitsync;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Serves repositories over git's smart HTTP protocol on loopback, with JGit's GitServlet in an
 * embedded Jetty. With a username and password it demands HTTP basic authentication, as a Git host
 * does for a private repository. It counts the packs it sends, to tell a clone from a fetch that
 * transferred nothing.
 */
public final class GitHttpServer implements AutoCloseable {

  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final AtomicInteger packsSent = new AtomicInteger();
  private final Server server;

  private GitHttpServer(Server server) {
    this.server = server;
  }

  public static GitHttpServer start() throws Exception {
    return start(null, null);
  }

  static GitHttpServer start(String username, String password) throws Exception {
    Server server =
        new Server(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
    GitHttpServer git = new GitHttpServer(server);
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> git.resolve(name));
    servlet.setUploadPackFactory(
        (request, repository) -> {
          UploadPack upload = new UploadPack(repository);
          upload.setPostUploadHook(statistics -> git.packsSent.incrementAndGet());
          return upload;
        });
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    if (username != null) {
      context.addFilter(
          new FilterHolder(new BasicAuth(username, password)),
          "/*",
          EnumSet.of(DispatcherType.REQUEST));
    }
    server.setHandler(context);
    server.start();
    return git;
  }

  public void serve(String name, Repository repository) {
    repositories.put(name, repository);
  }

  public String uri(String name) {
    return "http://127.0.0.1:" + port() + "/" + name;
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Packs sent to clients: a fetch that finds nothing new sends none. */
  int packsSent() {
    return packsSent.get();
  }

  /** Stops serving, as a remote that went down; stopping twice is harmless. */
  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop the git HTTP server", e);
    }
  }

  private Repository resolve(String name) throws RepositoryNotFoundException {
    Repository repository = repositories.get(name);
    if (repository == null) {
      throw new RepositoryNotFoundException(name);
    }
    repository.incrementOpen();
    return repository;
  }

  private record BasicAuth(String username, String password) implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (expected.equals(((HttpServletRequest) request).getHeader("Authorization"))) {
        chain.doFilter(request, response);
        return;
      }
      HttpServletResponse http = (HttpServletResponse) response;
      http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
      http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }
  }
}
