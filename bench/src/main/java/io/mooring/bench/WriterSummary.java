package io.mooring.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link WriterLog} shows about single ownership: how many apps were written by exactly one
 * process, by several or by none, and which objects were written by more than one process.
 *
 * @param appsByOneWriter apps all of whose written objects came from one and the same process
 * @param appsBySeveral apps with objects written by two or more processes
 * @param appsUnwritten apps none of whose objects was written
 * @param appsPerProcess how many apps each process wrote (only those with one writer)
 * @param sharedObjects the objects written by more than one process, with their writers
 * @param foreignObjects objects written that belong to no app of the corpus
 */
record WriterSummary(
    int appsByOneWriter,
    int appsBySeveral,
    int appsUnwritten,
    Map<Integer, Integer> appsPerProcess,
    Map<String, Set<Integer>> sharedObjects,
    List<String> foreignObjects) {

  /**
   * @param writers object key ({@code namespace/resource/name}) to the processes that wrote it
   * @param appOf {@code namespace/name} of every object the corpus renders to its app's path
   * @param apps how many apps the corpus has
   */
  static WriterSummary of(Map<String, Set<Integer>> writers, Map<String, String> appOf, int apps) {
    Map<String, Set<Integer>> byApp = new HashMap<>();
    Map<String, Set<Integer>> shared = new TreeMap<>();
    List<String> foreign = new ArrayList<>();
    writers.forEach(
        (key, by) -> {
          if (by.size() > 1) {
            shared.put(key, by);
          }
          String app = appOf.get(WriterLog.namespacedName(key));
          if (app == null) {
            foreign.add(key);
          } else {
            byApp.computeIfAbsent(app, a -> new HashSet<>()).addAll(by);
          }
        });
    int one = 0;
    int several = 0;
    Map<Integer, Integer> perProcess = new TreeMap<>();
    for (Set<Integer> by : byApp.values()) {
      if (by.size() == 1) {
        one++;
        perProcess.merge(by.iterator().next(), 1, Integer::sum);
      } else {
        several++;
      }
    }
    return new WriterSummary(
        one, several, apps - byApp.size(), perProcess, shared, List.copyOf(foreign));
  }

  /** The process that wrote {@code appPath}'s objects, or -1 when none or several did. */
  static int writerOf(Map<String, Set<Integer>> writers, Map<String, String> appOf, String app) {
    Set<Integer> by = new HashSet<>();
    writers.forEach(
        (key, processes) -> {
          if (app.equals(appOf.get(WriterLog.namespacedName(key)))) {
            by.addAll(processes);
          }
        });
    return by.size() == 1 ? by.iterator().next() : -1;
  }
}
