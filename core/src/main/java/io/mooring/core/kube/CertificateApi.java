package io.mooring.core.kube;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.mooring.core.render.common.CertManagerCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cert-manager's Certificates through the API: a custom resource, served only where cert-manager is
 * installed. Addressed by its known group, version and plural rather than by discovery, so that a
 * write to a cluster without cert-manager fails with a 404 that says so.
 */
final class CertificateApi {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateApi.class);

  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(CertManagerCertificate.GROUP)
          .withVersion(CertManagerCertificate.VERSION)
          .withKind(CertManagerCertificate.KIND)
          .withPlural(CertManagerCertificate.PLURAL)
          .withNamespaced(true)
          .build();

  /** Why an app's Certificate could not be written to a cluster that has no such kind. */
  static final String NOT_SERVED =
      "this cluster does not serve cert-manager's "
          + CertManagerCertificate.KIND
          + " ("
          + CertManagerCertificate.API_VERSION
          + "): install cert-manager, or remove tls.issuerRef to have Mooring sign the"
          + " certificates with the namespace's own CA";

  private CertificateApi() {}

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }

  /**
   * Whether the API server lists Certificates among its resources, i.e. cert-manager's CRD is
   * installed. Asked once, when the cache starts: a watch on a kind the server does not serve would
   * never list.
   */
  static boolean served(KubernetesClient client) {
    try {
      APIResourceList resources = client.getApiResources(CertManagerCertificate.API_VERSION);
      return resources != null
          && resources.getResources() != null
          && resources.getResources().stream()
              .anyMatch(
                  r ->
                      CertManagerCertificate.KIND.equals(r.getKind())
                          && CertManagerCertificate.PLURAL.equals(r.getName()));
    } catch (KubernetesClientException e) {
      LOG.info(
          "cert-manager's Certificates are not watched: discovery of {} answered {}",
          CertManagerCertificate.API_VERSION,
          e.getCode());
      return false;
    }
  }
}
