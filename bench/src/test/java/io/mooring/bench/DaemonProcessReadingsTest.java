package io.mooring.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the daemon-process scenario reads from {@code jcmd}, as a JDK 17 prints it. */
class DaemonProcessReadingsTest {
  @Test
  void nativeMemoryCategoriesAndThreadsAreReadInKib() {
    String summary =
        """
        Native Memory Tracking:

        Total: reserved=1719604KB, committed=368092KB
        -                 Java Heap (reserved=629760KB, committed=176128KB)
                                    (mmap: reserved=629760KB, committed=176128KB)

        -                     Class (reserved=1050213KB, committed=8421KB)
                                    (classes #11021)
        -                    Thread (reserved=60536KB, committed=6160KB)
                                    (thread #59)
                                    (stack: reserved=60280KB, committed=5904KB)
        """;

    assertThat(DaemonProcess.nativeMemoryKib(summary))
        .containsEntry("Java Heap", 176_128L)
        .containsEntry("Class", 8_421L)
        .containsEntry("Thread", 6_160L)
        .containsEntry("threads", 59L)
        .hasSize(4);
    assertThat(DaemonProcessMemory.committedByCategory(DaemonProcess.nativeMemoryKib(summary)))
        .isEqualTo(
            "committed by the JVM (MiB, its native memory tracking): java heap 172, class 8,"
                + " thread 6; 59 threads");
  }

  @Test
  void theLargestClassesOnTheHeapComeFirstUpToTheLimit() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        310221       29465448  [B (java.base@17.0.15)
           2:        178002       11392128  java.util.LinkedHashMap (java.base@17.0.15)
           3:        300110        7202640  java.lang.String (java.base@17.0.15)
        Total       1000000      122000000
        """;

    assertThat(DaemonProcess.largestOnHeap(histogram, 2))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("[B", 29_465_448L),
            org.assertj.core.api.Assertions.entry("java.util.LinkedHashMap", 11_392_128L));
  }
}
