package io.mooring.gitsync;

import java.util.List;
import java.util.Map;
import org.eclipse.jgit.transport.SshConfigStore;

/**
 * The SSH client configuration Mooring dictates for every host, in place of {@code ~/.ssh/config}:
 * a daemon must not pick up a stray user config that, say, disables host key checking.
 */
final class FixedSshConfig implements SshConfigStore {

  private final HostConfig config;

  FixedSshConfig(GitAuth.SshKey key) {
    Map<String, String> options =
        Map.of(
            "StrictHostKeyChecking",
                key.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW ? "accept-new" : "yes",
            "IdentitiesOnly", "yes",
            "BatchMode", "yes",
            "PreferredAuthentications", "publickey");
    Map<String, List<String>> multi =
        Map.of(
            "IdentityFile", List.of(key.privateKey().toAbsolutePath().toString()),
            "UserKnownHostsFile", List.of(key.knownHosts().toAbsolutePath().toString()),
            "GlobalKnownHostsFile", List.of("none"));
    this.config = new Fixed(options, multi);
  }

  @Override
  public HostConfig lookup(String hostName, int port, String userName) {
    return config;
  }

  @Override
  public HostConfig lookupDefault(String hostName, int port, String userName) {
    return config;
  }

  /** Keys are matched ignoring case, as OpenSSH does. */
  private record Fixed(Map<String, String> options, Map<String, List<String>> multi)
      implements HostConfig {
    @Override
    public String getValue(String key) {
      return options.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(key))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    @Override
    public List<String> getValues(String key) {
      return multi.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(key))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(List.of());
    }

    @Override
    public Map<String, String> getOptions() {
      return options;
    }

    @Override
    public Map<String, List<String>> getMultiValuedOptions() {
      return multi;
    }
  }
}
