package io.mooring.core.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cozystack's resource presets. The preset's values are limits; as Cozystack does, the CPU request
 * is a tenth of the limit and the memory request equals the limit (memory is not compressible, so
 * asking for less than the limit only invites OOM kills under pressure).
 */
public enum ResourcePreset {
  NANO("nano", "250m", "128Mi"),
  MICRO("micro", "500m", "256Mi"),
  SMALL("small", "1", "512Mi"),
  MEDIUM("medium", "1", "1Gi"),
  LARGE("large", "2", "2Gi"),
  XLARGE("xlarge", "4", "4Gi"),
  XXLARGE("2xlarge", "8", "8Gi");

  public static final ResourcePreset DEFAULT = NANO;

  private final String id;
  // Strings, not Quantity objects: a Quantity is mutable, and one shared by every app of a preset
  // would carry a change made for one app into all the others.
  private final String cpuLimit;
  private final String memoryLimit;

  ResourcePreset(String id, String cpuLimit, String memoryLimit) {
    this.id = id;
    this.cpuLimit = cpuLimit;
    this.memoryLimit = memoryLimit;
  }

  public String id() {
    return id;
  }

  public static Optional<ResourcePreset> fromId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ResourcePreset::id).toList();
  }

  /** The preset's requests and limits, as new objects the caller may keep. */
  public ComputeResources resources() {
    Quantity cpu = new Quantity(cpuLimit);
    BigDecimal millicores = cpu.getNumericalAmount().multiply(BigDecimal.valueOf(1000));
    BigDecimal requestMillis = millicores.divide(BigDecimal.TEN, 0, RoundingMode.CEILING);
    return new ComputeResources(
        new Quantity(requestMillis.toPlainString() + "m"),
        cpu,
        new Quantity(memoryLimit),
        new Quantity(memoryLimit));
  }
}
