package io.mooring.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written to hurt the process must cost one error for that file, in bounded memory. Memory is
 * measured as the bytes this thread allocates while parsing, which does not depend on when the
 * garbage collector runs.
 */
class HostileInputTest {
  private static final long ALLOCATION_LIMIT = 32L * 1024 * 1024;
  private final SpecParser parser = SpecParser.standard(SpecParserOptions.defaults());

  @Test
  void billionLaughsIsRejected() throws Exception {
    SpecFile bomb = SpecFile.of("bomb.yaml", billionLaughs(10, 10));

    SpecParseResult result = bounded(() -> parser.parse(List.of(bomb)));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.file()).isEqualTo("bomb.yaml");
              assertThat(error.message()).contains("aliases");
            });
  }

  @Test
  void billionLaughsWithinTheAliasCountIsStoppedByItsExpandedSize() throws Exception {
    // 30 levels of two aliases each: only 60 aliases, but 2^30 nodes once expanded.
    SpecFile bomb = SpecFile.of("doubling.yaml", billionLaughs(30, 2));

    SpecParseResult result = bounded(() -> parser.parse(List.of(bomb)));

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error ->
                assertThat(error.message())
                    .isEqualTo("document expands to more than 100000 nodes through aliases"));
  }

  @Test
  void fiftyMebibyteFileIsRejectedBeforeBeingRead(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    byte[] mebibyte =
        "# padding\n"
            .repeat(1024 * 1024 / 10 + 1)
            .substring(0, 1024 * 1024)
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 50; i++) {
        out.write(mebibyte);
      }
    }

    SpecParseResult fromDisk = bounded(() -> parser.parsePaths(List.of(big)), 1024 * 1024);
    byte[] inMemory = Files.readAllBytes(big);
    SpecParseResult fromMemory =
        bounded(() -> parser.parse(List.of(new SpecFile("big.yaml", inMemory))), 1024 * 1024);

    for (SpecParseResult result : List.of(fromDisk, fromMemory)) {
      assertThat(result.errors())
          .extracting(SpecError::message)
          .containsExactly("file is 52428800 bytes, more than the limit of 1048576 bytes");
    }
  }

  @Test
  void sizeCapIsConfigurable() {
    SpecParser strict = SpecParser.standard(SpecParserOptions.defaults().withMaxFileBytes(64));
    String yaml = "apiVersion: apps.cozystack.io/v1alpha1\nkind: Redis\nmetadata:\n  name: cache\n";

    SpecParseResult result = strict.parse(List.of(SpecFile.of("r.yaml", yaml)));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly(
            "r.yaml:1:1: file is " + yaml.length() + " bytes, more than the limit of 64 bytes");
  }

  @Test
  void deeplyNestedDocumentIsRejected() throws Exception {
    String deep = "a: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
    SpecFile file = SpecFile.of("deep.yaml", deep);

    SpecParseResult result = bounded(() -> parser.parse(List.of(file)));

    assertThat(result.errors())
        .singleElement()
        .satisfies(error -> assertThat(error.message()).contains("too deeply nested"));
  }

  @Test
  void binaryGarbageIsRejected() throws Exception {
    byte[] garbage = new byte[512 * 1024];
    new Random(42).nextBytes(garbage);

    SpecParseResult result =
        bounded(() -> parser.parse(List.of(new SpecFile("blob.yaml", garbage))));

    assertThat(result.errors())
        .singleElement()
        .satisfies(error -> assertThat(error.message()).contains("not UTF-8"));
  }

  @Test
  void tooManyAliasesOfAScalarAreRejected() throws Exception {
    StringBuilder yaml = new StringBuilder("base: &v x\nlist:\n");
    for (int i = 0; i < 150; i++) {
      yaml.append("  - *v\n");
    }

    SpecParseResult result =
        bounded(() -> parser.parse(List.of(SpecFile.of("many.yaml", yaml.toString()))));

    assertThat(result.errors())
        .extracting(SpecError::toString)
        .containsExactly("many.yaml:103:5: document uses more than 100 aliases");
  }

  /** a0: [x, x, ...]; a1: [*a0, *a0, ...]; ... each level {@code width} times the one before. */
  private static String billionLaughs(int levels, int width) {
    StringBuilder yaml =
        new StringBuilder(
            "a0: &a0 ["
                + String.join(", ", java.util.Collections.nCopies(width, "\"lol\""))
                + "]\n");
    for (int level = 1; level < levels; level++) {
      String alias = "*a" + (level - 1);
      yaml.append("a")
          .append(level)
          .append(": &a")
          .append(level)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(width, alias)))
          .append("]\n");
    }
    return yaml.toString();
  }

  private static <T> T bounded(Callable<T> parse) throws Exception {
    return bounded(parse, ALLOCATION_LIMIT);
  }

  private static <T> T bounded(Callable<T> parse, long allocationLimit) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    T result = parse.call();
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(allocated).as("bytes allocated while rejecting").isLessThan(allocationLimit);
    return result;
  }
}
