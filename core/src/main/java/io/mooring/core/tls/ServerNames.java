package io.mooring.core.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a server certificate must cover so that clients and peers verify it whichever way they
 * reach the server: each Service (short, namespaced, svc and fully qualified), each pod through the
 * headless Service, and localhost for probes and sidecars inside the pod.
 */
public final class ServerNames {
  private ServerNames() {}

  public static List<String> forStatefulSet(
      String statefulSet,
      int replicas,
      String headlessService,
      List<String> services,
      String namespace,
      String clusterDomain) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> allServices = new LinkedHashSet<>(services);
    allServices.add(headlessService);
    for (String service : allServices) {
      names.add(service);
      names.add(service + "." + namespace);
      names.add(service + "." + namespace + ".svc");
      names.add(service + "." + namespace + ".svc." + clusterDomain);
    }
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String pod = statefulSet + "-" + ordinal;
      names.add(pod + "." + headlessService);
      names.add(pod + "." + headlessService + "." + namespace);
      names.add(pod + "." + headlessService + "." + namespace + ".svc");
      names.add(pod + "." + headlessService + "." + namespace + ".svc." + clusterDomain);
    }
    names.add("localhost");
    return new ArrayList<>(names);
  }
}
