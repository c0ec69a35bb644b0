package io.lakehouse.engine.iceberg;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import org.apache.iceberg.exceptions.NotFoundException;

/** Recognises failures of Iceberg's readers that mean a file is missing. */
final class Failures {

  private Failures() {}

  /** Whether {@code failure} or one of its causes says a file does not exist. */
  static boolean isMissingFile(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NotFoundException || t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
