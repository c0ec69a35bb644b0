package io.lakehouse.engine.delta;

import io.delta.kernel.exceptions.InvalidTableException;
import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.exceptions.UnsupportedProtocolVersionException;
import io.delta.kernel.exceptions.UnsupportedTableFeatureException;
import io.lakehouse.engine.table.LakeException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Turns Delta Kernel's failures into the engine's user-facing errors, in one place: each names the
 * table (and the version or file involved), says what is wrong and why, and carries the SQLState
 * the JDBC layer reports.
 */
final class DeltaErrors {

  private DeltaErrors() {}

  /**
   * The user-facing error for a failure of Kernel while it reads a table's log or metadata.
   *
   * @param table the table's name
   * @param location the table's location
   * @param what what was being read, such as {@code "version 3"} or {@code "the latest version"}
   * @param failure what Kernel threw
   * @return the error to throw; a {@link LakeException} is returned unchanged
   * @throws RuntimeException {@code failure} itself when it is not a failure of the table but a
   *     defect, so that it is not disguised as one
   */
  static LakeException fromKernel(String table, String location, String what, RuntimeException failure) {
    if (failure instanceof LakeException lake) {
      return lake;
    }
    String subject = "Table '" + table + "' (" + what + ")";
    String reason = reason(failure);
    if (failure instanceof TableNotFoundException) {
      return new LakeException(
          LakeException.UNDEFINED_OBJECT,
          "Table '" + table + "' at " + location + " is not a Delta table: no _delta_log directory with"
              + " commits was found there. Point the table at the directory that holds _delta_log.",
          failure);
    }
    if (failure instanceof UnsupportedProtocolVersionException protocol) {
      return new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          subject + " requires Delta " + protocol.getVersionType().toString().toLowerCase(Locale.ROOT)
              + " protocol version " + protocol.getVersion() + ", which this driver cannot read. Cause: "
              + reason,
          failure);
    }
    if (failure instanceof UnsupportedTableFeatureException feature) {
      return new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED,
          subject + " uses the Delta table feature(s) " + new TreeSet<>(feature.getUnsupportedFeatures())
              + ", which this driver cannot read. Cause: " + reason,
          failure);
    }
    URISyntaxException badUri = find(failure, URISyntaxException.class);
    if (badUri != null) {
      return new LakeException(
          LakeException.INVALID_TABLE,
          subject + " has a file path in its Delta log that is not a valid URI: '" + badUri.getInput() + "' ("
              + badUri.getReason() + "). Delta requires paths in the log to be URI-encoded; the writer of"
              + " this table left characters such as ':' unencoded.",
          failure);
    }
    if (isMissingFile(failure)) {
      return new LakeException(
          LakeException.IO_ERROR,
          subject + ": a file of the Delta log is missing or unreadable: " + reason,
          failure);
    }
    if (failure instanceof KernelEngineException || find(failure, IOException.class) != null) {
      return new LakeException(
          LakeException.IO_ERROR, subject + ": the Delta log cannot be read: " + reason, failure);
    }
    if (failure instanceof KernelException && reason.toLowerCase(Locale.ROOT).contains("unsupported")) {
      return new LakeException(
          LakeException.FEATURE_NOT_SUPPORTED, subject + " uses a Delta feature this driver cannot read: " + reason,
          failure);
    }
    if (failure instanceof InvalidTableException
        || failure instanceof KernelException
        || failure instanceof IllegalStateException
        || failure instanceof IllegalArgumentException) {
      // Kernel reports a log that breaks the protocol (no protocol or metadata action, a gap in the
      // versions) through its own precondition checks as well as through InvalidTableException.
      return new LakeException(
          LakeException.INVALID_TABLE, subject + " has an invalid Delta log: " + reason, failure);
    }
    throw failure;
  }

  /** True when {@code failure} was caused by a file that does not exist. */
  static boolean isMissingFile(Throwable failure) {
    return find(failure, FileNotFoundException.class) != null || find(failure, NoSuchFileException.class) != null;
  }

  /** The message of a failure, looking through wrappers that only repeat their cause. */
  static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
