package io.mooring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the shipped modules import each other, directly or round a loop. Maven already
 * keeps modules acyclic (a module cannot see what it does not depend on); this keeps packages so,
 * which is what lets a package be read, tested and moved on its own. Scans the sources of every
 * module.
 */
class PackageCyclesTest {
  private static final List<String> MODULES =
      List.of("core", "gitsync", "webhook", "daemon", "cli", "sandbox");
  private static final Pattern PACKAGE =
      Pattern.compile("^package (io\\.mooring[\\w.]*);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(io\\.mooring(?:\\.[a-z]\\w*)+)\\.[A-Z]", Pattern.MULTILINE);

  @Test
  void packagesFormNoCycle() throws IOException {
    Map<String, Set<String>> imports = packageImports();
    assertThat(imports).as("packages scanned").hasSizeGreaterThan(15);
    assertThat(cycles(imports)).isEmpty();
  }

  @Test
  void webhookPackageUsesNothingOfTheDaemon() throws IOException {
    Set<String> used = packageImports().getOrDefault("io.mooring.webhook", Set.of());
    assertThat(used)
        .noneMatch(p -> p.startsWith("io.mooring.daemon") || p.startsWith("io.mooring.http"));
  }

  @Test
  void aLoopIsFound() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }

  private static Map<String, Set<String>> packageImports() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String module : MODULES) {
      Path root = Path.of("..", module, "src", "main", "java");
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> sources;
      try (Stream<Path> walk = Files.walk(root)) {
        sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
      }
      for (Path source : sources) {
        String code = Files.readString(source);
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
          continue;
        }
        Set<String> targets = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
        Matcher imported = IMPORT.matcher(code);
        while (imported.find()) {
          if (!imported.group(1).equals(pkg.group(1))) {
            targets.add(imported.group(1));
          }
        }
      }
    }
    return graph;
  }

  /** One loop per package that starts one, as "a -> b -> a"; depth-first with the current path. */
  static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      visit(start, graph, new ArrayDeque<>(), done, found);
    }
    return found;
  }

  private static void visit(
      String node,
      Map<String, Set<String>> graph,
      Deque<String> path,
      Set<String> done,
      List<String> found) {
    if (path.contains(node)) {
      List<String> loop = new ArrayList<>(path);
      loop = new ArrayList<>(loop.subList(loop.indexOf(node), loop.size()));
      loop.add(node);
      found.add(String.join(" -> ", loop));
      return;
    }
    if (!done.add(node)) {
      return;
    }
    path.addLast(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      visit(next, graph, path, done, found);
    }
    path.removeLast();
  }
}
