package io.mooring.core.backup;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an app's backup volume holds, as the backup script's {@code list} prints it: its sealed
 * snapshots then its append-only archives, each oldest first, and how many backups or archives
 * failed since the volume was created.
 */
public record BackupCatalogue(List<BackupEntry> entries, long failures) {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  public static final BackupCatalogue EMPTY = new BackupCatalogue(List.of(), 0);

  public BackupCatalogue {
    entries = List.copyOf(entries);
  }

  /** The snapshots, oldest first: what {@code backup: latest} or a backup's name restores. */
  public List<BackupEntry> snapshots() {
    return entries.stream().filter(BackupEntry::snapshot).toList();
  }

  public Optional<BackupEntry> latestSnapshot() {
    return entries.stream()
        .filter(BackupEntry::snapshot)
        .max(Comparator.comparing(BackupEntry::name));
  }

  /**
   * Reads the output of {@code redis-backup.sh list}.
   *
   * @throws BackupException naming the line that is not what the script prints
   */
  public static BackupCatalogue parse(String output) {
    List<BackupEntry> entries = new ArrayList<>();
    long failures = 0;
    int number = 0;
    for (String line : output.lines().toList()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = WHITESPACE.split(line.strip(), -1);
      try {
        if (fields[0].equals("backup") && fields.length == 7) {
          entries.add(
              new BackupEntry(
                  fields[1],
                  Instant.parse(fields[2]),
                  Long.parseLong(fields[3]),
                  fields[4],
                  fields[5],
                  Long.parseLong(fields[6])));
        } else if (fields[0].equals("failures") && fields.length == 2) {
          failures = Long.parseLong(fields[1]);
        } else {
          throw new BackupException("backup list line " + number + " is not understood: " + line);
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new BackupException(
            "backup list line " + number + " has a field that is not a number or time: " + line, e);
      }
    }
    return new BackupCatalogue(entries, failures);
  }
}
