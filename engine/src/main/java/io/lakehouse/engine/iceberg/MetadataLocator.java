package io.lakehouse.engine.iceberg;

import io.lakehouse.engine.table.LakeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Finds the current metadata file of a table in a Hadoop-style directory. Writers disagree about
 * the version hint: it may be {@code version-hint.text} or {@code version-hint.txt}, hold a version
 * number, a metadata file-name prefix, nothing at all, or be missing. Without a usable hint the
 * highest {@code vN.metadata.json} is current, else the highest catalog-style
 * {@code NNNNN-<id>.metadata.json}.
 */
final class MetadataLocator {

  private static final List<String> HINT_FILES = List.of("version-hint.text", "version-hint.txt");
  private static final Pattern HADOOP_STYLE = Pattern.compile("v(\\d+)(\\.gz)?\\.metadata\\.json");
  private static final Pattern CATALOG_STYLE = Pattern.compile("(\\d+)-.+\\.metadata\\.json");
  private static final String METADATA_SUFFIX = ".metadata.json";

  private final String tableName;
  private final String metadataDir;
  private final FileIO io;

  MetadataLocator(String tableName, String root, FileIO io) {
    this.tableName = tableName;
    this.metadataDir = root + "/metadata";
    this.io = io;
  }

  /**
   * The location of the current metadata file. A version hint that names an existing file is
   * followed by probing for the files after it, without listing the directory: Hadoop's local
   * listing starts a process per file to read its permissions, which every query paid.
   */
  String currentMetadataLocation() {
    Optional<String> hint = readHint();
    if (hint.isPresent() && !hint.get().isEmpty()) {
      Optional<String> probed = probe(hint.get());
      if (probed.isPresent()) {
        return metadataDir + "/" + probed.get();
      }
      return metadataDir + "/" + fromHint(hint.get(), listMetadataFileNames());
    }
    return metadataDir + "/" + highest(listMetadataFileNames());
  }

  /**
   * The current metadata file found from the hint by existence checks alone: the hinted version
   * and the consecutive versions after it, or the file the hint names in full. Empty when that
   * file does not exist, for {@link #fromHint} to decide from a listing.
   */
  private Optional<String> probe(String hint) {
    if (hint.chars().allMatch(Character::isDigit) && hint.length() < 19) {
      long version = Long.parseLong(hint);
      String file = existingVersion(version);
      if (file == null) {
        return Optional.empty();
      }
      // A writer updates the hint after the metadata file, so newer versions may exist.
      for (String next = existingVersion(++version); next != null; next = existingVersion(++version)) {
        file = next;
      }
      return Optional.of(file);
    }
    String named = hint + METADATA_SUFFIX;
    return exists(named) ? Optional.of(named) : Optional.empty();
  }

  private String existingVersion(long version) {
    for (String name : List.of("v" + version + METADATA_SUFFIX, "v" + version + ".gz" + METADATA_SUFFIX)) {
      if (exists(name)) {
        return name;
      }
    }
    return null;
  }

  private boolean exists(String name) {
    try {
      return io.newInputFile(metadataDir + "/" + name).exists();
    } catch (RuntimeException e) {
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot look for the metadata file " + metadataDir + "/" + name + " of table '" + tableName + "': "
              + e.getMessage(),
          e);
    }
  }

  private String fromHint(String hint, List<String> names) {
    if (hint.chars().allMatch(Character::isDigit)) {
      long version = Long.parseLong(hint);
      String file = hadoopStyle(names, version);
      if (file == null) {
        throw invalid(
            "its version hint names version " + hint + " but there is no v" + hint
                + ".metadata.json in " + metadataDir);
      }
      // A writer updates the hint after the metadata file, so newer versions may exist.
      for (String next = hadoopStyle(names, ++version); next != null; next = hadoopStyle(names, ++version)) {
        file = next;
      }
      return file;
    }
    if (names.contains(hint + METADATA_SUFFIX)) {
      return hint + METADATA_SUFFIX;
    }
    List<String> matching = names.stream().filter(n -> n.startsWith(hint)).toList();
    if (matching.size() != 1) {
      throw invalid(
          "its version hint '" + hint + "' matches " + matching.size() + " metadata files in "
              + metadataDir + " instead of one");
    }
    return matching.get(0);
  }

  private static String hadoopStyle(List<String> names, long version) {
    for (String name : names) {
      Matcher m = HADOOP_STYLE.matcher(name);
      if (m.matches() && Long.parseLong(m.group(1)) == version) {
        return name;
      }
    }
    return null;
  }

  private String highest(List<String> names) {
    Optional<String> hadoop = highestMatching(names, HADOOP_STYLE);
    if (hadoop.isPresent()) {
      return hadoop.get();
    }
    return highestMatching(names, CATALOG_STYLE)
        .orElseThrow(() -> notATable(metadataDir + " holds no vN.metadata.json or NNNNN-<id>.metadata.json file"));
  }

  private LakeException notATable(String reason) {
    return new LakeException(
        LakeException.UNDEFINED_OBJECT, "Table '" + tableName + "' is not an Iceberg table: " + reason);
  }

  private static Optional<String> highestMatching(List<String> names, Pattern pattern) {
    return names.stream()
        .map(pattern::matcher)
        .filter(Matcher::matches)
        .max(Comparator.comparingLong((Matcher m) -> Long.parseLong(m.group(1))).thenComparing(m -> m.group()))
        .map(Matcher::group);
  }

  private Optional<String> readHint() {
    for (String hintFile : HINT_FILES) {
      InputFile file = io.newInputFile(metadataDir + "/" + hintFile);
      if (file.exists()) {
        try (InputStream in = file.newStream()) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException | NotFoundException e) {
          throw new LakeException(
              LakeException.IO_ERROR,
              "Cannot read the version hint of table '" + tableName + "' at " + file.location()
                  + ": " + e.getMessage(),
              e);
        }
      }
    }
    return Optional.empty();
  }

  private List<String> listMetadataFileNames() {
    if (!(io instanceof SupportsPrefixOperations listing)) {
      throw new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          "Cannot find the metadata of table '" + tableName + "': the storage for " + metadataDir
              + " cannot list files");
    }
    String prefix = metadataDir + "/";
    List<String> names = new ArrayList<>();
    try {
      for (FileInfo info : listing.listPrefix(prefix)) {
        int slash = info.location().lastIndexOf('/');
        String name = info.location().substring(slash + 1);
        boolean directChild = info.location().substring(0, slash).endsWith("/metadata");
        if (directChild && name.endsWith(METADATA_SUFFIX)) {
          names.add(name);
        }
      }
    } catch (RuntimeException e) {
      if (Failures.isMissingFile(e)) {
        throw notATable("there is no directory " + metadataDir);
      }
      throw new LakeException(
          LakeException.IO_ERROR,
          "Cannot list the metadata directory of table '" + tableName + "' (" + metadataDir + "): "
              + e.getMessage(),
          e);
    }
    return names;
  }

  private LakeException invalid(String problem) {
    return new LakeException(
        LakeException.INVALID_TABLE, "Cannot find the current metadata of table '" + tableName + "': " + problem);
  }
}
