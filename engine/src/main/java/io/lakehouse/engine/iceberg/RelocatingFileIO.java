package io.lakehouse.engine.iceberg;

import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * A {@link FileIO} that maps every location under a table's recorded location onto where the table
 * lies now. Tables copied from another machine keep the absolute paths of the writer in their
 * metadata, manifest lists and manifests; this reads them in place.
 *
 * <p>Both the reference and the recorded location are normalised before comparing: a
 * {@code scheme:} prefix and an authority are dropped, then leading {@code /} and {@code ./}. A
 * reference under the recorded location is resolved against the actual root; any other reference
 * is left unchanged.
 */
final class RelocatingFileIO implements FileIO {

  private static final long serialVersionUID = 1L;

  private final FileIO delegate;
  private final String recordedLocation;
  private final String actualRoot;

  /**
   * @param delegate the storage's file IO, which this does not own
   * @param recordedLocation the {@code location} in the table metadata
   * @param actualRoot where the table root lies now, without a trailing slash
   */
  RelocatingFileIO(FileIO delegate, String recordedLocation, String actualRoot) {
    this.delegate = delegate;
    this.recordedLocation = normalise(recordedLocation);
    this.actualRoot = actualRoot;
  }

  /** Where a location recorded in the table's metadata lies now. */
  String relocate(String location) {
    String normalised = normalise(location);
    if (recordedLocation.isEmpty()) {
      return actualRoot + "/" + normalised;
    }
    if (normalised.equals(recordedLocation)) {
      return actualRoot;
    }
    if (normalised.startsWith(recordedLocation + "/")) {
      return actualRoot + normalised.substring(recordedLocation.length());
    }
    return location;
  }

  /**
   * Drops a scheme and the authority after it, leading slashes and {@code ./} segments, and
   * trailing slashes. The authority goes too because writers mix {@code hdfs://host:port/a} and
   * {@code /a} for one file within one table.
   */
  static String normalise(String location) {
    String path = location.substring(schemeLength(location));
    if (path.length() < location.length() && path.startsWith("//")) {
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "" : path.substring(slash);
    }
    int start = 0;
    while (start < path.length()) {
      if (path.charAt(start) == '/') {
        start++;
      } else if (path.startsWith("./", start)) {
        start += 2;
      } else {
        break;
      }
    }
    int end = path.length();
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }

  /** The length of a leading {@code scheme:} (RFC 3986 scheme characters), or 0. */
  static int schemeLength(String location) {
    int colon = location.indexOf(':');
    if (colon <= 0 || !Character.isLetter(location.charAt(0))) {
      return 0;
    }
    for (int i = 1; i < colon; i++) {
      char c = location.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return 0;
      }
    }
    return colon + 1;
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate.newInputFile(relocate(path));
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate.newInputFile(relocate(path), length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return delegate.newOutputFile(relocate(path));
  }

  @Override
  public void deleteFile(String path) {
    delegate.deleteFile(relocate(path));
  }

  @Override
  public Map<String, String> properties() {
    return delegate.properties();
  }

  /** The delegate belongs to the connection's storage, which closes it. */
  @Override
  public void close() {}
}
